package io.hapc.cli.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this machine can give each sandbox node a host of its own (network and mount namespaces),
 * and if not, why: the sandbox is isolated by default when it can be, shared otherwise.
 */
final class IsolationSupport {
    private IsolationSupport() {}

    /** The tools an isolated sandbox runs, and the Debian package of each. */
    private static final List<List<String>> TOOLS = List.of(
            List.of("ip", "iproute2"),
            List.of("unshare", "util-linux"),
            List.of("nsenter", "util-linux"),
            List.of("setsid", "util-linux"));

    /** Empty when the sandbox can be isolated here; otherwise what is missing, in words a user can act on. */
    static Optional<String> unavailable() {
        if (!ProcessHandle.current().info().user().map("root"::equals).orElse(false)) {
            return Optional.of("not running as root (network and mount namespaces need it)");
        }
        Optional<Path> hidden = hiddenInstallation();
        if (hidden.isPresent()) {
            return Optional.of("hapc runs from " + hidden.get() + ", directly in a directory every host mounts "
                    + "privately (/tmp, /var/tmp): its hapcd would not find its jar there; unpack hapc in a directory "
                    + "of its own for hosts");
        }
        for (List<String> tool : TOOLS) {
            if (onPath(tool.get(0)).isEmpty()) {
                return Optional.of("`" + tool.get(0) + "` not found (apt-get install -y " + tool.get(1) + ")");
            }
        }
        // What an isolated host needs, tried once on nothing that stays: a container may forbid it even to root.
        NetworkNamespaces.Result probe = NetworkNamespaces.run(
                List.of("unshare", "--net", "--mount", "--uts", "--propagation", "private", "true"));
        if (probe.rc() != 0) {
            return Optional.of("namespaces cannot be made here (`unshare --net --mount --uts`: "
                    + probe.err().strip() + ")");
        }
        NetworkNamespaces.Result netns = NetworkNamespaces.run(List.of("ip", "netns", "list"));
        if (netns.rc() != 0)
            return Optional.of("`ip netns` does not work here (" + netns.err().strip() + ")");
        return Optional.empty();
    }

    /** The jar this runs from, when it lies directly in /tmp or /var/tmp: no directory of its own to carry into hosts. */
    private static Optional<Path> hiddenInstallation() {
        return runningJar()
                .filter(jar -> PRIVATE_TMP.stream()
                        .anyMatch(tmp -> jar.startsWith(tmp) && jar.getNameCount() == tmp.getNameCount() + 1));
    }

    /** The directories every host mounts privately (tmpfs over them). */
    private static final List<Path> PRIVATE_TMP = List.of(Path.of("/tmp"), Path.of("/var/tmp"));

    /**
     * The directory right under /tmp or /var/tmp that holds this installation (a fresh clone in /tmp/hapc, say),
     * which each host binds again over its private /tmp so that its hapcd finds its jars; empty when the
     * installation lies elsewhere.
     */
    static Optional<Path> installationUnderPrivateTmp() {
        return runningJar()
                .flatMap(jar -> PRIVATE_TMP.stream()
                        .filter(tmp -> jar.startsWith(tmp) && jar.getNameCount() > tmp.getNameCount() + 1)
                        .map(tmp -> tmp.resolve(jar.getName(tmp.getNameCount())))
                        .findFirst());
    }

    private static Optional<Path> runningJar() {
        try {
            return Optional.of(Path.of(IsolationSupport.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toRealPath());
        } catch (Exception e) {
            return Optional.empty(); // no code source to tell: try to isolate
        }
    }

    private static Optional<Path> onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String d : path.split(":")) {
            if (d.isBlank()) continue;
            Path p = Path.of(d, tool);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
