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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web-server workshop, end to end, on an isolated sandbox (each node a host: its own network
 * and mount namespace on a bridge; a client namespace): stonith through fence_hapc_sandbox, a
 * floating IP (ocf:heartbeat:IPaddr2) and Debian's apache2 (ocf:heartbeat:apache, a configuration
 * this test writes) tied by colocation and order as pcs sets them up. From the client a ping and an
 * HTTP GET every 100 ms; every host sampled all along: the floating IP never on two live hosts,
 * never two apaches answering. Scenarios: standby/unstandby, power loss (`sandbox crash`) of the
 * active host, `kill -9` of its hapcd, `stonith fence`, each time the node coming back.
 * All traffic stays inside the namespaces the sandbox made; they go even when the test fails.
 */
class IsolatedSandboxIT {
    private static final String VIP = "198.18.0.100";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path sandbox;
    private Path site;

    private LocalCluster.Result hapc(String... args) throws IOException, InterruptedException {
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

    private String ok(String... args) throws IOException, InterruptedException {
        LocalCluster.Result r = hapc(args);
        assertEquals(0, r.rc(), "hapc " + String.join(" ", args) + ": " + r.out() + r.err());
        return r.out();
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

    @Test
    void workshopFailoverNeverRunsTheServiceTwice() throws Exception {
        assumeTrue(
                ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "needs root (network namespaces)");
        for (String p : List.of(
                "/usr/lib/ocf/resource.d/heartbeat/IPaddr2",
                "/usr/lib/ocf/resource.d/heartbeat/apache",
                "/usr/sbin/apache2",
                "/usr/bin/ping",
                "/usr/bin/curl",
                "/usr/sbin/ip",
                "/usr/bin/unshare",
                "/usr/bin/nsenter")) {
            assumeTrue(
                    Files.isExecutable(Path.of(p)),
                    "needs " + p + " (resource-agents, apache2, iputils-ping, curl, iproute2, util-linux)");
        }
        sandbox = dir.resolve("sb");
        LocalCluster.Result start = hapc(
                "sandbox",
                "start",
                "--isolate",
                "--nodes",
                "2",
                "--no-demo",
                "--dir",
                sandbox.toString(),
                "--session-timeout-ms",
                "3000");
        assertEquals(0, start.rc(), start.out() + start.err());

        // each node a host: its own namespace and address, reported by status
        JsonNode rows = JSON.readTree(ok("sandbox", "status", "--output", "json"));
        assertEquals(2, rows.size(), rows.toString());
        List<FloatingIpWatch.Host> hosts = new ArrayList<>();
        for (JsonNode r : rows) {
            hosts.add(new FloatingIpWatch.Host(
                    r.get("node").asText(),
                    r.get("netns").asText(),
                    r.get("address").asText()));
        }
        assertTrue(
                hosts.get(0).address().startsWith("198.18.0.")
                        && !hosts.get(0).address().equals(hosts.get(1).address()),
                rows.toString());
        // … with its own /run and hostname: what one host writes there the other does not see
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

            // power loss of the active host: fenced by fence_hapc_sandbox (reboot), the service on the survivor
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

            System.out.println("isolated sandbox failover figures (2 nodes, session timeout 3000 ms):\n  "
                    + String.join("\n  ", figures));
            assertTrue(
                    watch.samplingRounds() > 20,
                    "the hosts were sampled all along (" + watch.samplingRounds() + " rounds)");
            assertTrue(watch.violations.isEmpty(), "split brain: " + watch.violations);
        }
    }

    /**
     * README's walkthrough on hosts that behave like machines before `pcs host auth`: each hapcd waits for `cluster setup`;
     * from sandbox-1's namespace `host auth` and `cluster setup` of both hosts, `cluster start --all`, a resource created and
     * moved; then a wrong password, a changed certificate, a request without a token and a read-only role trying to write:
     * each refused with a clear error, and audited where it reached a node.
     */
    @Test
    void hostsWaitingForSetupAreAuthenticatedAndSetUpFromOneOfThem() throws Exception {
        assumeTrue(
                ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "needs root (network namespaces)");
        for (String p : List.of(
                "/usr/lib/ocf/resource.d/heartbeat/Dummy",
                "/usr/bin/curl",
                "/usr/sbin/ip",
                "/usr/bin/unshare",
                "/usr/bin/nsenter",
                "/usr/bin/env")) {
            assumeTrue(Files.isExecutable(Path.of(p)), "needs " + p + " (resource-agents, curl, iproute2, util-linux)");
        }
        sandbox = dir.resolve("sb");
        LocalCluster.Result start = hapc(
                "sandbox",
                "start",
                "--isolate",
                "--unconfigured",
                "--nodes",
                "2",
                "--dir",
                sandbox.toString(),
                "--session-timeout-ms",
                "3000");
        assertEquals(0, start.rc(), start.out() + start.err());
        assertTrue(start.out().contains("each hapcd waiting for `hapc cluster setup`"), start.out());
        JsonNode net = JSON.readTree(sandbox.resolve("isolation.json").toFile());
        String zookeeper = net.get("bridgeAddress").asText() + ":"
                + net.get("zookeeperPort").asInt();
        String clientNs = net.get("client").get("namespace").asText();
        LocalCluster.Result waiting = hapc("--node", "sandbox-1", "status");
        assertEquals(5, waiting.rc(), waiting.out() + waiting.err());
        assertTrue(waiting.err().contains("sandbox-1 runs no cluster yet"), waiting.err());

        // On each machine, locally: hacluster's password.
        for (String n : List.of("sandbox-1", "sandbox-2")) ok("--node", n, "host", "set-password", "-p", PASSWORD);
        // From sandbox-1, by the hosts' names on their LAN, as pcs's walkthrough does.
        LocalCluster.Result auth =
                onHost("sandbox-1", "admin", "host", "auth", "sandbox-1", "sandbox-2", "-p", PASSWORD);
        assertEquals(0, auth.rc(), auth.out() + auth.err());
        assertTrue(auth.out().contains("sandbox-2: Authorized"), auth.out());
        LocalCluster.Result setup = onHost(
                "sandbox-1", "admin", "cluster", "setup", "web", "sandbox-1", "sandbox-2", "--zookeeper", zookeeper);
        assertEquals(0, setup.rc(), setup.out() + setup.err());
        assertTrue(setup.out().contains("Cluster 'web' set up on sandbox-1, sandbox-2"), setup.out());
        LocalCluster.Result started = onHost("sandbox-1", "admin", "cluster", "start", "--all");
        assertEquals(0, started.rc(), started.out() + started.err());
        assertTrue(
                started.out().contains("sandbox-1: started, an online member")
                        && started.out().contains("sandbox-2: started, an online member"),
                started.out());
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-2", "property", "set", "stonith-enabled=false")
                        .rc());
        LocalCluster.Result created =
                onHost("sandbox-1", "admin", "--host", "sandbox-2", "resource", "create", "Web", "ocf:heartbeat:Dummy");
        assertEquals(0, created.rc(), created.out() + created.err());
        String[] on = new String[1];
        awaitTrue("Web running", 60, () -> runs("Web", null, on));
        String to = other(on[0]);
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-1", "resource", "move", "Web", to)
                        .rc());
        awaitTrue("Web moved to " + to, 60, () -> runs("Web", to, on));
        assertTrue(
                audit("sandbox-2").stream()
                        .anyMatch(l -> l.matches(".* accepted user=hacluster from=198\\.18\\.0\\.11:\\d+ "
                                + "token=[0-9a-f]{12} what=\"edit resource-create id=Web\"")),
                String.join("\n", audit("sandbox-2")));

