package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.admin.protocol.DaemonLocator;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.sandbox.IsolatedNetwork;
import io.hapc.cli.sandbox.Sandbox;
import io.hapc.cli.sandbox.SandboxHosts;
import io.hapc.cli.sandbox.Sandboxes;
import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
            ClusterCommand.Setup.class,
            ClusterCommand.Start.class,
            ClusterCommand.Stop.class,
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

    @Command(
            name = "setup",
            mixinStandardHelpOptions = true,
            description = {
                "Configure the cluster: when every NODE is "
                        + "authenticated to (`hapc host auth`), hapcd.conf and the cluster's secret are pushed to each through its admin "
                        + "service (each hapcd waiting for a cluster); else this node's files are written (--config-dir)."
            })
    static final class Setup implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name.")
        String name;

        @Parameters(
                index = "1..*",
                paramLabel = "NODE",
                arity = "1..*",
                description =
                        "The nodes' names; with --transport "
                                + "heartbeat each may be followed by addr=IP, once per link (as pcs: n1 addr=10.0.0.1 addr=192.168.7.1 n2 addr=…).")
        List<String> nodes;

        @Option(
                names = "--transport",
                defaultValue = "zookeeper",
                paramLabel = "zookeeper|heartbeat",
                description =
                        "zookeeper (any number of nodes; default) or heartbeat (exactly two nodes, UDP, no ensemble).")
        String transport;

        @Option(
                names = "--zookeeper",
                paramLabel = "HOST:PORT,…",
                description =
                        "The ZooKeeper ensemble every node reaches (required for more than one machine; one machine alone runs an embedded server).")
        String zookeeper;

        @Option(
                names = "--config-dir",
                description = "Write this node's files there (default /etc/hapc), pushing nothing.")
        Path configDir;

        @Option(names = "--force", description = "Overwrite an existing configuration.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "cluster name '" + name + "': use letters, digits, '-', '_' or '.' (at most 64)");
            }
            if (!transport.equals("zookeeper") && !transport.equals("heartbeat")) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "--transport " + transport + ": expected zookeeper or heartbeat");
            }
            boolean heartbeat = transport.equals("heartbeat");
            Map<String, List<String>> addresses = HeartbeatSetup.nodesWithAddresses(nodes, heartbeat);
            List<String> names = List.copyOf(addresses.keySet());
            if (heartbeat) {
                if (zookeeper != null) {
                    throw new CommandFailure(
                            ExitCodes.INVALID_INPUT, "--transport heartbeat needs no ZooKeeper: leave out --zookeeper");
                }
                if (names.size() != 2) {
                    throw new CommandFailure(
                            ExitCodes.INVALID_INPUT,
                            "--transport heartbeat is for exactly two nodes, not " + names.size() + " ("
                                    + String.join(", ", names) + "): for more, use a ZooKeeper ensemble (--zookeeper)");
                }
            }
            if (!heartbeat && zookeeper == null && names.size() > 1) {
                // Each machine would start its own embedded server: separate clusters, each running everything.
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "a cluster of " + nodes.size() + " machines needs a ZooKeeper "
                                + "ensemble they all reach: --zookeeper zk1:2181,zk2:2181,zk3:2181 (the embedded server is for one "
                                + "machine; for several nodes on this machine use hapc sandbox start; for two machines without "
                                + "ZooKeeper: --transport heartbeat)");
            }
            List<String> heartbeatLines = heartbeat ? HeartbeatSetup.settingsLines(addresses) : List.of();
            if (configDir == null) {
                List<String> unknown = ClusterHosts.unknown(names);
                if (unknown.size() < names.size()) {
                    if (!unknown.isEmpty()) {
                        throw new CommandFailure(
                                ExitCodes.INVALID_INPUT,
                                "not authenticated to " + String.join(", ", unknown)
                                        + ": run `hapc host auth " + String.join(" ", unknown)
                                        + "` first, so that the configuration can be "
                                        + "pushed to every node (nothing was written)");
                    }
                    List<String> settings = new ArrayList<>();
                    if (heartbeat)
                        heartbeatLines.stream().filter(l -> !l.startsWith("#")).forEach(settings::add);
                    else if (zookeeper != null) settings.add("zookeeper.connect=" + zookeeper);
                    return AcrossHosts.setup(
                            name,
                            names,
                            settings,
                            force,
                            spec.commandLine().getOut(),
                            spec.commandLine().getErr());
                }
            }
            Path configDir = this.configDir == null ? Path.of("/etc/hapc") : this.configDir;
            Path conf = configDir.resolve("hapcd.conf");
            Path key = configDir.resolve("authkey");
            // A file of comments only (the Debian package's example) configures nothing: not a setup.
            if (Files.exists(conf)
                    && !force
                    && !io.hapc.daemon.config.DaemonConfig.read(conf).isEmpty()) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        conf + " exists: this node already belongs to a cluster (--force to overwrite)");
            }
            PrivateFiles.directory(configDir);
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            // Created 0600 (a temporary renamed over any old one), never readable by others for a moment.
            PrivateFiles.writeAtomically(key, HexFormat.of().formatHex(secret) + "\n");
            List<String> lines = new ArrayList<>(List.of(
                    "# written by hapc cluster setup",
                    "cluster.name=" + name,
                    "cluster.nodes=" + String.join(",", names),
                    "cluster.secret.file=" + key));
            if (heartbeat) {
                lines.addAll(heartbeatLines);
            } else {
                lines.add(
                        zookeeper == null
                                ? "# zookeeper.connect=HOST:PORT,… (none: a one-machine cluster with an embedded server)"
                                : "zookeeper.connect=" + zookeeper);
            }
            PrivateFiles.writeAtomically(conf, String.join("\n", lines) + "\n");
            PrintWriter out = spec.commandLine().getOut();
            out.println("Cluster '" + name + "' configured in " + conf + " (secret " + key + ").");
            out.println("Copy both files to " + String.join(", ", names)
                    + " (same paths), then on each node: hapc cluster start");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description = "Start hapcd on this node, the named nodes (sandbox) or --all.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @CommandLine.Mixin
        NodeSelection selection;

        @Option(
                names = "--timeout-s",
                defaultValue = "60",
                paramLabel = "S",
                description =
                        "How long to wait for the started nodes to join the cluster, in seconds (default ${DEFAULT-VALUE}).")
        long timeoutS;

        @Override
        public Integer call() throws Exception {
            Path dir = Sandboxes.fromEnvironment().resolve(Optional.empty());
            Optional<Sandbox> sandbox = Sandbox.read(dir);
            PrintWriter out = spec.commandLine().getOut();
            io.hapc.cli.HapcCommand root = (io.hapc.cli.HapcCommand) spec.root().userObject();
            // Through the admin services: with --host, or for nodes all authenticated to (--all: the sandbox's, when
            // one is
            // found: `sandbox exec HOST -- hapc cluster start --all` on an isolated sandbox's hosts); a sandbox's own
            // nodes otherwise.
            boolean acrossHosts = root.host().isPresent()
                    || (!selection.all
                            && !selection.nodes.isEmpty()
                            && ClusterHosts.unknown(selection.nodes).isEmpty())
                    || (selection.all
                            && (sandbox.isEmpty()
                                    || ClusterHosts.unknown(sandbox.get().nodes().stream()
                                                    .map(Sandbox.Node::node)
                                                    .toList())
                                            .isEmpty()));
            if (sandbox.isPresent() && !acrossHosts && (selection.all || !selection.nodes.isEmpty())) {
                Sandbox s = sandbox.get();
                Optional<SandboxHosts> hosts =
                        IsolatedNetwork.read(dir).isPresent() ? Optional.of(SandboxHosts.of(dir)) : Optional.empty();
                List<Sandbox.Node> launched = new ArrayList<>();
                for (Sandbox.Node n : s.nodes()) {
                    if (!selection.all && !selection.nodes.contains(n.node())) continue;
                    if (Sandbox.alive(n.pid(), n.command())) {
                        out.println(n.node() + ": already running (pid " + n.pid() + ")");
                        continue;
                    }
                    long pid;
                    if (hosts.isPresent()) {
                        // a host of its own: hapcd boots inside it (its network and mount namespace), never here
                        pid = hosts.get().boot(n.node()).nodes().stream()
                                .filter(x -> x.node().equals(n.node()))
                                .findFirst()
                                .orElseThrow()
                                .pid();
                    } else {
                        // A sandbox node that died was "fenced": it comes back as after a reboot, with an empty
                        // HA_RSCTMP.
                        wipe(n.config().getParent().resolve("rsctmp"));
                        pid = Sandbox.launch(n.command(), n.log());
                    }
                    Sandbox.Node started =
                            new Sandbox.Node(n.node(), pid, n.socket(), n.config(), n.command(), n.log());
                    s = s.withNode(started);
                    launched.add(started);
                    out.println(n.node() + ": starting (pid " + pid + ")");
                    out.flush();
                }
                s.write();
                for (String n : selection.nodes) {
                    if (s.nodes().stream().noneMatch(x -> x.node().equals(n))) {
                        throw new CommandFailure(ExitCodes.INVALID_INPUT, "no node '" + n + "' in the sandbox " + dir);
                    }
                }
                for (Sandbox.Node n : launched) awaitJoined(n, out);
                out.flush();
                return ExitCodes.OK;
            }
            if (selection.all || !selection.nodes.isEmpty()) {
                return AcrossHosts.start(
                        ClusterHosts.select(selection, client(parent)),
                        timeoutS,
                        out,
                        spec.commandLine().getErr());
            }
            // A local hapcd waiting for its cluster (started without one, then set up) is asked to join; else systemd
            // starts it.
            AdminChannel local = client(parent);
            ClusterHosts.HostState state;
            try {
                state = ClusterHosts.state(local);
            } catch (IOException e) {
                return systemctl(out, "start");
            }
            if (state.running()) {
                out.println(state.node() + ": already running");
                out.flush();
                return ExitCodes.OK;
            }
            AdminReply r = ClusterCommand.call(local, new AdminRequest.StartHost());
            if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
            out.println(r.message());
            out.flush();
            return ExitCodes.OK;
        }

        /** "started" only once the node is an online member; a node that dies on the way is an error saying why. */
        private void awaitJoined(Sandbox.Node n, PrintWriter out) throws InterruptedException {
            long begin = System.nanoTime();
            long deadline = begin + java.time.Duration.ofSeconds(timeoutS).toNanos();
            DaemonClient client = new DaemonClient(n.socket());
            while (System.nanoTime() < deadline) {
                if (Sandbox.ended(n.pid())) {
                    throw new CommandFailure(
                            ExitCodes.SYSTEM_FAILURE,
                            n.node() + " (pid " + n.pid() + ") exited before joining the cluster; "
                                    + Sandbox.logTail(n.log(), 15));
                }
                if (Membership.online(client).map(m -> m.contains(n.node())).orElse(false)) {
                    out.printf(
                            "%s: started, an online member after %.1f s%n",
                            n.node(), (System.nanoTime() - begin) / 1e9);
                    out.flush();
                    return;
                }
                Thread.sleep(200);
            }
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    n.node() + " (pid " + n.pid() + ") runs but has not joined the cluster after " + timeoutS
                            + " s (is the DC up? see its log " + n.log() + ")");
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description =
                    "Stop the cluster on this node, the named nodes or --all: resources are moved off (or stopped) first.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterCommand parent;

        @CommandLine.Mixin
        NodeSelection selection;

        @Option(
                names = "--timeout-s",
                defaultValue = "120",
                paramLabel = "S",
                description =
                        "How long to wait for the nodes to move their resources off and stop, in seconds (default ${DEFAULT-VALUE}).")
        long timeoutS;

        @Override
        public Integer call() throws InterruptedException {
            AdminChannel client = client(parent);
            AdminReply info = ClusterCommand.call(client, new AdminRequest.DaemonInfo());
            String self = info.node()
                    .orElseThrow(() -> new CommandFailure(ExitCodes.SYSTEM_FAILURE, "hapcd did not say its name"));
            List<String> which =
                    selection.all ? List.of() : selection.nodes.isEmpty() ? List.of(self) : selection.nodes;
            Set<String> targets =
                    new HashSet<>(which.isEmpty() ? Membership.online(client).orElse(Set.of(self)) : which);
            AdminReply r = stopRequest(client, which);
            PrintWriter out = spec.commandLine().getOut();
            out.println(r.message());
            out.flush();
            // A remote daemon's pid means nothing here: it is gone once it stops answering.
            awaitStopped(client, self, client instanceof DaemonClient ? info.pid() : Optional.empty(), targets, out);
            return ExitCodes.OK;
        }

        /**
         * Asking to stop is idempotent: while the DC changes (exit 5, "try again") it is asked again,
         * within the timeout, instead of leaving the admin to repeat it.
         */
        private AdminReply stopRequest(AdminChannel client, List<String> which) throws InterruptedException {
            long deadline =
                    System.nanoTime() + java.time.Duration.ofSeconds(timeoutS).toNanos();
            while (true) {
                AdminReply r = ClusterCommand.call(client, new AdminRequest.StopNodes(which));
                if (r.ok()) return r;
                if (r.exitCode() != ExitCodes.SYSTEM_FAILURE || System.nanoTime() > deadline) {
                    throw new CommandFailure(r.exitCode(), r.message());
                }
                Thread.sleep(500);
            }
        }

        /** Returns once every target has left the membership and, if this daemon was one, it has exited. */
        private void awaitStopped(
                AdminChannel client, String self, Optional<Long> selfPid, Set<String> targets, PrintWriter out)
                throws InterruptedException {
            long begin = System.nanoTime();
            long deadline = begin + java.time.Duration.ofSeconds(timeoutS).toNanos();
            Set<String> others = new HashSet<>(targets);
            others.remove(self);
            Set<String> pending = new HashSet<>(targets);
            while (System.nanoTime() < deadline) {
                Optional<Set<String>> online = Membership.online(client);
                if (online.isPresent()) others.removeIf(n -> !online.get().contains(n));
                boolean selfGone =
                        !targets.contains(self) || selfPid.map(Sandbox::ended).orElse(online.isEmpty());
                // once this daemon is gone nobody here can see the others: they were told to stop before it
                if (selfGone && (others.isEmpty() || online.isEmpty())) {
                    out.printf(
                            "Stopped: %s (%.1f s)%n",
                            String.join(", ", new java.util.TreeSet<>(targets)), (System.nanoTime() - begin) / 1e9);
                    out.flush();
                    return;
                }
                pending = new HashSet<>(others);
                if (!selfGone) pending.add(self);
                Thread.sleep(200);
            }
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "still running after " + timeoutS + " s: " + String.join(", ", new java.util.TreeSet<>(pending))
                            + " (their resources may still be stopping; see `hapc status`)");
        }
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
