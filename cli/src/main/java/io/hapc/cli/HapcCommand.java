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
                CommandLine.HelpCommand.class
        })
public final class HapcCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