        // A wrong password (from sandbox-2, another user's config): refused, audited by the node asked.
        LocalCluster.Result wrong =
                onHost("sandbox-2", "guess", "host", "auth", "sandbox-1", "-p", "guess-guess-guess");
        assertEquals(3, wrong.rc(), wrong.out() + wrong.err());
        assertTrue(wrong.err().contains("wrong user name or password"), wrong.err());
        List<String> one = audit("sandbox-1");
        assertTrue(
                one.get(one.size() - 1)
                        .matches(
                                ".* refused user=hacluster from=198\\.18\\.0\\.12:\\d+ what=auth why=\"wrong password\""),
                one.get(one.size() - 1));
        // A changed certificate: sandbox-1's service answering at sandbox-2's name; refused before the password is
        // sent.
        LocalCluster.Result changed =
                onHost("sandbox-1", "admin", "host", "auth", "sandbox-2=198.18.0.11", "-p", PASSWORD);
        assertEquals(3, changed.rc(), changed.out() + changed.err());
        assertTrue(
                changed.err().contains("the certificate of sandbox-2 (198.18.0.11:2224) has changed"), changed.err());
        assertEquals(one.size(), audit("sandbox-1").size(), "the password did not reach the service that answered");
        // Nothing without a token, from the client's namespace: refused and audited.
        List<String> code = LocalClusterShell.lines(
                "ip",
                "netns",
                "exec",
                clientNs,
                "curl",
                "-sk",
                "-m",
                "5",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-X",
                "POST",
                "-d",
                "{\"type\":\"get-cib\"}",
                "https://198.18.0.11:2224/remote/admin");
        assertEquals(List.of("401"), code);
        List<String> afterCurl = audit("sandbox-1");
        assertTrue(
                afterCurl.get(afterCurl.size() - 1).matches(".* refused user=- from=198\\.18\\.0\\.200:\\d+ what=.*"),
                afterCurl.get(afterCurl.size() - 1));
        // A read-only role (enable-acl): viewer reads, may not write; refused with exit 6, audited.
        ok("--node", "sandbox-1", "host", "set-password", "-u", "viewer", "-p", PASSWORD);
        assertEquals(
                0,
                onHost(
                                "sandbox-1",
                                "admin",
                                "--host",
                                "sandbox-1",
                                "acl",
                                "role",
                                "create",
                                "readonly",
                                "read",
                                "xpath",
                                "/cib")
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-1", "acl", "user", "create", "viewer", "readonly")
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-1", "acl", "enable")
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-2", "viewer", "host", "auth", "sandbox-1", "-u", "viewer", "-p", PASSWORD)
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-2", "viewer", "--host", "sandbox-1", "status").rc());
        LocalCluster.Result denied = onHost(
                "sandbox-2", "viewer", "--host", "sandbox-1", "resource", "create", "Mine", "ocf:heartbeat:Dummy");
        assertEquals(6, denied.rc(), denied.out() + denied.err());
        assertTrue(
                denied.err()
                        .contains("permission denied (enable-acl=true): viewer (role readonly) may not write 'Mine'"),
                denied.err());
        List<String> last = audit("sandbox-1");
        assertTrue(
                last.get(last.size() - 1)
                        .matches(".* refused user=viewer from=198\\.18\\.0\\.12:\\d+ token=[0-9a-f]{12} "
                                + "what=\"edit resource-create id=Mine\" why=\"permission denied .*"),
                last.get(last.size() - 1));
    }

