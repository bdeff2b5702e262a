package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.admin.protocol.DaemonLocator;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.sandbox.Sandboxes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc cluster setup|start|stop|status|enable|disable`, as pcs has them; `cib-sync` for two-node clusters. */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "Set up, start and stop the cluster.",
        subcommands = {
            ClusterSetupCommand.class,
            ClusterStartCommand.class,
            ClusterStopCommand.class,
            ClusterCommand.StatusCmd.class,
            ClusterCommand.Enable.class,
            ClusterCommand.Disable.class,
            ClusterCommand.Destroy.class,
            ClusterNodeCommand.class,
            CibSync.class
        })
public final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** `--all` or NODE…: which nodes a start or stop is for (neither: this node). */
    static final class NodeSelection {
        @Option(names = "--all", description = "Every node of the cluster.")
        boolean all;

        @Parameters(paramLabel = "NODE", arity = "0..*", description = "These nodes.")
        List<String> nodes = new ArrayList<>();
    }

    static AdminChannel client(ClusterCommand parent) {
        io.hapc.cli.HapcCommand root =
                (io.hapc.cli.HapcCommand) parent.spec.root().userObject();
        if (root.host().isPresent())
            return io.hapc.cli.host.RemoteHosts.channel(root.host().get());
        if (root.node().isEmpty() && root.socket().isPresent())
            return new DaemonClient(root.socket().get());
        Optional<String> node = root.node();
        return new DaemonClient(DaemonLocator.fromEnvironment()
                .socketFor(node, () -> Sandboxes.fromEnvironment().resolve(Optional.empty())));
    }

    static AdminReply call(AdminChannel client, AdminRequest request) {
        return io.hapc.cli.daemon.DaemonOptions.call(client, request);
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The cluster's status (as `hapc status`).")
    static final class StatusCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @Option(names = "--full", description = "Also node attributes, fail counts and operation history.")
        boolean full;

        @Override
        public Integer call() {
            AdminChannel channel = client(parent);
            List<String> args = new ArrayList<>(
                    channel instanceof DaemonClient local
                            ? List.of("--socket", local.socket().toString(), "status")
                            : List.of(
                                    "--host",
                                    ((io.hapc.cli.HapcCommand) spec.root().userObject())
                                            .host()
                                            .orElseThrow(),
                                    "status"));
            if (full) args.add("--full");
            java.io.StringWriter text = new java.io.StringWriter();
            CommandLine status = io.hapc.cli.HapcCommand.commandLineFor(args.toArray(String[]::new));
            status.setOut(new PrintWriter(text));
            status.setErr(spec.commandLine().getErr());
            int rc = status.execute(args.toArray(String[]::new));
            PrintWriter out = spec.commandLine().getOut();
            if (rc == 0) {
                out.println("Cluster Status:");
                text.toString().lines().forEach(l -> out.println(l.isEmpty() ? l : " " + l));
            }
            out.flush();
            return rc;
        }
    }

    @Command(
            name = "enable",
            mixinStandardHelpOptions = true,
            description =
                    "Start hapcd at boot (systemd), on this node, the named nodes or --all (through their admin services).")
    static final class Enable implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @CommandLine.Mixin
        NodeSelection selection;

        @Override
        public Integer call() throws Exception {
            if (selection.all || !selection.nodes.isEmpty()) {
                return AcrossHosts.boot(
                        ClusterHosts.select(selection, client(parent)),
                        true,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            return systemctl(spec.commandLine().getOut(), "enable");
        }
    }

    @Command(
            name = "disable",
            mixinStandardHelpOptions = true,
            description = "Do not start hapcd at boot (systemd), on this node, the named nodes or --all.")
    static final class Disable implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @CommandLine.Mixin
        NodeSelection selection;

        @Override
        public Integer call() throws Exception {
            if (selection.all || !selection.nodes.isEmpty()) {
                return AcrossHosts.boot(
                        ClusterHosts.select(selection, client(parent)),
                        false,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            return systemctl(spec.commandLine().getOut(), "disable");
        }
    }

    @Command(
            name = "destroy",
            mixinStandardHelpOptions = true,
            description = {
                "Stop hapcd and remove the cluster's configuration "
                        + "(hapcd.conf, authkey) and state (the CIB, journals) on this node (its hapcd, or --host NODE's) or --all nodes "
                        + "(through their admin services). Each hapcd then waits for a new `cluster setup`; admin identities, passwords and "
                        + "tokens stay. Asks for --force, as pcs does."
            })
    static final class Destroy implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @Option(names = "--all", description = "Every node of the cluster.")
        boolean all;

        @Option(names = "--force", description = "Yes, destroy (without it nothing is done).")
        boolean force;

        @Option(
                names = "--timeout-s",
                defaultValue = "120",
                paramLabel = "S",
                description = "How long to wait for the nodes to stop (default ${DEFAULT-VALUE}).")
        long timeoutS;

        @Override
        public Integer call() throws InterruptedException {
            AdminChannel first = client(parent);
            List<String> nodes;
            if (all) {
                NodeSelection s = new NodeSelection();
                s.all = true;
                nodes = ClusterHosts.select(s, first);
            } else {
                nodes = List.of();
            }
            String where = all ? String.join(", ", nodes) : first.describe();
            if (!force) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "this stops the cluster and removes its configuration and state "
                                + "(the CIB: every resource and constraint) on " + where
                                + ", for good: run it again with --force "
                                + "if that is what you want (nothing was done)");
            }
            return all
                    ? AcrossHosts.destroy(
                            nodes,
                            first,
                            timeoutS,
                            spec.commandLine().getOut(),
                            spec.commandLine().getErr())
                    : AcrossHosts.destroy(
                            List.of(),
                            first,
                            timeoutS,
                            spec.commandLine().getOut(),
                            spec.commandLine().getErr());
        }
    }

    static void wipe(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) Files.delete(f);
            }
        }
    }

    static int systemctl(PrintWriter out, String verb) throws IOException, InterruptedException {
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "systemd is not running here, so `hapc cluster " + verb
                            + "` cannot manage the hapcd service; run hapcd --config /etc/hapc/hapcd.conf yourself (bin/hapcd in a build tree), or use `hapc sandbox`");
        }
        Process p = new ProcessBuilder("systemctl", verb, "hapcd.service")
                .inheritIO()
                .start();
        int rc = p.waitFor();
        if (rc != 0)
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE, "systemctl " + verb + " hapcd.service failed (" + rc + ")");
        out.println("hapcd: " + verb + " done");
        return ExitCodes.OK;
    }
}
