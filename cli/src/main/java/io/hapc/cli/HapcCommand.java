package io.hapc.cli;

import io.hapc.cli.agents.ResourceCommand;
import io.hapc.cli.agents.StonithCommand;
import io.hapc.cli.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `hapc` command: one subcommand class per admin task. */
@Command(name = "hapc",
        mixinStandardHelpOptions = true,
        versionProvider = HapcCommand.Version.class,
        description = "hapc — high-availability cluster resource manager.",
        subcommands = {
                SimulateCommand.class,
                ResourceCommand.class,
                StonithCommand.class,
                io.hapc.cli.cluster.ClusterCommand.class,
                io.hapc.cli.sandbox.SandboxCommand.class,
                io.hapc.cli.status.StatusCommand.class,
                io.hapc.cli.property.PropertyCommand.class,
                io.hapc.cli.constraint.ConstraintCommand.class,
                io.hapc.cli.node.NodeCommand.class,
                io.hapc.cli.rules.RulesCommand.class,
                io.hapc.cli.config.ConfigCommand.class,
                CommandLine.HelpCommand.class
        })
public final class HapcCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Also before the subcommand (`hapc --node n1 resource create …`), for every command that talks to a daemon.
    @CommandLine.Option(names = "--node", paramLabel = "NAME",
            description = "Talk to this sandbox node's daemon (default: HAPC_NODE, else the system daemon).")
    String node;

    @CommandLine.Option(names = "--socket", paramLabel = "PATH", description = "Talk to the daemon on this socket (default: HAPC_SOCKET).")
    java.nio.file.Path socket;

    /** The --node given before the subcommand, if any. */
    public java.util.Optional<String> node() {
        return java.util.Optional.ofNullable(node);
    }

    /** The --socket given before the subcommand, if any. */
    public java.util.Optional<java.nio.file.Path> socket() {
        return java.util.Optional.ofNullable(socket);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new HapcCommand());
        cl.setExecutionExceptionHandler(new ExitCodes.ExceptionMapper());
        // Scores such as -INFINITY are arguments of the constraint commands, not options.
        cl.getSubcommands().get("constraint").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HapcCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hapc " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
