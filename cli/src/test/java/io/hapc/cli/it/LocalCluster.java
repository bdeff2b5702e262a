package io.hapc.cli.it;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Role;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Real processes on this machine: one ZooKeeper server and N `bin/hapcd` daemons on 127.0.0.1,
 * each with its own state, socket and HA_RSCTMP; commands run through the real `bin/hapc`.
 * A watcher checks all along that no resource is active on two live nodes at once.
 */
final class LocalCluster implements AutoCloseable {
    static final Path ROOT =
            Path.of(System.getProperty("hapc.root.dir", "..")).toAbsolutePath().normalize();
    private static final Path LIB = ROOT.resolve("cli/target");

    final Path dir;
    private Process zookeeper;
    final int zookeeperPort;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();
    private final Map<String, UdpRelay> relays = new LinkedHashMap<>();
    /** Added to every hapcd's environment. */
    private Map<String, String> env = Map.of();

    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    final class Node {
        final String name;
        final Path home;
        /** Where it serves /metrics and its status page (each node its own port). */
        final int metricsPort;
        /** Its admin service's port on 127.0.0.1 (`hapc host auth NAME=127.0.0.1:PORT`). */
        final int adminPort;
        /** KEY=VALUE arguments after `--config FILE` (a node waiting for `cluster setup` has its settings there only). */
        List<String> arguments = List.of();

        Process process;

        Node(String name, Path home) throws IOException {
            this.name = name;
            this.home = home;
            this.metricsPort = io.hapc.cli.sandbox.LoopbackPorts.free();
            this.adminPort = io.hapc.cli.sandbox.LoopbackPorts.free();
        }

        String metricsUrl() {
            return "http://127.0.0.1:" + metricsPort + "/metrics";
        }

        Path socket() {
            return home.resolve("hapcd.sock");
        }

        Path rscTmp() {
            return home.resolve("rsctmp");
        }

        /** The node's HA_VARRUN: agents' pid and state files (/var/run on a machine), one per node here. */
        Path varRun() {
            return home.resolve("run");
        }

        boolean alive() {
            return process != null && process.isAlive();
        }
    }

    record Result(int rc, String out, String err) {}

    /** One line of a node's action journal. */
    record JournalLine(
            long beginMicros, long endMicros, String node, String resource, String action, long intervalMs, int rc) {}

    /**
     * Two nodes n1 and n2 on the heartbeat transport (no ZooKeeper): each on a UDP port of 127.0.0.1 of its
     * own, with these extra `heartbeat.*` settings (timings).
     */
    static LocalCluster heartbeat(Path dir, Map<String, String> heartbeatSettings) throws Exception {
        return new LocalCluster(dir, heartbeatSettings, false, Map.of());
    }

    /**
     * Two nodes on the heartbeat transport, each hearing its peer through a {@link UdpRelay} (so a test can
     * split them: {@link #relay}), hapcd run with `env` added to its environment.
     */
    static LocalCluster heartbeatRelayed(Path dir, Map<String, String> heartbeatSettings, Map<String, String> env)
            throws Exception {
        return new LocalCluster(dir, heartbeatSettings, true, env);
    }

    /** The relay in front of `node`'s heartbeat port (what its peer sends through). */
    UdpRelay relay(String node) {
        return relays.get(node);
    }

