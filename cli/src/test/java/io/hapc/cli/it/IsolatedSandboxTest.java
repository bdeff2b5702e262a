package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web-server workshop, end to end, on an isolated sandbox (each node a host: its own network
 * and mount namespace on a bridge; a client namespace): stonith through fence_hapc_sandbox, a
 * floating IP (ocf:heartbeat:IPaddr2) and Debian's apache2 (ocf:heartbeat:apache, a configuration
 * this test writes) tied by colocation and order as pcs sets them up. From the client a ping and an
 * HTTP GET every 100 ms; every host sampled all along: the floating IP never on two live hosts,
 * never two apaches answering. Scenarios, all on one sandbox: standby/unstandby, power loss
 * (`sandbox crash`) of the active host, `kill -9` of its hapcd, `stonith fence`, each time the node
 * coming back. All traffic stays inside the namespaces the sandbox made; they go even when the test
 * fails. Subclasses run it on a transport and a number of hosts each (failsafe runs classes side by side).
 */
abstract class IsolatedSandboxTest {
    static final String VIP = "198.18.0.100";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path sandbox;
    private Path site;
    List<String> nodes = List.of("sandbox-1", "sandbox-2");

    LocalCluster.Result hapc(String... args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of(LocalCluster.ROOT.resolve("bin/hapc").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().remove("HAPC_SOCKET");
        pb.environment().remove("HAPC_NODE");
        pb.environment().put("HAPC_SANDBOX_DIR", sandbox.toString());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        // to files, not pipes: a sandbox's processes must not hold this test's pipes open
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "hapc " + String.join(" ", args) + " finished");
        return new LocalCluster.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    String ok(String... args) throws IOException, InterruptedException {
        LocalCluster.Result r = hapc(args);
        assertEquals(0, r.rc(), "hapc " + String.join(" ", args) + ": " + r.out() + r.err());
        return r.out();
    }

    static void assumeRootAnd(List<String> executables, String packages) {
        assumeTrue(
                ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "needs root (network namespaces)");
        for (String p : executables) assumeTrue(Files.isExecutable(Path.of(p)), "needs " + p + " (" + packages + ")");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sandbox == null) return;
        hapc("sandbox", "stop", "--dir", sandbox.toString(), "--timeout-s", "30");
        if (site != null) {
            try (var files = Files.walk(site)) {
                for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator)
                    Files.deleteIfExists(p);
            }
        }
        // whatever stop could not remove: every namespace named after this sandbox, by its prefix
        Path isolation = sandbox.resolve("isolation.json");
        if (Files.exists(isolation)) {
            String prefix = JSON.readTree(isolation.toFile()).get("prefix").asText();
            for (String ns : LocalClusterShell.lines("ip", "netns", "list")) {
                String name = ns.split(" ")[0];
                if (!name.startsWith(prefix + "-")) continue;
                for (String pid : LocalClusterShell.lines("ip", "netns", "pids", name)) {
                    ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
                LocalClusterShell.lines("ip", "netns", "del", name);
            }
            List<String> left = LocalClusterShell.lines("ip", "netns", "list").stream()
                    .filter(l -> l.startsWith(prefix + "-"))
                    .toList();
            assertTrue(left.isEmpty(), "namespaces left behind: " + left);
        }
    }

    /**
     * The workshop on `count` hosts over `transport` (`timeoutMs`: ZooKeeper's session timeout, or the heartbeat's
     * deadtime): every scenario in turn on one sandbox; the figures printed, split brain checked all along.
     */
    void workshop(String transport, int count, long timeoutMs) throws Exception {
        assumeRootAnd(
                List.of(
                        "/usr/lib/ocf/resource.d/heartbeat/IPaddr2",
                        "/usr/lib/ocf/resource.d/heartbeat/apache",
                        "/usr/sbin/apache2",
                        "/usr/bin/ping",
                        "/usr/bin/curl",
                        "/usr/sbin/ip",
                        "/usr/bin/unshare",
                        "/usr/bin/nsenter"),
                "resource-agents, apache2, iputils-ping, curl, iproute2, util-linux");
        sandbox = dir.resolve("sb");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) names.add("sandbox-" + i);
        nodes = List.copyOf(names);
        LocalCluster.Result start = hapc(
                "sandbox",
                "start",
                "--isolate",
                "--transport",
                transport,
                "--nodes",
                Integer.toString(count),
                "--no-demo",
                "--dir",
                sandbox.toString(),
                "--session-timeout-ms",
                Long.toString(timeoutMs));
        assertEquals(0, start.rc(), start.out() + start.err());

