package io.hapc.cli.sandbox;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.admin.protocol.DaemonLocator;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.files.PrivateFiles;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Starts and stops the sandbox's processes. */
final class SandboxLauncher {
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
        progress("waiting for every node to join and for a DC to be elected (at most " + timeout.toSeconds() + " s)");
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
                    secret, (HexFormat.of().formatHex(key) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        if (s.zookeeper() != null) terminate(s.zookeeper().pid(), s.zookeeper().command());
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
