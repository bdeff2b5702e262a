package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.admin.protocol.DaemonLocator;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.sandbox.Sandbox;
import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc cluster setup|start|stop|enable|disable`, as pcs has them. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Set up, start and stop the cluster.",
        subcommands = {ClusterCommand.Setup.class, ClusterCommand.Start.class, ClusterCommand.Stop.class,
                ClusterCommand.Enable.class, ClusterCommand.Disable.class})
public final class ClusterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", scope = CommandLine.ScopeType.INHERIT, description = "Which local daemon to talk to (sandbox node name; or HAPC_NODE).")
    String node;

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

    static DaemonClient client(ClusterCommand parent) {
        io.hapc.cli.HapcCommand root = (io.hapc.cli.HapcCommand) parent.spec.root().userObject();
        if (parent.node == null && root.socket().isPresent()) return new DaemonClient(root.socket().get());
        Optional<String> node = Optional.ofNullable(parent.node).or(root::node);
        return new DaemonClient(DaemonLocator.fromEnvironment().socketFor(node));
    }

    static AdminReply call(DaemonClient client, AdminRequest request) {
        try {
            return client.call(request);
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, "cannot reach hapcd at " + client.socket() + " (" + e.getMessage()
                    + "): is it running? Start it with `hapc cluster start` (or `hapc sandbox start` for a local sandbox)");
        }
    }

    @Command(name = "setup", mixinStandardHelpOptions = true, description = "Write this node's cluster configuration (hapcd.conf and the cluster's secret).")
    static final class Setup implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name.")
        String name;

        @Parameters(index = "1..*", paramLabel = "NODE", arity = "1..*", description = "The nodes' names.")
        List<String> nodes;

        @Option(names = "--zookeeper", paramLabel = "HOST:PORT,…", description = "The ZooKeeper ensemble every node reaches (required for more than one machine; one machine alone runs an embedded server).")
        String zookeeper;

        @Option(names = "--config-dir", defaultValue = "/etc/hapc", description = "Where to write (default ${DEFAULT-VALUE}).")
        Path configDir;

        @Option(names = "--force", description = "Overwrite an existing configuration.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new CommandFailure(ExitCodes.INVALID_INPUT, "cluster name '" + name + "': use letters, digits, '-', '_' or '.' (at most 64)");
            }
            for (String n : nodes) {
                if (!n.matches("[A-Za-z0-9_.-]{1,253}")) throw new CommandFailure(ExitCodes.INVALID_INPUT, "node name '" + n + "' is not a host name");
            }
            if (zookeeper == null && nodes.size() > 1) {
                // Each machine would start its own embedded server: separate clusters, each running everything.
                throw new CommandFailure(ExitCodes.INVALID_INPUT, "a cluster of " + nodes.size() + " machines needs a ZooKeeper "
                        + "ensemble they all reach: --zookeeper zk1:2181,zk2:2181,zk3:2181 (the embedded server is for one "
                        + "machine; for several nodes on this machine use hapc sandbox start)");
            }
            Path conf = configDir.resolve("hapcd.conf");
            Path key = configDir.resolve("authkey");
            if (Files.exists(conf) && !force) {
                throw new CommandFailure(ExitCodes.INVALID_INPUT, conf + " exists: this node already belongs to a cluster (--force to overwrite)");
            }
            PrivateFiles.directory(configDir);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            // Created 0600 (a temporary renamed over any old one), never readable by others for a moment.
            PrivateFiles.writeAtomically(key, HexFormat.of().formatHex(secret) + "\n");
            List<String> lines = new ArrayList<>(List.of("# written by hapc cluster setup", "cluster.name=" + name,
                    "cluster.secret.file=" + key));
            lines.add(zookeeper == null ? "# zookeeper.connect=HOST:PORT,… (none: a one-machine cluster with an embedded server)"
                    : "zookeeper.connect=" + zookeeper);
            lines.add("# nodes: " + String.join(" ", nodes));
            PrivateFiles.writeAtomically(conf, String.join("\n", lines) + "\n");
            PrintWriter out = spec.commandLine().getOut();
            out.println("Cluster '" + name + "' configured in " + conf + " (secret " + key + ").");
            out.println("Copy both files to " + String.join(", ", nodes) + " (same paths), then on each node: hapc cluster start");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start hapcd on this node, the named nodes (sandbox) or --all.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @CommandLine.Mixin
        NodeSelection selection;

        @Override
        public Integer call() throws Exception {
            Path dir = DaemonLocator.fromEnvironment().sandboxDir();
            Optional<Sandbox> sandbox = Sandbox.read(dir);
            PrintWriter out = spec.commandLine().getOut();
            if (sandbox.isPresent() && (selection.all || !selection.nodes.isEmpty())) {
                Sandbox s = sandbox.get();
                for (Sandbox.Node n : s.nodes()) {
                    if (!selection.all && !selection.nodes.contains(n.node())) continue;
                    if (Sandbox.alive(n.pid(), n.command())) {
                        out.println(n.node() + ": already running (pid " + n.pid() + ")");
                        continue;
                    }
                    // A sandbox node that died was "fenced": it comes back as after a reboot, with an empty HA_RSCTMP.
                    wipe(n.config().getParent().resolve("rsctmp"));
                    long pid = Sandbox.launch(n.command(), n.log());
                    s = s.withNode(new Sandbox.Node(n.node(), pid, n.socket(), n.config(), n.command(), n.log()));
                    out.println(n.node() + ": started (pid " + pid + ")");
                }
                s.write();
                for (String n : selection.nodes) {
                    if (s.nodes().stream().noneMatch(x -> x.node().equals(n))) {
                        throw new CommandFailure(ExitCodes.INVALID_INPUT, "no node '" + n + "' in the sandbox " + dir);
                    }
                }
                out.flush();
                return ExitCodes.OK;
            }
            if (selection.all || !selection.nodes.isEmpty()) {
                throw new CommandFailure(ExitCodes.INVALID_INPUT, "starting other nodes needs remote administration, which hapc "
                        + "does not have yet: run `hapc cluster start` on each node");
            }
            return systemctl(out, "start");
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the cluster on this node, the named nodes or --all: resources are moved off (or stopped) first.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @CommandLine.Mixin
        NodeSelection selection;

        @Override
        public Integer call() {
            DaemonClient client = client(parent);
            List<String> which = selection.all ? List.of() : selection.nodes;
            if (!selection.all && selection.nodes.isEmpty()) {
                AdminReply info = ClusterCommand.call(client, new AdminRequest.DaemonInfo());
                which = List.of(info.node().orElseThrow(() -> new CommandFailure(ExitCodes.SYSTEM_FAILURE, "hapcd did not say its name")));
            }
            AdminReply r = ClusterCommand.call(client, new AdminRequest.StopNodes(which));
            if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
            spec.commandLine().getOut().println(r.message());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Start hapcd at boot (systemd).")
    static final class Enable implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return systemctl(spec.commandLine().getOut(), "enable");
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Do not start hapcd at boot (systemd).")
    static final class Disable implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return systemctl(spec.commandLine().getOut(), "disable");
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) Files.delete(f);
            }
        }
    }

    static int systemctl(PrintWriter out, String verb) throws IOException, InterruptedException {
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, "systemd is not running here, so `hapc cluster " + verb
                    + "` cannot manage the hapcd service; run bin/hapcd --config /etc/hapc/hapcd.conf yourself, or use `hapc sandbox`");
        }
        Process p = new ProcessBuilder("systemctl", verb, "hapcd.service").inheritIO().start();
        int rc = p.waitFor();
        if (rc != 0) throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, "systemctl " + verb + " hapcd.service failed (" + rc + ")");
        out.println("hapcd: " + verb + " done");
        return ExitCodes.OK;
    }
}
