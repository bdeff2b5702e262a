package io.hapc.cli.daemon;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Mixin of the root command, inherited by every subcommand: which local hapcd a command talks to.
 * Declared once, so `hapc --node n1 status` and `hapc status --node n1` are the same option.
 */
public final class DaemonTarget {
    @Option(
            names = "--node",
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "Talk to this sandbox node's daemon (default: HAPC_NODE, else the system daemon).")
    String node;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            scope = ScopeType.INHERIT,
            description = "Talk to the daemon listening on this socket (default: HAPC_SOCKET).")
    Path socket;

    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    public Optional<Path> socket() {
        return Optional.ofNullable(socket);
    }
}