        // each node a host: its own namespace and address, reported by status
        JsonNode rows = JSON.readTree(ok("sandbox", "status", "--output", "json"));
        assertEquals(count, rows.size(), rows.toString());
        List<FloatingIpWatch.Host> hosts = new ArrayList<>();
        for (JsonNode r : rows) {
            hosts.add(new FloatingIpWatch.Host(
                    r.get("node").asText(),
                    r.get("netns").asText(),
                    r.get("address").asText()));
        }
        assertTrue(
                hosts.stream().allMatch(h -> h.address().startsWith("198.18.0."))
                        && hosts.stream()
                                        .map(FloatingIpWatch.Host::address)
                                        .distinct()
                                        .count()
                                == count,
                rows.toString());
        // … with its own /run and hostname: what one host writes there the others do not see
        ok("sandbox", "exec", "sandbox-1", "--", "sh", "-c", "echo mine > /run/which");
        assertEquals(
                "sandbox-2",
                ok("sandbox", "exec", "sandbox-2", "--", "hostname").strip());
        LocalCluster.Result other = hapc("sandbox", "exec", "sandbox-2", "--", "cat", "/run/which");
        assertTrue(other.rc() != 0, "sandbox-2 reads sandbox-1's /run: " + other.out());
        String clientNs = JSON.readTree(sandbox.resolve("isolation.json").toFile())
                .get("client")
                .get("namespace")
                .asText();

        configureWorkshop();
        awaitTrue("the web site answers on " + VIP + " from the client", 90, () -> httpOk(clientNs));

