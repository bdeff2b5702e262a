package io.hapc.agents;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Pacemaker's tools that resource agents call while they run (crm_attribute for promotion scores and
 * node attributes, crm_master, crm_node), as hapc answers them: the directory bin/pacemaker of the
 * installation, put first on the agents' PATH and as HA_SBIN_DIR (ocf-shellfuncs and the agents call
 * "${HA_SBIN_DIR}/crm_attribute"), and the daemon's socket they talk to (HAPC_SOCKET).
 */
public record ClusterTools(Path directory, Path socket) {
    static final String TOOL = "crm_attribute";

    /** What an OCF agent's environment gets. */
    void addTo(Map<String, String> env) {
        env.put("HA_SBIN_DIR", directory.toString());
        env.put("PATH", directory + ":" + env.getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
        env.put("HAPC_SOCKET", socket.toString());
    }

    /**
     * The tools of the installation this code runs from: under {@code home} (the launcher's
     * -Dhapc.home) if given, else found upwards from {@code codeOf}'s jar (cli/target/lib/… in a
     * build tree, /usr/share/hapc/lib/… installed). Empty where there are none (agents then find
     * Pacemaker's own, which need a running Pacemaker).
     */
    public static Optional<ClusterTools> of(Optional<String> home, Class<?> codeOf, Path socket) {
        if (home.isPresent()) return in(Path.of(home.get()), socket);
        try {
            Path p = Path.of(
                    codeOf.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (int up = 0; up < 5 && p != null; up++, p = p.getParent()) {
                Optional<ClusterTools> found = in(p, socket);
                if (found.isPresent()) return found;
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code source to start from
        }
        return Optional.empty();
    }

    private static Optional<ClusterTools> in(Path home, Path socket) {
        Path dir = home.resolve("bin").resolve("pacemaker");
        return Files.isExecutable(dir.resolve(TOOL))
                ? Optional.of(new ClusterTools(dir.toAbsolutePath(), socket.toAbsolutePath()))
                : Optional.empty();
    }
}
