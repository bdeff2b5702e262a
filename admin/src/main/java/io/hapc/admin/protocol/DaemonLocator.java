package io.hapc.admin.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the socket of the daemon a command talks to. In order: HAPC_SOCKET; with a node name
 * (--node or HAPC_NODE), that node's socket in the sandbox directory (HAPC_SANDBOX_DIR, else the
 * directory the last `hapc sandbox start` recorded, else the default sandbox directory); without
 * one, the system daemon's socket.
 */
public final class DaemonLocator {
    public static final Path SYSTEM_SOCKET = Path.of("/run/hapc/hapcd.sock");
    public static final String SOCKET_FILE = "hapcd.sock";

    private final Map<String, String> env;

    public DaemonLocator(Map<String, String> env) {
        this.env = env;
    }

    public static DaemonLocator fromEnvironment() {
        return new DaemonLocator(System.getenv());
    }

    /** Where `hapc sandbox start` without --dir puts the sandbox. */
    public Path defaultSandboxDir() {
        String user = env.getOrDefault("USER", "root");
        return Path.of(env.getOrDefault("TMPDIR", "/tmp"), "hapc-sandbox-" + user);
    }

    /** The file in which `sandbox start` records its directory, so later commands find it. */
    public Path sandboxPointer() {
        String home = env.getOrDefault("HOME", "/tmp");
        return Path.of(home, ".cache", "hapc", "sandbox-dir");
    }

    public Path sandboxDir() {
        String explicit = env.get("HAPC_SANDBOX_DIR");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        Path pointer = sandboxPointer();
        try {
            if (Files.isRegularFile(pointer)) {
                String dir = Files.readString(pointer).trim();
                if (!dir.isEmpty()) return Path.of(dir);
            }
        } catch (IOException e) {
            // unreadable pointer: fall back to the default directory
        }
        return defaultSandboxDir();
    }

    public Path socketFor(Optional<String> nodeOption) {
        String socket = env.get("HAPC_SOCKET");
        if (socket != null && !socket.isBlank()) return Path.of(socket);
        Optional<String> node = nodeOption.or(() -> Optional.ofNullable(env.get("HAPC_NODE")).filter(s -> !s.isBlank()));
        if (node.isPresent()) return sandboxDir().resolve(node.get()).resolve(SOCKET_FILE);
        return SYSTEM_SOCKET;
    }
}