    private static final String PASSWORD = "correct-horse-battery";

    /**
     * `hapc ARGS` run on `host` (`sandbox exec`): in its network and mount namespace, as a user whose hapc configuration
     * (known hosts, tokens) is `config` under the sandbox's directory, with no sandbox to fall back on.
     */
    private LocalCluster.Result onHost(String host, String config, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "sandbox",
                "exec",
                host,
                "--",
                "env",
                "-u",
                "HAPC_SANDBOX_DIR",
                "XDG_CONFIG_HOME=" + sandbox.resolve("users").resolve(config),
                LocalCluster.ROOT.resolve("bin/hapc").toString()));
        cmd.addAll(List.of(args));
        return hapc(cmd.toArray(String[]::new));
    }

    private List<String> audit(String node) throws IOException {
        return Files.readAllLines(sandbox.resolve(node).resolve("log/audit.log"));
    }

    /** Whether `rsc` runs on one node (on `node`, if given); where in `on[0]`. */
    private boolean runs(String rsc, String node, String[] on) {
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

    /** Runs `action` against the host running the web site; waits for the service on the other one and for the victim's return. */
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

    private static String figure(String name, FloatingIpWatch watch, long t0, long t1) {
        String f = String.format(
                "%-14s lost pings %3d of %3d, ping outage %5d ms, HTTP outage %5d ms",
                name,
                watch.lostPings(t0, t1),
                watch.pingsSent(t0, t1),
                watch.pingOutageMs(t0, t1),
                watch.httpOutageMs(t0, t1));
        System.out.println("IsolatedSandboxIT: " + f);
        return f;
    }

    private void configureWorkshop() throws Exception {
        // Debian's apache2, a configuration of the test's own: port 80 on each host, its pid file in the host's private
        // /run.
        // Under the build's target directory: the hosts' /tmp (where this test's directory is) is their own, and
        // www-data
        // must be able to read the site.
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
        for (String n : List.of("sandbox-1", "sandbox-2")) {
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

    private static String other(String node) {
        return node.equals("sandbox-1") ? "sandbox-2" : "sandbox-1";
    }

    /** The node WebServer runs on, as a live node reports it. */
    private String activeNode() throws Exception {
        // the site may answer a moment before the start's result is in the CIB
        String[] on = new String[1];
        awaitTrue("WebServer reported running on one node", 30, () -> {
            try {
                on[0] = runningOn("WebServer").orElse(null);
                return on[0] != null;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        return on[0];
    }

    private Optional<String> runningOn(String rsc) throws IOException, InterruptedException {
        for (String n : List.of("sandbox-1", "sandbox-2")) {
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

    private boolean online(String node) {
        try {
            LocalCluster.Result r = hapc("--node", node, "status", "--output", "json");
            if (r.rc() != 0) return false;
            for (JsonNode n : JSON.readTree(r.out()).get("nodes")) {
                if (!n.get("online").asBoolean()) return false;
            }
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private String awaitMoved(String from, int seconds) throws Exception {
        String[] now = new String[1];
        awaitTrue("WebServer moves off " + from, seconds, () -> {
            try {
                now[0] = runningOn("WebServer").orElse(null);
                return now[0] != null && !now[0].equals(from);
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        return now[0];
    }

    private static boolean httpOk(String clientNs) {
        List<String> out = LocalClusterShell.lines(
                "ip", "netns", "exec", clientNs, "curl", "-s", "-m", "1", "http://" + VIP + "/");
        return out.contains("hapc workshop");
    }

    private static void awaitTrue(String what, int seconds, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(200);
        }
        assertFalse(true, "timed out after " + seconds + " s waiting for: " + what);
    }
}
