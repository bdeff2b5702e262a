package io.hapc.cli.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.admin.protocol.DaemonLocator;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.OutputFormat;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.report.ClusterStates;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.files.PrivateFiles;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hapc sandbox start|status|stop`: a real cluster of hapcd processes on this machine, for trying hapc out. */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = "A local cluster: an embedded ZooKeeper and N hapcd processes on this machine.",
        subcommands = {
            SandboxCommand.Start.class,
            SandboxCommand.StatusCmd.class,
            SandboxCommand.Stop.class,
            SandboxHostCommands.Exec.class,
            SandboxHostCommands.Crash.class,
            SandboxHostCommands.PowerOn.class
        })
public final class SandboxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path dirOr(Path dir) {
        return Sandboxes.fromEnvironment().resolve(Optional.ofNullable(dir));
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description =
                    "Start an embedded ZooKeeper and N hapcd nodes; returns once all are online and a DC is elected.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--nodes", defaultValue = "3", description = "How many nodes (default ${DEFAULT-VALUE}).")
        int nodes;

        @Option(
                names = "--dir",
                description =
                        "Where the sandbox keeps its state and logs (default: ${sys:java.io.tmpdir}/hapc-sandbox-$USER).")
        Path dir;

        @Option(
                names = "--session-timeout-ms",
                description =
                        "How long a silent node is given before it is fenced: the ZooKeeper session timeout (default 5000), "
                                + "or with --transport heartbeat the deadtime (default 2000 with keepalive 200; given, keepalive is a fifth of it, warntime half).")
        Long sessionTimeoutMs;

        @Option(
                names = "--transport",
                defaultValue = "zookeeper",
                paramLabel = "zookeeper|heartbeat",
                description =
                        "zookeeper (an embedded server; default) or heartbeat (exactly two nodes over UDP on loopback, or with --isolate "
                                + "on the hosts' own addresses).")
        String transport;

        @Option(names = "--no-demo", description = "Start with an empty configuration instead of the demo resources.")
        boolean noDemo;

        @Option(
                names = "--timeout-s",
                defaultValue = "90",
                paramLabel = "S",
                description = "How long to wait for the cluster to form, in seconds (default ${DEFAULT-VALUE}).")
        long timeoutS;

        @Option(
                names = "--isolate",
                description = "Each node a host of its own: its own network namespace on a bridge (addresses from "
                        + "--subnet), its own mount namespace (private /run, /tmp, /var/log), plus a client namespace; `sandbox crash` and "
                        + "fence_hapc_sandbox power hosts off. Needs root.")
        boolean isolate;

        @Option(
                names = "--unconfigured",
                description = "With --isolate: hosts as machines before `pcs host auth` and `pcs cluster "
                        + "setup`: each hapcd runs its admin service (port 2224 on the host's address) and waits for `hapc cluster setup`; "
                        + "no cluster, no demo (README: the walkthrough).")
        boolean unconfigured;

        @Option(
                names = "--subnet",
                paramLabel = "CIDR",
                defaultValue = Subnet.DEFAULT,
                description =
                        "With --isolate: the hosts' subnet (default ${DEFAULT-VALUE}; bridge .1, nodes .11 up, client .200, demo floating IP .100).")
        String subnet;

        @Override
        public Integer call() throws Exception {
            if (nodes < 1 || nodes > 32)
                throw new CommandFailure(ExitCodes.INVALID_INPUT, "--nodes " + nodes + ": expected 1 to 32");
            if (!transport.equals("zookeeper") && !transport.equals("heartbeat")) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "--transport " + transport + ": expected zookeeper or heartbeat");
            }
            if (transport.equals("heartbeat") && nodes != 2) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "--transport heartbeat is for exactly two nodes, not " + nodes
                                + ": use --nodes 2, or the zookeeper transport for more");
            }
            // A new sandbox goes where it was asked, or to the default place: not where the last one was.
            Path base = dir != null
                    ? dir.toAbsolutePath()
                    : Sandboxes.fromEnvironment().defaultDir();
            Optional<Sandbox> existing = Sandbox.read(base);
            if (existing.isPresent()
                    && existing.get().nodes().stream().anyMatch(n -> Sandbox.alive(n.pid(), n.command()))) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "a sandbox is already running in " + base + ": `hapc sandbox stop"
                                + (dir != null ? " --dir " + base : "") + "` first, or use --dir");
            }
            if (unconfigured && !isolate) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "--unconfigured is for hosts of their own: add --isolate (root)");
            }
            if (unconfigured && transport.equals("heartbeat")) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "--unconfigured: the transport is chosen by `hapc cluster setup` "
                                + "(--transport heartbeat there), not here");
            }
            Optional<Subnet> isolated = isolate ? Optional.of(Subnet.parse(subnet)) : Optional.empty();
            SandboxLauncher launcher =
                    new SandboxLauncher(base, spec.commandLine().getErr());
            launcher.clearPrevious();
            Sandbox sandbox = isolated.isPresent()
                    ? new IsolatedSandboxStart(launcher, base)
                            .start(
                                    nodes,
                                    sessionTimeoutMs,
                                    transport.equals("heartbeat"),
                                    isolated.get(),
                                    Duration.ofSeconds(timeoutS),
                                    unconfigured)
                    : launcher.start(
                            nodes, sessionTimeoutMs, Duration.ofSeconds(timeoutS), transport.equals("heartbeat"));
            Sandboxes.fromEnvironment().register(base);
            PrintWriter out = spec.commandLine().getOut();
            if (unconfigured) {
                printWalkthrough(sandbox, base, out);
                return ExitCodes.OK;
            }
            if (!noDemo) {
                try {
                    launcher.demo(sandbox, spec.commandLine().getErr());
                } catch (RuntimeException e) {
                    launcher.stop(
                            sandbox, Duration.ofSeconds(timeoutS)); // nothing left running that the user did not get
                    IsolatedSandboxStart.teardown(base);
                    throw e;
                }
            }
            String first = sandbox.nodes().get(0).node();
            out.println("hapc sandbox: " + nodes + " nodes running in " + base
                    + (transport.equals("heartbeat")
                            ? " (heartbeat transport over UDP"
                                    + (isolate ? " on the hosts' addresses)" : " on 127.0.0.1)")
                            : " (ZooKeeper pid " + sandbox.zookeeper().pid() + ")"));
            Optional<IsolatedNetwork> net = IsolatedNetwork.read(base);
            for (Sandbox.Node n : sandbox.nodes()) {
                out.println("  " + n.node() + "  pid " + n.pid() + "  socket " + n.socket()
                        + metricsUrl(n).map(u -> "  metrics " + u).orElse("")
                        + net.map(x -> "  host " + x.host(n.node()).address() + " (netns "
                                        + x.host(n.node()).namespace() + ")")
                                .orElse(""));
            }
            net.ifPresent(x -> out.println("  client  " + x.client().address() + " (netns "
                    + x.client().namespace() + ")"));
            out.println();
            out.println("Try:");
            out.println("  HAPC_NODE=" + first + " bin/hapc status");
            out.println("  bin/hapc --node " + first + " node standby " + first + "      # watch its resources move");
            out.println("  bin/hapc --node " + first
                    + " resource create MyRsc ocf:heartbeat:Dummy op monitor interval=10s");
            out.println("  bin/hapc sandbox status" + (dir != null ? " --dir " + base : "")
                    + "                            # each node's pid and what it runs");
            if (net.isPresent()) {
                String sb = dir != null ? " --dir " + base : "";
                out.println("  bin/hapc sandbox exec client" + sb + " -- curl -s http://"
                        + Subnet.parse(net.get().subnet()).floatingIp() + "/");
                out.println(
                        "  bin/hapc sandbox crash" + sb
                                + " <node running WebServer>     # power loss: the host is fenced, its resources restart elsewhere");
                out.println(
                        "  bin/hapc sandbox power-on" + sb + " <that node>                  # it boots and rejoins");
            } else if (noDemo) {
                out.println(
                        "  kill -9 <pid of a node>                            # it is fenced, its resources restart elsewhere");
            } else {
                out.println(
                        "  kill -9 <pid of the node that runs WebServer>     # it is fenced, its resources restart elsewhere");
            }
            metricsUrl(sandbox.nodes().get(0))
                    .ifPresent(u -> out.println("  open " + u.replace("/metrics", "/")
                            + "                 # the status page; Prometheus and Grafana: grafana/README.md"));
            out.println("  bin/hapc sandbox stop" + (dir != null ? " --dir " + base : ""));
            out.println(
                    "Logs: " + base + "/<node>/hapcd.log, actions each node ran: " + base + "/<node>/log/actions.log");
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** What `--unconfigured` started, and the pcs-style walkthrough from there (README's, with this sandbox's names). */
    private static void printWalkthrough(Sandbox sandbox, Path base, PrintWriter out) throws IOException {
        IsolatedNetwork net = IsolatedNetwork.read(base).orElseThrow();
        List<String> names = sandbox.nodes().stream().map(Sandbox.Node::node).toList();
        out.println("hapc sandbox: " + names.size() + " hosts in " + base
                + ", each hapcd waiting for `hapc cluster setup` " + "(ZooKeeper on " + net.zookeeperConnect() + ")");
        for (Sandbox.Node n : sandbox.nodes()) {
            out.println("  " + n.node() + "  pid " + n.pid() + "  admin service https://"
                    + net.host(n.node()).address() + ":2224" + "  (netns "
                    + net.host(n.node()).namespace() + ")");
        }
        String first = names.get(0);
        String all = String.join(" ", names);
        out.println();
        out.println("Then, as on machines (each command on a host: bin/hapc sandbox exec HOST -- CMD…):");
        for (String n : names)
            out.println("  bin/hapc --node " + n + " host set-password        # on the host, through its socket");
        out.println("  bin/hapc sandbox exec " + first + " -- bin/hapc host auth " + all);
        out.println("  bin/hapc sandbox exec " + first + " -- bin/hapc cluster setup mycluster " + all + " --zookeeper "
                + net.zookeeperConnect());
        out.println("  bin/hapc sandbox exec " + first + " -- bin/hapc cluster start --all");
        out.println("  bin/hapc sandbox stop");
        out.flush();
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The sandbox's processes.")
    static final class StatusCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "The sandboxs directory (default: HAPC_SANDBOX_DIR, else the only sandbox running, else ${sys:java.io.tmpdir}/hapc-sandbox-$USER).")
        Path dir;

        @Option(names = "--output", defaultValue = "text", description = "text or json.")
        OutputFormat output;

        @Override
        public Integer call() throws Exception {
            Path base = dirOr(dir);
            Sandbox s = Sandbox.read(base)
                    .orElseThrow(() -> new CommandFailure(
                            ExitCodes.INVALID_INPUT, "no sandbox in " + base + " (start one: hapc sandbox start)"));
            PrintWriter out = spec.commandLine().getOut();
            Optional<IsolatedNetwork> net = IsolatedNetwork.read(base);
            if (output == OutputFormat.json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Sandbox.Node n : s.nodes()) {
                    if (!Sandbox.alive(n.pid(), n.command())) continue;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("node", n.node());
                    row.put("pid", n.pid());
                    row.put("socket", n.socket().toString());
                    metricsUrl(n).ifPresent(url -> row.put("metrics", url));
                    net.ifPresent(x -> {
                        row.put("netns", x.host(n.node()).namespace());
                        row.put("address", x.host(n.node()).address());
                    });
                    rows.add(row);
                }
                out.println(new ObjectMapper().writeValueAsString(rows));
            } else {
                out.println("sandbox " + base);
                if (s.zookeeper() != null) {
                    out.println("  zookeeper  pid " + s.zookeeper().pid() + "  "
                            + (Sandbox.alive(s.zookeeper().pid(), s.zookeeper().command()) ? "running" : "stopped"));
                } else {
                    out.println("  transport  heartbeat (UDP on 127.0.0.1)");
                }
                Map<String, List<String>> running = resourcesByNode(s);
                for (Sandbox.Node n : s.nodes()) {
                    boolean alive = Sandbox.alive(n.pid(), n.command());
                    List<String> here = running.getOrDefault(n.node(), List.of());
                    out.println("  " + n.node() + "  pid " + n.pid() + "  " + (alive ? "running" : "stopped") + "  "
                            + n.socket()
                            + net.map(x -> "  " + x.host(n.node()).address() + " ("
                                            + (NetworkNamespaces.exists(
                                                            x.host(n.node()).namespace())
                                                    ? "powered on"
                                                    : "powered off")
                                            + ")")
                                    .orElse("")
                            + (alive && !here.isEmpty() ? "  runs: " + String.join(", ", here) : "")
                            + (alive ? metricsUrl(n).map(u -> "  metrics: " + u).orElse("") : ""));
                }
                net.ifPresent(x -> out.println("  client  " + x.client().address() + "  netns "
                        + x.client().namespace()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** Where the node serves /metrics, as its hapcd.conf says (empty when it serves none). */
    static Optional<String> metricsUrl(Sandbox.Node n) {
        try {
            Map<String, String> conf = io.hapc.daemon.config.DaemonConfig.read(n.config());
            String port = conf.getOrDefault(
                            io.hapc.daemon.config.DaemonConfig.METRICS_PORT,
                            Integer.toString(io.hapc.daemon.config.DaemonConfig.DEFAULT_METRICS_PORT))
                    .strip();
            if (port.equals("0")) return Optional.empty();
            String host = conf.getOrDefault(io.hapc.daemon.config.DaemonConfig.METRICS_ADDRESS, "127.0.0.1")
                    .strip();
            return Optional.of("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/metrics");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Which resources each node runs, as the cluster's CIB says (empty when no node answers). */
    static Map<String, List<String>> resourcesByNode(Sandbox s) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Sandbox.Node n : s.nodes()) {
            if (!Sandbox.alive(n.pid(), n.command())) continue;
            try {
                AdminReply r = new DaemonClient(n.socket()).call(new AdminRequest.GetCib());
                if (!r.ok() || r.cibXml().isEmpty()) continue;
                var view = ClusterUnpacker.unpack(
                        CibXmlReader.read(r.cibXml().get(), "the CIB from " + n.node()), Instant.now());
                ClusterStates.current(view)
                        .forEach((rsc, states) ->
                                states.forEach(st -> out.computeIfAbsent(st.node(), k -> new ArrayList<>())
                                        .add(rsc)));
                out.values().forEach(Collections::sort);
                return out;
            } catch (IOException | CibFormatException | RuntimeException e) {
                // ask the next node
            }
        }
        return out;
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description =
                    "Stop the sandbox's nodes (resources stopped first) and its ZooKeeper; only the processes it started.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description =
                        "The sandboxs directory (default: HAPC_SANDBOX_DIR, else the only sandbox running, else ${sys:java.io.tmpdir}/hapc-sandbox-$USER).")
        Path dir;

        @Option(
                names = "--timeout-s",
                defaultValue = "60",
                paramLabel = "S",
                description =
                        "How long to wait for the nodes to stop their resources and exit, in seconds (default ${DEFAULT-VALUE}); then they are killed.")
        long timeoutS;

        @Override
        public Integer call() throws Exception {
            Path base = dirOr(dir);
            Sandbox s = Sandbox.read(base)
                    .orElseThrow(() -> new CommandFailure(
                            ExitCodes.INVALID_INPUT, "no sandbox in " + base + " (nothing to stop)"));
            new SandboxLauncher(base, spec.commandLine().getErr()).stop(s, Duration.ofSeconds(timeoutS));
            IsolatedSandboxStart.teardown(base);
            Sandboxes.fromEnvironment().unregister(base);
            spec.commandLine().getOut().println("hapc sandbox in " + base + " stopped");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    /** Starts and stops the sandbox's processes. */
    static final class SandboxLauncher {
        private final Path base;
        private final PrintWriter err;

        SandboxLauncher(Path base, PrintWriter err) {
            this.base = base;
            this.err = err;
        }

        /** A new sandbox starts empty: what an earlier (stopped) sandbox left in this directory goes. */
        void clearPrevious() throws IOException {
            if (!Files.isRegularFile(base.resolve(Sandbox.FILE))) return; // not a sandbox's directory: touch nothing
            try (var entries = Files.list(base)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    boolean ours = name.equals(Sandbox.FILE)
                            || name.equals("authkey")
                            || name.equals("zookeeper")
                            || name.equals("zookeeper.log")
                            || name.startsWith("sandbox-")
                            || name.startsWith("power-")
                            || name.equals(IsolatedNetwork.FILE)
                            || name.equals("fence-agents");
                    if (ours) deleteTree(p);
                }
            }
        }

        private static void deleteTree(Path p) throws IOException {
            try (var all = Files.walk(p)) {
                for (Path f : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator)
                    Files.deleteIfExists(f);
            }
        }

        Sandbox start(int count, Long sessionTimeoutMs, Duration timeout, boolean heartbeat)
                throws IOException, InterruptedException {
            // The sandbox's CIB copies, ZooKeeper data, logs and secret: the user's own (0700 directories, 0600 files).
            Path secret = secret();
            Sandbox.Process zk = null;
            List<String> transportLines = new ArrayList<>();
            if (heartbeat) {
                // Two nodes on loopback, each on a UDP port of its own
                List<String> endpoints = new ArrayList<>();
                for (int i = 1; i <= count; i++) endpoints.add("127.0.0.1:" + LoopbackPorts.freeUdp());
                transportLines.addAll(heartbeatLines(endpoints, sessionTimeoutMs));
            } else {
                int zkPort = LoopbackPorts.free();
                Path zkLog = base.resolve("zookeeper.log");
                List<String> zkCmd = java(
                        "io.hapc.transport.zookeeper.EmbeddedZooKeeper",
                        "--port",
                        Integer.toString(zkPort),
                        "--data-dir",
                        base.resolve("zookeeper").toString());
                progress("starting ZooKeeper on 127.0.0.1:" + zkPort);
                long zkPid = Sandbox.launch(zkCmd, zkLog);
                zk = new Sandbox.Process(zkPid, zkCmd, zkLog);
                waitForPort(zkPort, Duration.ofSeconds(30), zkLog);
                transportLines.addAll(
                        zooKeeperLines("127.0.0.1:" + zkPort, sessionTimeoutMs != null ? sessionTimeoutMs : 5000));
            }
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= count; i++) names.add("sandbox-" + i);
            transportLines.add(clusterNodesLine(names));
            progress("starting " + count + (count == 1 ? " node" : " nodes") + " (hapcd)");
            List<Sandbox.Node> nodes = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                Sandbox.Node planned = nodeConfig("sandbox-" + i, transportLines, secret);
                nodes.add(new Sandbox.Node(
                        planned.node(),
                        Sandbox.launch(planned.command(), planned.log()),
                        planned.socket(),
                        planned.config(),
                        planned.command(),
                        planned.log()));
            }
            Sandbox sandbox = new Sandbox(base, zk, nodes);
            sandbox.write();
            progress("waiting for every node to join and for a DC to be elected (at most " + timeout.toSeconds()
                    + " s)");
            try {
                awaitFormed(sandbox, timeout);
            } catch (RuntimeException | InterruptedException e) {
                // leave nothing behind that the user did not get a handle on
                for (Sandbox.Node n : nodes) terminate(n.pid(), n.command());
                if (zk != null) terminate(zk.pid(), zk.command());
                throw e;
            }
            return sandbox;
        }

        /** The cluster's shared secret, made once: the user's own (0700 directory, 0600 file). */
        Path secret() throws IOException {
            PrivateFiles.directory(base);
            Path secret = base.resolve("authkey");
            if (!Files.exists(secret)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                PrivateFiles.createNew(
                        secret,
                        (HexFormat.of().formatHex(key) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return secret;
        }

        /** Writes node `name`'s hapcd.conf; the node as it will be recorded, pid 0 until launched. */
        Sandbox.Node nodeConfig(String name, List<String> transportLines, Path secret) throws IOException {
            // each node its own metrics port (the default one would collide on one machine)
            return nodeConfig(
                    name,
                    transportLines,
                    secret,
                    base.resolve(name).resolve("rsctmp"),
                    "127.0.0.1",
                    LoopbackPorts.free(),
                    LoopbackPorts.free());
        }

        /** hapcd.conf's lines for the heartbeat transport: node sandbox-N at endpoints[N-1]; the heartbeat's default timings unless given. */
        static List<String> heartbeatLines(List<String> endpoints, Long deadtimeMs) {
            List<String> lines = new ArrayList<>(List.of("transport=heartbeat"));
            for (int i = 1; i <= endpoints.size(); i++)
                lines.add("heartbeat.node.sandbox-" + i + "=" + endpoints.get(i - 1));
            if (deadtimeMs != null) {
                long dead = deadtimeMs;
                lines.add("heartbeat.deadtime=" + dead + "ms");
                lines.add("heartbeat.interval=" + Math.max(10, dead / 5) + "ms");
                lines.add("heartbeat.warntime=" + dead / 2 + "ms");
                lines.add("heartbeat.initdead=" + Math.max(4000, 2 * dead) + "ms");
            }
            return lines;
        }

        /** What `--all` means to `hapc cluster …` run against a sandbox node: its nodes, as `cluster setup` writes them. */
        static String clusterNodesLine(List<String> names) {
            return "cluster.nodes=" + String.join(",", names);
        }

        /** hapcd.conf's lines for the ZooKeeper transport. */
        static List<String> zooKeeperLines(String connect, long sessionTimeoutMs) {
            return List.of("zookeeper.connect=" + connect, "session.timeout.ms=" + sessionTimeoutMs);
        }

        /** … with the agents' HA_RSCTMP in `rscTmp` (an isolated host's is its own volatile /run, as on a machine). */
        Sandbox.Node nodeConfig(
                String name,
                List<String> transportLines,
                Path secret,
                Path rscTmp,
                String address,
                int metricsPort,
                int adminPort)
                throws IOException {
            Path nodeDir = base.resolve(name);
            PrivateFiles.directory(nodeDir);
            Path conf = nodeDir.resolve("hapcd.conf");
            Path socket = nodeDir.resolve(DaemonLocator.SOCKET_FILE);
            PrivateFiles.writeAtomically(
                    conf,
                    String.join(
                            "\n",
                            "# written by hapc sandbox start",
                            "node.name=" + name,
                            "cluster.name=sandbox",
                            "state.dir=" + nodeDir.resolve("state"),
                            "socket=" + socket,
                            "rsctmp.dir=" + rscTmp,
                            "log.dir=" + nodeDir.resolve("log"),
                            String.join("\n", transportLines),
                            "cluster.secret.file=" + secret,
                            "join.timeout.ms=5000",
                            "metrics.address=" + address,
                            "metrics.port=" + metricsPort,
                            // the admin service (hapc host auth NODE=ADDRESS:PORT), a port per node on loopback
                            "admin.bind=" + address,
                            "admin.port=" + adminPort,
                            ""));
            List<String> cmd = java("io.hapc.daemon.Hapcd", "--config", conf.toString());
            return new Sandbox.Node(name, 0, socket, conf, cmd, nodeDir.resolve("hapcd.log"));
        }

        /**
         * Node `name` as a machine before `cluster setup`: its own settings only, as KEY=VALUE arguments
         * (so `cluster setup` writes hapcd.conf, which is absent until then, and no setting of the host's is lost).
         */
        Sandbox.Node hostOnlyNode(
                String name, Path rscTmp, String address, int metricsPort, int adminPort, Long sessionTimeoutMs)
                throws IOException {
            Path nodeDir = base.resolve(name);
            PrivateFiles.directory(nodeDir);
            Path conf = nodeDir.resolve("hapcd.conf");
            Path socket = nodeDir.resolve(DaemonLocator.SOCKET_FILE);
            List<String> settings = new ArrayList<>(List.of(
                    "node.name=" + name,
                    "state.dir=" + nodeDir.resolve("state"),
                    "socket=" + socket,
                    "rsctmp.dir=" + rscTmp,
                    "log.dir=" + nodeDir.resolve("log"),
                    "join.timeout.ms=5000",
                    "metrics.address=" + address,
                    "metrics.port=" + metricsPort,
                    "admin.bind=" + address,
                    "admin.port=" + adminPort));
            if (sessionTimeoutMs != null) settings.add("session.timeout.ms=" + sessionTimeoutMs);
            List<String> args = new ArrayList<>(List.of("--config", conf.toString()));
            args.addAll(settings);
            List<String> cmd = java("io.hapc.daemon.Hapcd", args.toArray(String[]::new));
            return new Sandbox.Node(name, 0, socket, conf, cmd, nodeDir.resolve("hapcd.log"));
        }

        /** What a long start is doing, on stderr: stdout stays the result. */
        void progress(String step) {
            err.println("hapc sandbox: " + step + "…");
            err.flush();
        }

        /** The demo configuration, made with the same commands a user types. */
        void demo(Sandbox sandbox, PrintWriter err) {
            progress("configuring the demo resources (Database, the WebSite group, fencing)");
            List<List<String>> commands = new ArrayList<>();
            // as pcs sets up a cluster: a little stickiness, so healthy resources stay where they run
            commands.add(List.of("resource", "defaults", "update", "resource-stickiness=1"));
            Optional<IsolatedNetwork> net;
            try {
                net = IsolatedNetwork.read(base);
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        "cannot read " + base.resolve(IsolatedNetwork.FILE) + ": " + e.getMessage());
            }
            // isolated hosts are powered off by the sandbox's own switch; otherwise fence_dummy pretends
            boolean fencing = net.isPresent()
                    || Files.isExecutable(
                            io.hapc.agents.AgentPaths.system().fenceAgentDir().resolve("fence_dummy"));
            if (!fencing) {
                err.println(
                        "hapc sandbox: fence_dummy is not installed (apt-get install -y fence-agents): the demo runs without "
                                + "fencing (stonith-enabled=false), so a killed node's resources restart without it being fenced");
                commands.add(List.of("property", "set", "stonith-enabled=false"));
            }
            for (Sandbox.Node n : fencing ? sandbox.nodes() : List.<Sandbox.Node>of()) {
                commands.add(
                        net.isPresent()
                                ? List.of(
                                        "stonith",
                                        "create",
                                        "fence-" + n.node(),
                                        SandboxHosts.FENCE_AGENT,
                                        "pcmk_host_list=" + n.node())
                                : List.of(
                                        "stonith",
                                        "create",
                                        "fence-" + n.node(),
                                        "fence_dummy",
                                        "status_file=" + base.resolve("power-" + n.node()),
                                        "pcmk_host_list=" + n.node()));
                if (sandbox.nodes().size() > 1) {
                    commands.add(List.of("constraint", "location", "fence-" + n.node(), "avoids", n.node()));
                }
            }
            commands.add(
                    List.of("resource", "create", "Database", "ocf:heartbeat:Dummy", "op", "monitor", "interval=10s"));
            Path ocf = io.hapc.agents.AgentPaths.system().ocfRoot().resolve("resource.d/heartbeat");
            if (net.isPresent() && Files.isExecutable(ocf.resolve("IPaddr2"))) {
                // a real floating IP on the hosts' eth0, answering the client
                Subnet subnet = Subnet.parse(net.get().subnet());
                commands.add(List.of(
                        "resource",
                        "create",
                        "WebIP",
                        "ocf:heartbeat:IPaddr2",
                        "ip=" + subnet.floatingIp(),
                        "cidr_netmask=" + subnet.prefixLength(),
                        "nic=eth0",
                        "op",
                        "monitor",
                        "interval=10s",
                        "--group",
                        "WebSite"));
            } else {
                commands.add(List.of(
                        "resource",
                        "create",
                        "WebIP",
                        "ocf:heartbeat:Dummy",
                        "op",
                        "monitor",
                        "interval=10s",
                        "--group",
                        "WebSite"));
            }
            if (net.isPresent()
                    && Files.isExecutable(ocf.resolve("apache"))
                    && Files.isExecutable(Path.of("/usr/sbin/apache2"))) {
                // Debian's stock configuration: each host's private /run keeps the pid files apart
                commands.add(List.of(
                        "resource",
                        "create",
                        "WebServer",
                        "ocf:heartbeat:apache",
                        "statusurl=http://localhost/server-status",
                        "op",
                        "monitor",
                        "interval=10s",
                        "--group",
                        "WebSite"));
            } else {
                commands.add(List.of(
                        "resource",
                        "create",
                        "WebServer",
                        "ocf:heartbeat:Dummy",
                        "op",
                        "monitor",
                        "interval=10s",
                        "--group",
                        "WebSite"));
            }
            commands.add(List.of("constraint", "colocation", "add", "WebSite", "with", "Database", "INFINITY"));
            commands.add(List.of("constraint", "order", "start", "Database", "then", "start", "WebSite"));
            for (List<String> c : commands) {
                // its own node's socket, never a name another sandbox could answer to
                List<String> args = new ArrayList<>(
                        List.of("--socket", sandbox.nodes().get(0).socket().toString()));
                args.addAll(c);
                java.io.StringWriter sink = new java.io.StringWriter();
                CommandLine cl = io.hapc.cli.HapcCommand.commandLineFor(args.toArray(String[]::new));
                cl.setOut(new PrintWriter(sink));
                cl.setErr(new PrintWriter(sink));
                int rc = cl.execute(args.toArray(String[]::new));
                if (rc != 0) {
                    throw new CommandFailure(
                            ExitCodes.SYSTEM_FAILURE,
                            "demo configuration: `hapc " + String.join(" ", c) + "` failed (" + rc + "): "
                                    + sink.toString().strip());
                }
            }
        }

        void stop(Sandbox s, Duration timeout) throws InterruptedException {
            List<Sandbox.Node> alive = s.nodes().stream()
                    .filter(n -> Sandbox.alive(n.pid(), n.command()))
                    .toList();
            if (!alive.isEmpty()) {
                // One clean stop of the whole cluster: resources stop once, instead of chasing the surviving nodes.
                try {
                    AdminReply r = new DaemonClient(alive.get(0).socket()).call(new AdminRequest.StopNodes(List.of()));
                    if (!r.ok()) err.println("hapc sandbox: cluster stop: " + r.message());
                } catch (IOException e) {
                    err.println("hapc sandbox: cannot reach " + alive.get(0).node() + ": " + e.getMessage());
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            // A hapcd that waited for `cluster setup` once goes back to waiting when stopped: that is its stop.
            for (Sandbox.Node n : alive) awaitExitOrWaiting(n, deadline);
            for (Sandbox.Node n : alive) terminate(n.pid(), n.command());
            if (s.zookeeper() != null)
                terminate(s.zookeeper().pid(), s.zookeeper().command());
        }

        private void awaitExitOrWaiting(Sandbox.Node n, long deadline) throws InterruptedException {
            while (Sandbox.alive(n.pid(), n.command()) && System.nanoTime() < deadline) {
                try {
                    AdminReply r = new DaemonClient(n.socket()).call(new AdminRequest.DaemonInfo());
                    if (r.ok()
                            && r.connection()
                                    .filter(c -> c.equals("waiting for a cluster"))
                                    .isPresent()) return;
                } catch (IOException e) {
                    // exiting, or between its cluster and waiting again
                }
                Thread.sleep(100);
            }
            awaitExit(n.pid(), n.command(), deadline);
        }

        /** Until the process has really ended (not only let go of its command line while exiting). */
        private void awaitExit(long pid, List<String> cmd, long deadline) throws InterruptedException {
            while (Sandbox.alive(pid, cmd) && System.nanoTime() < deadline) Thread.sleep(100);
            while (!Sandbox.ended(pid) && System.nanoTime() < deadline) Thread.sleep(20);
        }

        void terminate(long pid, List<String> cmd) throws InterruptedException {
            if (!Sandbox.alive(pid, cmd)) return;
            ProcessHandle h = ProcessHandle.of(pid).orElse(null);
            if (h == null) return;
            h.destroy();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            awaitExit(pid, cmd, deadline);
            if (Sandbox.alive(pid, cmd)) {
                err.println("hapc sandbox: pid " + pid + " did not stop on SIGTERM; killing it");
                h.destroyForcibly();
            }
        }

        void awaitFormed(Sandbox s, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "no answer yet";
            while (System.nanoTime() < deadline) {
                for (Sandbox.Node n : s.nodes()) {
                    // ended, not !alive: while a process execs, its command line can read empty for a moment
                    if (Sandbox.ended(n.pid())) {
                        throw new CommandFailure(
                                ExitCodes.SYSTEM_FAILURE,
                                n.node() + " (pid " + n.pid() + ") exited during start-up; "
                                        + Sandbox.logTail(n.log(), 15));
                    }
                }
                try {
                    AdminReply r = new DaemonClient(s.nodes().get(0).socket()).call(new AdminRequest.GetCib());
                    if (r.ok() && r.cibXml().isPresent() && r.dc().isPresent()) {
                        Cib cib = CibXmlReader.read(r.cibXml().get(), "sandbox");
                        long online = s.nodes().stream()
                                .filter(n -> online(cib, n.node()))
                                .count();
                        if (online == s.nodes().size()) return;
                        last = online + " of " + s.nodes().size() + " nodes online, DC " + r.dc().get();
                    } else {
                        last = r.message();
                    }
                } catch (IOException | io.hapc.model.cib.CibFormatException e) {
                    last = e.getMessage();
                }
                Thread.sleep(200);
            }
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "the sandbox did not form within " + timeout.toSeconds() + " s (" + last + "); logs in " + base);
        }

        static boolean online(Cib cib, String node) {
            for (NodeRecord st : cib.status().nodeStates()) {
                if (st.uname().orElse(st.id()).equals(node)) {
                    return st.inCcm().orElse("").equals("true")
                            && st.join().orElse("").equals("member");
                }
            }
            return false;
        }

        static List<String> java(String mainClass, String... args) {
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of("setsid", javaBin, "-XX:+UseSerialGC", "-Xms32m", "-Xmx384m"));
            cmd.addAll(DaemonLogging.OPTIONS);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
            cmd.addAll(List.of(args));
            return cmd;
        }

        private static void waitForPort(int port, Duration timeout, Path log) throws InterruptedException {
            if (!LoopbackPorts.awaitListening(port, timeout)) {
                throw new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        "ZooKeeper did not listen on 127.0.0.1:" + port + " within " + timeout.toSeconds() + " s; see "
                                + log);
            }
        }
    }
}