    private LocalCluster(Path dir, Map<String, String> heartbeatSettings, boolean relayed, Map<String, String> env)
            throws Exception {
        this.dir = dir;
        this.env = Map.copyOf(env);
        requireBuild();
        zookeeperPort = 0;
        Thread watch = new Thread(this::watch, "double-run-watch");
        try {
            Path secret = dir.resolve("authkey");
            Files.writeString(secret, "it-secret-" + System.nanoTime() + "\n");
            Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Map<String, Integer> port = new LinkedHashMap<>();
            for (String name : List.of("n1", "n2")) port.put(name, io.hapc.cli.sandbox.LoopbackPorts.freeUdp());
            if (relayed) {
                for (String name : port.keySet()) relays.put(name, new UdpRelay(port.get(name)));
            }
            for (String name : List.of("n1", "n2")) {
                // A node binds its own port; it reaches its peer at the peer's port, or at the relay before it.
                List<String> transport = new ArrayList<>(List.of("transport=heartbeat"));
                port.forEach((peer, p) -> transport.add("heartbeat.node." + peer + "=127.0.0.1:"
                        + (relayed && !peer.equals(name) ? relays.get(peer).port() : p)));
                heartbeatSettings.forEach((k, v) -> transport.add("heartbeat." + k + "=" + v));
                Node n = new Node(name, dir.resolve(name));
                Files.createDirectories(n.home);
                Files.writeString(
                        n.home.resolve("hapcd.conf"),
                        String.join(
                                "\n",
                                "node.name=" + name,
                                "cluster.name=it",
                                "state.dir=" + n.home.resolve("state"),
                                "socket=" + n.socket(),
                                "rsctmp.dir=" + n.rscTmp(),
                                "log.dir=" + n.home.resolve("log"),
                                String.join("\n", transport),
                                "cluster.secret.file=" + secret,
                                "join.timeout.ms=5000",
                                ""));
                nodes.put(name, n);
            }
            for (Node n : nodes.values()) start(n.name);
            watch.setDaemon(true);
            watch.start();
            await(
                    "both nodes online with a DC",
                    Duration.ofSeconds(60),
                    () -> dc().isPresent() && nodes.keySet().stream().allMatch(this::online));
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    /**
     * N hapcd processes n1…nN started without a cluster configuration (their hapcd.conf does not exist yet;
     * their own settings are arguments): each serves only its socket and admin service, waiting for
     * `hapc cluster setup` to push one and `hapc cluster start`. ZooKeeper runs, for the setup to name.
     */
    static LocalCluster waitingForSetup(Path dir, int size) throws Exception {
        return new LocalCluster(dir, size);
    }

    private LocalCluster(Path dir, int size) throws Exception {
        this.dir = dir;
        requireBuild();
        zookeeperPort = io.hapc.cli.sandbox.LoopbackPorts.free();
        zookeeper = java(
                List.of(
                        "io.hapc.transport.zookeeper.EmbeddedZooKeeper",
                        "--port",
                        Integer.toString(zookeeperPort),
                        "--data-dir",
                        dir.resolve("zookeeper").toString()),
                dir.resolve("zookeeper.log"));
        Thread watch = new Thread(this::watch, "double-run-watch");
        try {
            awaitPort(zookeeperPort);
            for (int i = 1; i <= size; i++) {
                Node n = new Node("n" + i, dir.resolve("n" + i));
                Files.createDirectories(n.home);
                n.arguments = List.of(
                        "node.name=" + n.name,
                        "state.dir=" + n.home.resolve("state"),
                        "socket=" + n.socket(),
                        "rsctmp.dir=" + n.rscTmp(),
                        "log.dir=" + n.home.resolve("log"),
                        "session.timeout.ms=3000",
                        "join.timeout.ms=5000",
                        "metrics.port=" + n.metricsPort,
                        "admin.bind=127.0.0.1",
                        "admin.port=" + n.adminPort);
                nodes.put(n.name, n);
            }
            for (Node n : nodes.values()) start(n.name);
            watch.setDaemon(true);
            watch.start();
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    private static void requireBuild() {
        if (!Files.isRegularFile(LIB.resolve("hapc-cli.jar"))) {
            throw new IllegalStateException("build first: " + LIB.resolve("hapc-cli.jar")
                    + " is missing (the integration tests run after package)");
        }
    }

    LocalCluster(Path dir, int size, long sessionTimeoutMs, List<String> proxied) throws Exception {
        this(dir, size, sessionTimeoutMs, proxied, Map.of());
    }

    /** With more hapcd.conf lines for some nodes (`extraSettings`: node → KEY=VALUE lines). */
    LocalCluster(
            Path dir, int size, long sessionTimeoutMs, List<String> proxied, Map<String, List<String>> extraSettings)
            throws Exception {
        this.dir = dir;
        requireBuild();
        zookeeperPort = io.hapc.cli.sandbox.LoopbackPorts.free();
        zookeeper = java(
                List.of(
                        "io.hapc.transport.zookeeper.EmbeddedZooKeeper",
                        "--port",
                        Integer.toString(zookeeperPort),
                        "--data-dir",
                        dir.resolve("zookeeper").toString()),
                dir.resolve("zookeeper.log"));
        Thread watch = new Thread(this::watch, "double-run-watch");
        try {
            awaitPort(zookeeperPort);
            Path secret = dir.resolve("authkey");
            Files.writeString(secret, "it-secret-" + System.nanoTime() + "\n");
            for (int i = 1; i <= size; i++) {
                String name = "n" + i;
                Node n = new Node(name, dir.resolve(name));
                Files.createDirectories(n.home);
                int port = zookeeperPort;
                if (proxied.contains(name)) {
                    TcpProxy p = new TcpProxy(zookeeperPort);
                    proxies.put(name, p);
                    port = p.port();
                }
                Files.writeString(
                        n.home.resolve("hapcd.conf"),
                        String.join(
                                "\n",
                                "node.name=" + name,
                                "cluster.name=it",
                                "state.dir=" + n.home.resolve("state"),
                                "socket=" + n.socket(),
                                "rsctmp.dir=" + n.rscTmp(),
                                "log.dir=" + n.home.resolve("log"),
                                "zookeeper.connect=127.0.0.1:" + port,
                                "cluster.secret.file=" + secret,
                                "session.timeout.ms=" + sessionTimeoutMs,
                                "join.timeout.ms=5000",
                                "metrics.port=" + n.metricsPort,
                                "admin.bind=127.0.0.1",
                                "admin.port=" + n.adminPort,
                                String.join("\n", extraSettings.getOrDefault(name, List.of())),
                                ""));
                nodes.put(name, n);
            }
            for (Node n : nodes.values()) start(n.name);
            watch.setDaemon(true);
            watch.start();
            await(
                    "all " + size + " nodes online with a DC",
                    Duration.ofSeconds(60),
                    () -> dc().isPresent() && nodes.keySet().stream().allMatch(this::online));
        } catch (Exception | AssertionError e) {
            close(); // a cluster that did not form leaves no process behind
            throw e;
        }
    }

    void start(String name) throws IOException {
        Node n = nodes.get(name);
        List<String> cmd = new ArrayList<>(List.of(
                ROOT.resolve("bin/hapcd").toString(),
                "--config",
                n.home.resolve("hapcd.conf").toString()));
        cmd.addAll(n.arguments);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        n.home.resolve("hapcd.log").toFile()));
        pb.environment().putAll(env);
        Files.createDirectories(n.varRun());
        pb.environment().put("HA_VARRUN", n.varRun() + "/");
        n.process = pb.start();
        // Where a fence agent of a test finds the process to power off.
        Files.writeString(n.home.resolve("hapcd.pid"), Long.toString(n.process.pid()));
    }

    /** `hapc cluster stop --all`, then waits for every daemon to exit. */
    void stopAll() throws Exception {
        ok(names().get(0), "cluster", "stop", "--all");
        for (Node n : nodes.values()) {
            if (n.process != null && !n.process.waitFor(60, TimeUnit.SECONDS))
                throw new AssertionError(n.name + " did not stop\n" + logs());
        }
    }

    /** A new ZooKeeper server on the same port; with `wipe`, its data is gone (the store lost everything). */
    void restartZooKeeper(boolean wipe) throws Exception {
        zookeeper.destroy();
        zookeeper.waitFor(20, TimeUnit.SECONDS);
        if (wipe) {
            try (Stream<Path> files = Files.walk(dir.resolve("zookeeper"))) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        zookeeper = java(
                List.of(
                        "io.hapc.transport.zookeeper.EmbeddedZooKeeper",
                        "--port",
                        Integer.toString(zookeeperPort),
                        "--data-dir",
                        dir.resolve("zookeeper").toString()),
                dir.resolve("zookeeper.log"));
        awaitPort(zookeeperPort);
    }

    void startAll() throws Exception {
        for (Node n : nodes.values()) start(n.name);
        await(
                "all nodes online with a DC again",
                Duration.ofSeconds(60),
                () -> dc().isPresent() && nodes.keySet().stream().allMatch(this::online));
    }

    Node node(String name) {
        return nodes.get(name);
    }

    List<String> names() {
        return List.copyOf(nodes.keySet());
    }

    TcpProxy proxy(String name) {
        return proxies.get(name);
    }

    /** kill -9: the node dies with everything it runs (like a power cut, its agents' state stays on disk). */
    void kill9(String name) throws InterruptedException {
        Node n = nodes.get(name);
        n.process.destroyForcibly();
        n.process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Runs the real `bin/hapc` against one node's daemon. */
    Result hapc(String node, String... args) throws IOException, InterruptedException {
        return hapcWith(Map.of(), node, args);
    }

    /** {@link #hapc}, with these environment variables set (over HAPC_SOCKET too). */
    Result hapcWith(Map<String, String> env, String node, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/hapc").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HAPC_SOCKET", nodes.get(node).socket().toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        return new Result(
                p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Like hapc(), but the command must succeed. */
    String ok(String node, String... args) throws IOException, InterruptedException {
        Result r = hapc(node, args);
        if (r.rc() != 0)
            throw new AssertionError("hapc " + String.join(" ", args) + " → " + r.rc() + "\n" + r.out() + r.err());
        return r.out();
    }

    Optional<Cib> cib(String via) {
        try {
            AdminReply r = new DaemonClient(nodes.get(via).socket()).call(new AdminRequest.GetCib());
            if (!r.ok() || r.cibXml().isEmpty()) return Optional.empty();
            return Optional.of(CibXmlReader.read(r.cibXml().get(), "it"));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private Optional<Cib> anyCib() {
        for (Node n : nodes.values()) {
            if (!n.alive()) continue;
            Optional<Cib> c = cib(n.name);
            if (c.isPresent()) return c;
        }
        return Optional.empty();
    }

    Optional<String> dc() {
        for (Node n : nodes.values()) {
            if (!n.alive()) continue;
            try {
                AdminReply r = new DaemonClient(n.socket()).call(new AdminRequest.DaemonInfo());
                if (r.dc().isPresent()
                        && nodes.containsKey(r.dc().get())
                        && nodes.get(r.dc().get()).alive()) return r.dc();
            } catch (IOException e) {
                // not up yet
            }
        }
        return Optional.empty();
    }

    boolean online(String node) {
        return anyCib().map(c -> c.status().nodeStates().stream()
                        .anyMatch(s -> s.uname().orElse(s.id()).equals(node)
                                && s.inCcm().orElse("").equals("true")
                                && s.join().orElse("").equals("member")))
                .orElse(false);
    }

    /** Where the cluster's status says `resource` is active (from the DC's CIB). */
    List<String> where(String resource) {
        Optional<Cib> cib = dc().flatMap(this::cib);
        if (cib.isEmpty()) return List.of();
        ClusterView view = ClusterUnpacker.unpack(cib.get(), Instant.now());
        ResourceView r = view.primitivesById().get(resource);
        if (r == null) return List.of();
        return r.presence().stream()
                .filter(p -> p.role() != Role.STOPPED && !p.failed())
                .map(Presence::node)
                .toList();
    }

    /** Where the agent's own state says `resource` runs: Dummy's state file on a live node. */
    List<String> runningOn(String resource) {
        return nodes.values().stream()
                .filter(Node::alive)
                .filter(n -> Files.exists(n.rscTmp().resolve("Dummy-" + resource + ".state")))
                .map(n -> n.name)
                .toList();
    }

    List<JournalLine> journal() throws IOException {
        List<JournalLine> out = new ArrayList<>();
        for (Node n : nodes.values()) {
            Path f = n.home.resolve("log/actions.log");
            if (!Files.exists(f)) continue;
            for (String line : Files.readAllLines(f)) {
                String[] p = line.trim().split(" ");
                if (p.length != 7) continue;
                out.add(new JournalLine(
                        Long.parseLong(p[0]),
                        Long.parseLong(p[1]),
                        p[2],
                        p[3],
                        p[4],
                        Long.parseLong(p[5]),
                        Integer.parseInt(p[6])));
            }
        }
        out.sort(java.util.Comparator.comparingLong(JournalLine::beginMicros));
        return out;
    }

    /** How many lines of all daemons' logs contain `text`. */
    long logCount(String text) {
        long n = 0;
        for (Node node : nodes.values()) {
            try {
                n += Files.readAllLines(node.home.resolve("hapcd.log")).stream()
                        .filter(l -> l.contains(text))
                        .count();
            } catch (IOException e) {
                // no log yet
            }
        }
        return n;
    }

    /** Every node's log lines that contain one of {@code texts}, node by node (to show a failure's timeline). */
    String logLines(String... texts) {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes.values()) {
            b.append("---- ").append(n.name).append('\n');
            try {
                Files.readAllLines(n.home.resolve("hapcd.log")).stream()
                        .filter(l -> Stream.of(texts).anyMatch(l::contains))
                        .forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("(no log)\n");
            }
        }
        return b.toString();
    }

    String logs() {
        StringBuilder b = new StringBuilder();
        for (Node n : nodes.values()) {
            try {
                List<String> lines = Files.readAllLines(n.home.resolve("hapcd.log"));
                b.append("---- ").append(n.name).append(" (last 60 lines)\n");
                lines.subList(Math.max(0, lines.size() - 60), lines.size())
                        .forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("---- ").append(n.name).append(": no log\n");
            }
        }
        return b.toString();
    }

    /** Waits for an observable state of the cluster (polling it), failing with the daemons' logs. */
    void await(String what, Duration timeout, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.TRUE.equals(condition.get())) return;
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what + "\n" + logs());
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    private void watch() {
        while (!closed) {
            Map<String, List<String>> active = new LinkedHashMap<>();
            for (Node n : nodes.values()) {
                if (!n.alive() || !Files.isDirectory(n.rscTmp())) continue;
                try (Stream<Path> files = Files.list(n.rscTmp())) {
                    files.map(p -> p.getFileName().toString())
                            .filter(f -> f.startsWith("Dummy-") && f.endsWith(".state"))
                            .forEach(f -> active.computeIfAbsent(f, k -> new ArrayList<>())
                                    .add(n.name));
                } catch (IOException e) {
                    // the directory is being written; look again next round
                }
            }
            Instant seen = Instant.now();
            Map<String, List<String>> doubles = new LinkedHashMap<>();
            active.forEach((f, on) -> {
                if (on.size() > 1) doubles.put(f, on);
            });
            try {
                if (!doubles.isEmpty()) {
                    // A node a test's power switch had just killed still reads as alive until this JVM reaps the
                    // process (slow on a loaded machine): a node found dead a moment later was no live node.
                    // One that is still alive counts, whether or not it has stopped the resource since.
                    Thread.sleep(200);
                    doubles.forEach((f, on) -> {
                        List<String> still = on.stream()
                                .filter(name -> nodes.get(name).alive())
                                .toList();
                        if (still.size() > 1) violations.add(seen + " " + f + " active on " + still);
                    });
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Process java(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "-XX:+UseSerialGC", "-Xmx256m"));
        cmd.addAll(io.hapc.cli.sandbox.DaemonLogging.OPTIONS);
        cmd.addAll(List.of("-cp", LIB.resolve("hapc-cli.jar") + ":" + LIB.resolve("lib") + "/*"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static void awaitPort(int port) throws InterruptedException {
        if (!io.hapc.cli.sandbox.LoopbackPorts.awaitListening(port, Duration.ofSeconds(30))) {
            throw new IllegalStateException("ZooKeeper did not listen on " + port);
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        // One clean stop of the whole cluster, then make sure: only the processes this cluster started.
        for (Node n : nodes.values()) {
            if (!n.alive()) continue;
            try {
                new DaemonClient(n.socket()).call(new AdminRequest.StopNodes(List.of()));
                break;
            } catch (IOException e) {
                // try the next node
            }
        }
        for (Node n : nodes.values()) {
            // a node that waited for its setup goes back to waiting when stopped: it is told to end below
            if (n.process != null && n.arguments.isEmpty()) n.process.waitFor(15, TimeUnit.SECONDS);
        }
        for (Node n : nodes.values()) {
            if (n.alive()) n.process.destroy();
        }
        for (Node n : nodes.values()) {
            if (n.process != null && !n.process.waitFor(20, TimeUnit.SECONDS)) n.process.destroyForcibly();
        }
        for (TcpProxy p : proxies.values()) p.close();
        for (UdpRelay r : relays.values()) r.close();
        if (zookeeper == null) return; // the heartbeat transport has none
        zookeeper.destroy();
        if (!zookeeper.waitFor(10, TimeUnit.SECONDS)) zookeeper.destroyForcibly();
    }
}