        try (FloatingIpWatch watch = new FloatingIpWatch(clientNs, VIP, () -> hosts)) {
            List<String> figures = new ArrayList<>();
            // standby: the IP moves last and first (order), stickiness keeps it where it went on unstandby
            String active = activeNode();
            long t0 = System.currentTimeMillis();
            ok("--node", active, "node", "standby", active);
            String next = awaitMoved(active, 60);
            awaitTrue("HTTP back after standby", 60, () -> httpOk(clientNs));
            long t1 = System.currentTimeMillis() + 500;
            figures.add(figure("standby", watch, t0, t1));
            ok("--node", active, "node", "unstandby", active);
            Thread.sleep(3000);
            assertEquals(next, activeNode(), "resource-stickiness keeps the web site on " + next + " after unstandby");

            // power loss of the active host: fenced by fence_hapc_sandbox (reboot), the service on a survivor
            figures.add(failover("sandbox crash", watch, clientNs, victim -> ok("sandbox", "crash", victim)));
            // the daemon alone dies: its host still serves until fenced (never alongside the survivor)
            figures.add(failover("kill -9 hapcd", watch, clientNs, victim -> {
                long pid = pidOf(victim);
                assertTrue(
                        ProcessHandle.of(pid)
                                .map(ProcessHandle::destroyForcibly)
                                .orElse(false),
                        "killed hapcd " + pid);
            }));
            // an administrator's fencing really takes the node out
            figures.add(failover(
                    "stonith fence",
                    watch,
                    clientNs,
                    victim -> ok("--node", other(victim), "stonith", "fence", victim)));

            System.out.println("isolated sandbox failover figures (" + count + " nodes, " + transport + ", "
                    + (transport.equals("heartbeat") ? "deadtime " : "session timeout ") + timeoutMs + " ms):\n  "
                    + String.join("\n  ", figures));
            assertTrue(
                    watch.samplingRounds() > 20,
                    "the hosts were sampled all along (" + watch.samplingRounds() + " rounds)");
            assertTrue(watch.violations.isEmpty(), "split brain: " + watch.violations);
        }
    }

    /**
     * A power switch is not a process of the host that asks it. Two nodes fencing each other at once (the two-node
     * fence race of a cut link): the host whose fencer asked is powered off while its request is in flight, and the
     * request still completes, as with a real switch. Found by the fault campaign: the switch ran in the asking host's
     * network namespace and died with it, having unplugged its target's cable but not killed its processes: a host
     * "on", silent for ever, that nothing powered off or on again. Here the request is held in flight deterministically:
     * fence_hapc_sandbox reads its options from stdin only after it moved to the switch's namespaces, and the asking
     * host is powered off before the options are written.
     */
    void aPowerSwitchOutlivesTheHostThatAskedIt() throws Exception {
        String target = nodes.get(0);
        String asker = nodes.get(1);
        Map<String, String> netns = new java.util.HashMap<>();
        for (JsonNode r : JSON.readTree(ok("sandbox", "status", "--output", "json")))
            netns.put(r.get("node").asText(), r.get("netns").asText());
        long switchRoot = JSON.readTree(sandbox.resolve("sandbox.json").toFile())
                .get("zookeeper")
                .get("pid")
                .asLong();
        Path log = Files.createTempFile(dir, "switch", ".txt");
        Process request = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        netns.get(asker),
                        sandbox.resolve("fence-agents/fence_hapc_sandbox").toString())
                .redirectOutput(log.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            // started from the asker's host; the switch has taken over once it runs in the switch's mount namespace
            Path switchMounts = Path.of("/proc/" + switchRoot + "/ns/mnt");
            awaitTrue(
                    "fence_hapc_sandbox moved to the switch's mount namespace",
                    30,
                    () -> sameNamespace(Path.of("/proc/" + request.pid() + "/ns/mnt"), switchMounts));
            ok("sandbox", "crash", asker);
            assertTrue(Files.exists(Path.of("/run/netns/" + netns.get(target))), target + " is still on");
            try (var in = request.getOutputStream()) {
                in.write(("action=off\nplug=" + target + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the request died with its host: the assertion below says so
            }
            assertTrue(request.waitFor(60, TimeUnit.SECONDS), "the switch answered");
            assertEquals(0, request.exitValue(), "the request outlived its host: " + Files.readString(log));
            assertFalse(
                    Files.exists(Path.of("/run/netns/" + netns.get(target))),
                    target + " powered off: " + Files.readString(log));
        } finally {
            request.destroyForcibly();
        }
        // both powered on again: the pair forms again and serves
        ok("sandbox", "power-on", asker);
        ok("sandbox", "power-on", target);
        for (String n : nodes) awaitTrue(n + " back online after the fence race", 120, () -> online(n));
        String clientNs = JSON.readTree(sandbox.resolve("isolation.json").toFile())
                .get("client")
                .get("namespace")
                .asText();
        awaitTrue("the web site answers again", 90, () -> httpOk(clientNs));
    }

    private static boolean sameNamespace(Path a, Path b) {
        try {
            return Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether `rsc` runs on one node (on `node`, if given); where in `on[0]`. */
    boolean runs(String rsc, String node, String[] on) {
        try {
            on[0] = runningOn(rsc).orElse(null);
            return on[0] != null && (node == null || on[0].equals(node));
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    interface Action {
        void on(String victim) throws Exception;
    }

    /** Runs `action` against the host running the web site; waits for the service on another one and for the victim's return. */
    private String failover(String name, FloatingIpWatch watch, String clientNs, Action action) throws Exception {
        String victim = activeNode();
        long t0 = System.currentTimeMillis();
        action.on(victim);
        awaitMoved(victim, 90);
        awaitTrue("HTTP back after " + name, 90, () -> httpOk(clientNs));
        long t1 = System.currentTimeMillis() + 500;
        String figure = figure(name, watch, t0, t1);
        // the victim was fenced (powered off and on: fence_hapc_sandbox's reboot) and is a member again
        awaitTrue(victim + " back online after " + name, 120, () -> online(victim));
        return figure;
    }

    private String figure(String name, FloatingIpWatch watch, long t0, long t1) {
        String f = String.format(
                "%-14s lost pings %3d of %3d, ping outage %5d ms, HTTP outage %5d ms",
                name,
                watch.lostPings(t0, t1),
                watch.pingsSent(t0, t1),
                watch.pingOutageMs(t0, t1),
                watch.httpOutageMs(t0, t1));
        System.out.println(getClass().getSimpleName() + ": " + f);
        return f;
    }

    private void configureWorkshop() throws Exception {
        // Debian's apache2, a configuration of the test's own: port 80 on each host, its pid file in the host's
        // private /run. Under the build's target directory: the hosts' /tmp (where this test's directory is) is
        // their own, and www-data must be able to read the site.
        site = Files.createDirectories(LocalCluster.ROOT.resolve(
                "cli/target/isolated-it-" + ProcessHandle.current().pid()));
        Path www = Files.createDirectories(site.resolve("www"));
        for (Path p : List.of(site, www)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(www.resolve("index.html"), "hapc workshop\n");
        Files.setPosixFilePermissions(
                www.resolve("index.html"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path conf = site.resolve("apache2.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "ServerRoot /etc/apache2",
                        "ServerName localhost",
                        "Include /etc/apache2/mods-enabled/*.load",
                        "Include /etc/apache2/mods-enabled/*.conf",
                        "Listen 80",
                        "PidFile /var/run/apache2/workshop.pid", // the agent wants it under /var/run
                        "Mutex file:/var/run/apache2 default",
                        "User www-data",
                        "Group www-data",
                        "ErrorLog /var/log/apache2/workshop-error.log",
                        "DocumentRoot " + www,
                        "<Directory " + www + ">",
                        "  Require all granted",
                        "</Directory>",
                        ""),
                StandardCharsets.UTF_8);
        String n1 = "sandbox-1";
        ok("--node", n1, "resource", "defaults", "update", "resource-stickiness=1");
        for (String n : nodes) {
            ok("--node", n1, "stonith", "create", "fence-" + n, "fence_hapc_sandbox", "pcmk_host_list=" + n);
            ok("--node", n1, "constraint", "location", "fence-" + n, "avoids", n);
        }
        ok(
                "--node",
                n1,
                "resource",
                "create",
                "WebIP",
                "ocf:heartbeat:IPaddr2",
                "ip=" + VIP,
                "cidr_netmask=24",
                "nic=eth0",
                "op",
                "monitor",
                "interval=5s");
        ok(
                "--node",
                n1,
                "resource",
                "create",
                "WebServer",
                "ocf:heartbeat:apache",
                "configfile=" + conf,
                "statusurl=http://localhost/server-status",
                "op",
                "monitor",
                "interval=5s");
        ok("--node", n1, "constraint", "colocation", "add", "WebServer", "with", "WebIP", "INFINITY");
        ok("--node", n1, "constraint", "order", "start", "WebIP", "then", "start", "WebServer");
    }

    private long pidOf(String node) throws Exception {
        for (JsonNode r : JSON.readTree(ok("sandbox", "status", "--output", "json"))) {
            if (r.get("node").asText().equals(node)) return r.get("pid").asLong();
        }
        throw new AssertionError(node + " has no running hapcd");
    }

    /** A node other than `node` (the next one round). */
    String other(String node) {
        return nodes.get((nodes.indexOf(node) + 1) % nodes.size());
    }

    /** The node WebServer runs on, as a live node reports it. */
    private String activeNode() throws Exception {
        // the site may answer a moment before the start's result is in the CIB
        String[] on = new String[1];
        awaitTrue("WebServer reported running on one node", 30, () -> runs("WebServer", null, on));
        return on[0];
    }

    /** Where `rsc` runs, as the first node that answers says (every node agrees once a transition is done). */
    Optional<String> runningOn(String rsc) throws IOException, InterruptedException {
        for (String n : nodes) {
            LocalCluster.Result r = hapc("--node", n, "status", "--output", "json");
            if (r.rc() != 0) continue;
            for (JsonNode res : JSON.readTree(r.out()).get("resources")) {
                if (res.get("id").asText().equals(rsc) && res.get("nodes").size() == 1)
                    return Optional.of(res.get("nodes").get(0).asText());
            }
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** `node` answers, and sees every node online. */
    private boolean online(String node) {
        try {
            LocalCluster.Result r = hapc("--node", node, "status", "--output", "json");
            if (r.rc() != 0) return false;
            JsonNode all = JSON.readTree(r.out()).get("nodes");
            if (all.size() != nodes.size()) return false;
            for (JsonNode n : all) {
                if (!n.get("online").asBoolean()) return false;
            }
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String awaitMoved(String from, int seconds) throws Exception {
        String[] now = new String[1];
        awaitTrue("WebServer moves off " + from, seconds, () -> runs("WebServer", null, now) && !now[0].equals(from));
        return now[0];
    }

    private static boolean httpOk(String clientNs) {
        List<String> out = LocalClusterShell.lines(
                "ip", "netns", "exec", clientNs, "curl", "-s", "-m", "1", "http://" + VIP + "/");
        return out.contains("hapc workshop");
    }

    static void awaitTrue(String what, int seconds, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(200);
        }
        assertFalse(true, "timed out after " + seconds + " s waiting for: " + what);
    }
}
