package io.hapc.cli;

import io.hapc.cli.agents.ResourceCommand;
import io.hapc.cli.agents.StonithCommand;
import io.hapc.cli.simulate.SimulateCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The `hapc` command: one subcommand class per admin task. The subcommands are added in code, not
 * listed in the annotation, so that a run builds only the command it runs: picocli's model of the
 * ~100 commands costs more than the JVM's own start (see bench/README.md, "CLI start-up").
 */
@Command(
        name = "hapc",
        mixinStandardHelpOptions = true,
        versionProvider = HapcCommand.Version.class,
        description = "hapc — high-availability cluster resource manager.")
public final class HapcCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // --node/--socket, before the subcommand or after it: declared once here, inherited by every subcommand.
    @CommandLine.Mixin
    io.hapc.cli.daemon.DaemonTarget target = new io.hapc.cli.daemon.DaemonTarget();

    @CommandLine.Option(
            names = "--host",
            paramLabel = "NODE",
            description =
                    "Send the command to NODE's admin service, authenticated to with `hapc host auth` (default: HAPC_HOST; else the local daemon).")
    String host;

    /** The remote node commands go to (--host, else HAPC_HOST), if any. */
    public java.util.Optional<String> host() {
        return java.util.Optional.ofNullable(host)
                .or(() -> java.util.Optional.ofNullable(System.getenv("HAPC_HOST"))
                        .filter(h -> !h.isBlank()));
    }

    /** The --node given, if any. */
    public java.util.Optional<String> node() {
        return target.node();
    }

    /** The --socket given, if any. */
    public java.util.Optional<java.nio.file.Path> socket() {
        return target.socket();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The top-level commands, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(
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
            io.hapc.cli.host.HostCommand.class,
            io.hapc.cli.acl.AclCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        // Pacemaker's tools for agents (bin/pacemaker/crm_attribute …) have their own options, not hapc's.
        if (io.hapc.cli.pacemaker.PacemakerTools.handles(args))
            System.exit(io.hapc.cli.pacemaker.PacemakerTools.run(args, System.getenv()));
        System.exit(commandLineFor(args).execute(args));
    }

    /** Every command, fully built (tests, documentation, commands run from inside another). */
    public static CommandLine newCommandLine() {
        CommandLine cl = root();
        for (Class<?> c : COMMANDS) add(cl, c);
        return cl;
    }

    /**
     * The commands `args` need: the one named fully built, the others only as a name and a line of
     * help (all that the root's help and its "did you mean" use). `help` builds everything.
     */
    public static CommandLine commandLineFor(String[] args) {
        Optional<String> named = commandName(args);
        if (named.isPresent() && named.get().equals("help")) return newCommandLine();
        CommandLine cl = root();
        for (Class<?> c : COMMANDS) {
            Command a = c.getAnnotation(Command.class);
            boolean wanted = named.isPresent()
                    && (a.name().equals(named.get())
                            || Arrays.asList(a.aliases()).contains(named.get()));
            if (wanted) {
                add(cl, c);
            } else {
                CommandSpec stub = CommandSpec.create().name(a.name()).aliases(a.aliases());
                stub.usageMessage().header(a.header()).description(a.description());
                stub.usageMessage().hidden(a.hidden());
                cl.addSubcommand(a.name(), new CommandLine(stub));
            }
        }
        return cl;
    }

    /** The first argument that is not one of the root's options: the command's name. */
    static Optional<String> commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--node") || a.equals("--socket") || a.equals("--host"))) {
                i++;
                continue;
            }
            if (a.startsWith("-")) continue;
            return Optional.of(a);
        }
        return Optional.empty();
    }

    private static CommandLine root() {
        CommandLine cl = new CommandLine(new HapcCommand());
        cl.setExecutionExceptionHandler(new ExitCodes.ExceptionMapper());
        return cl;
    }

    private static void add(CommandLine root, Class<?> command) {
        CommandLine sub = new CommandLine(command);
        // Scores such as -INFINITY are arguments of the constraint commands, not options.
        if (command == io.hapc.cli.constraint.ConstraintCommand.class) sub.setUnmatchedOptionsArePositionalParams(true);
        root.addSubcommand(sub.getCommandName(), sub);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HapcCommand.class.getPackage().getImplementationVersion();
            return new String[] {"hapc " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
