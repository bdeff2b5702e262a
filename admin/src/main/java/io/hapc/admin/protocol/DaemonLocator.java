package io.hapc.admin.protocol;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the socket of the daemon a command talks to. In order: HAPC_SOCKET; with a node name
 * (--node or HAPC_NODE), that node's socket in the sandbox's directory; without one, the system
 * daemon's socket.
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

    /** `sandboxDir` is asked only when a node is named: which sandbox that is, is the CLI's business. */
    public Path socketFor(Optional<String> nodeOption, Supplier<Path> sandboxDir) {
        String socket = env.get("HAPC_SOCKET");
        if (socket != null && !socket.isBlank()) return Path.of(socket);
        Optional<String> node =
                nodeOption.or(() -> Optional.ofNullable(env.get("HAPC_NODE")).filter(s -> !s.isBlank()));
        if (node.isPresent()) return sandboxDir.get().resolve(node.get()).resolve(SOCKET_FILE);
        return SYSTEM_SOCKET;
    }
}
