package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job and its contract for scripts: bin/hapc sandbox start / status --output json / stop. */
class SandboxIT {
    @TempDir
    Path dir;

    private final List<Long> pids = new ArrayList<>();

    private LocalCluster.Result hapc(String... args) throws IOException, InterruptedException {
        return hapcIn(null, args);
    }

    /** bin/hapc with HAPC_SANDBOX_DIR set to `sandboxDir` (null: unset). */
    private LocalCluster.Result hapcIn(Path sandboxDir, String... args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of(LocalCluster.ROOT.resolve("bin/hapc").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", dir.resolve("home").toString()); // the "last sandbox" pointer stays in the test
        pb.environment().remove("HAPC_SOCKET");
        pb.environment().remove("HAPC_NODE");
        pb.environment().remove("HAPC_SANDBOX_DIR");
        if (sandboxDir != null) pb.environment().put("HAPC_SANDBOX_DIR", sandboxDir.toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        return new LocalCluster.Result(
                p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopWhatWasStarted() throws Exception {
        for (String sb : List.of("sb", "a", "b")) {
            if (Files.exists(dir.resolve(sb)))
                hapc("sandbox", "stop", "--dir", dir.resolve(sb).toString());
        }
        for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void startStatusAndStopKeepTheirContract() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        Path sb = dir.resolve("sb");
        LocalCluster.Result start = hapc("sandbox", "start", "--nodes", "3", "--dir", sb.toString());
        assertEquals(0, start.rc(), start.out() + start.err());
        LocalCluster.Result st = hapc("sandbox", "status", "--dir", sb.toString(), "--output", "json");
        assertEquals(0, st.rc(), st.err());
        JsonNode rows = new ObjectMapper().readTree(st.out());
        assertEquals(3, rows.size(), st.out());
        java.util.Set<String> metricsUrls = new java.util.HashSet<>();
        for (JsonNode r : rows) {
            assertTrue(r.get("node").asText().startsWith("sandbox-"), st.out());
            long pid = r.get("pid").asLong();
            pids.add(pid);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " runs");
            assertTrue(Files.exists(Path.of(r.get("socket").asText())), r.toString());
            // each node serves its metrics on an address and port of its own: a port on 127.0.0.1 each when the
            // sandbox is shared, the default port on the host's own address when it is isolated (the default as root)
            String metrics = r.path("metrics").asText();
            boolean isolated = r.has("netns");
            assertTrue(
                    isolated
                            ? metrics.equals("http://" + r.get("address").asText() + ":9664/metrics")
                            : metrics.matches("http://127\\.0\\.0\\.1:\\d+/metrics"),
                    r.toString());
            assertTrue(metricsUrls.add(metrics), "one endpoint per node: " + st.out());
            String online = "hapc_node_state{node=\"" + r.get("node").asText() + "\",state=\"online\"} 1.0";
            String body = "";
            for (long until = System.nanoTime() + 15_000_000_000L;
                    !body.contains(online) && System.nanoTime() < until;
                    Thread.sleep(200)) {
                body = isolated
                        ? String.join(
                                "\n",
                                LocalClusterShell.lines(
                                        "ip",
                                        "netns",
                                        "exec",
                                        r.get("netns").asText(),
                                        "curl",
                                        "-s",
                                        "-m",
                                        "2",
                                        metrics))
                        : java.net.http.HttpClient.newHttpClient()
                                .send(
                                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(metrics))
                                                .build(),
                                        java.net.http.HttpResponse.BodyHandlers.ofString())
                                .body();
            }
            assertTrue(body.contains(online), body);
        }
        assertPrivate(sb);
        // start returned with every node online and a DC: the cluster status says so at once
        LocalCluster.Result status = hapc("--node", "sandbox-2", "status", "--output", "json");
        assertEquals(0, status.rc(), status.err());
        JsonNode cluster = new ObjectMapper().readTree(status.out());
        assertTrue(cluster.get("dc").isTextual(), status.out());
        for (JsonNode n : cluster.get("nodes")) assertTrue(n.get("online").asBoolean(), status.out());
        List<String> ids = new ArrayList<>();
        cluster.get("resources").forEach(r -> ids.add(r.get("id").asText()));
        assertTrue(ids.containsAll(List.of("Database", "WebIP", "WebServer")), "the demo configuration: " + ids);
        // the demo's edits are the last change, recorded as Pacemaker records it
        LocalCluster.Result plain = hapc("--node", "sandbox-2", "status");
        assertTrue(
                plain.out()
                        .matches(
                                "(?s).*\\* Last change:  \\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} via hapc on sandbox-\\d\n.*"),
                plain.out());
        // the text status says which node runs what, so "kill the node running WebServer" needs no join by hand
        LocalCluster.Result text = hapc("sandbox", "status", "--dir", sb.toString());
        assertTrue(
                text.out()
                                .lines()
                                .filter(l -> l.contains("runs:") && l.contains("WebServer"))
                                .count()
                        == 1,
                text.out());
        LocalCluster.Result stop = hapc("sandbox", "stop", "--dir", sb.toString());
        assertEquals(0, stop.rc(), stop.out() + stop.err());
        for (long pid : pids) assertTrue(io.hapc.cli.sandbox.Sandbox.ended(pid), "pid " + pid + " ended");
        assertEquals(
                "[]",
                hapc("sandbox", "status", "--dir", sb.toString(), "--output", "json")
                        .out()
                        .strip());
    }

    @Test
    void twoSandboxesSideBySideEachCommandFindsItsOwn() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        LocalCluster.Result startA = hapc("sandbox", "start", "--nodes", "1", "--dir", a.toString());
        assertEquals(0, startA.rc(), startA.out() + startA.err());
        LocalCluster.Result startB = hapc("sandbox", "start", "--nodes", "1", "--dir", b.toString(), "--no-demo");
        assertEquals(0, startB.rc(), startB.out() + startB.err());
        // the same node name in both: unnamed, the command refuses and lists them
        LocalCluster.Result unnamed = hapc("--node", "sandbox-1", "status");
        assertEquals(3, unnamed.rc(), unnamed.out() + unnamed.err());
        assertTrue(unnamed.err().contains(a.toString()) && unnamed.err().contains(b.toString()), unnamed.err());
        LocalCluster.Result stopUnnamed = hapc("sandbox", "stop");
        assertEquals(3, stopUnnamed.rc(), "an unnamed stop stops nothing: " + stopUnnamed.out() + stopUnnamed.err());
        // each sandbox has its own configuration: the demo went to a, b stayed empty
        LocalCluster.Result inA = hapcIn(a, "--node", "sandbox-1", "resource", "status");
        LocalCluster.Result inB = hapcIn(b, "--node", "sandbox-1", "resource", "status");
        assertEquals(0, inA.rc(), inA.err());
        assertEquals(0, inB.rc(), inB.err());
        assertTrue(inA.out().contains("Database"), inA.out());
        assertTrue(!inB.out().contains("Database"), "the demo of a went to a only: " + inB.out());
        // pcs's configuration views, on a's demo configuration
        LocalCluster.Result rscConfig = hapcIn(a, "--node", "sandbox-1", "resource", "config");
        assertTrue(
                rscConfig.out().contains("Resource: Database (class=ocf provider=heartbeat type=Dummy)")
                        && !rscConfig.out().contains("Started"),
                "configuration, not status: " + rscConfig.out());
        LocalCluster.Result config = hapcIn(a, "--node", "sandbox-1", "config");
        assertEquals(0, config.rc(), config.err());
        for (String part : List.of(
                "Cluster Name:", "Resources:", "Stonith Devices:", "Colocation Constraints:", "Cluster Properties:")) {
            assertTrue(config.out().contains(part), part + " in: " + config.out());
        }
        LocalCluster.Result clusterStatus = hapcIn(a, "--node", "sandbox-1", "cluster", "status");
        assertTrue(
                clusterStatus.rc() == 0
                        && clusterStatus.out().startsWith("Cluster Status:")
                        && clusterStatus.out().contains("Database"),
                clusterStatus.out() + clusterStatus.err());
        LocalCluster.Result shortName = hapcIn(a, "--node", "sandbox-1", "resource", "create", "Extra", "Dummy");
        if (Files.exists(Path.of("/usr/lib/ocf/resource.d/pacemaker/Dummy"))) {
            // Pacemaker's agents installed too (pacemaker-resource-agents): the short name is ambiguous, as in pcs
            assertEquals(3, shortName.rc(), shortName.out() + shortName.err());
            assertTrue(
                    shortName.err().contains("'Dummy' could be any of ocf:heartbeat:Dummy, ocf:pacemaker:Dummy"),
                    shortName.err());
            LocalCluster.Result full =
                    hapcIn(a, "--node", "sandbox-1", "resource", "create", "Extra", "ocf:heartbeat:Dummy");
            assertEquals(0, full.rc(), full.err());
        } else {
            assertEquals(0, shortName.rc(), shortName.err());
            assertTrue(shortName.err().contains("Assumed agent name 'ocf:heartbeat:Dummy'"), shortName.err());
        }
        LocalCluster.Result order = hapcIn(
                a,
                "--node",
                "sandbox-1",
                "constraint",
                "order",
                "start",
                "Extra",
                "then",
                "start",
                "Database",
                "kind=Optional");
        assertTrue(
                order.out()
                        .startsWith(
                                "Adding Extra Database (kind: Optional) (Options: first-action=start then-action=start)"),
                order.out() + order.err());
        LocalCluster.Result enableAll = hapcIn(a, "--node", "sandbox-1", "cluster", "enable", "--all");
        // the sandbox knows its nodes (cluster.nodes) but this user never authenticated to them: refused, nothing done
        assertEquals(3, enableAll.rc(), enableAll.out() + enableAll.err());
        assertTrue(enableAll.err().contains("not authenticated to sandbox-1:"), enableAll.err());
        assertEquals(0, hapc("sandbox", "stop", "--dir", b.toString()).rc());
        // one left: found without being named
        LocalCluster.Result stopA = hapc("sandbox", "stop");
        assertEquals(0, stopA.rc(), stopA.out() + stopA.err());
        assertTrue(stopA.out().contains(a.toString()), stopA.out());
    }

    @Test
    void clusterStartSaysStartedOnlyOnceTheNodeJoinedAndClusterStopReturnsOnceTheNodesAreGone() throws Exception {
        Path sb = dir.resolve("sb");
        LocalCluster.Result start = hapc("sandbox", "start", "--nodes", "2", "--dir", sb.toString(), "--no-demo");
        assertEquals(0, start.rc(), start.out() + start.err());
        assertTrue(
                !start.out().contains("WebServer"), "without the demo the hints name no demo resource: " + start.out());
        JsonNode rows = new ObjectMapper()
                .readTree(hapc("sandbox", "status", "--dir", sb.toString(), "--output", "json")
                        .out());
        long second = -1;
        for (JsonNode r : rows) {
            pids.add(r.get("pid").asLong());
            if (r.get("node").asText().equals("sandbox-2"))
                second = r.get("pid").asLong();
        }
        ProcessHandle.of(second).ifPresent(ProcessHandle::destroyForcibly);
        LocalCluster.Result back = hapcIn(sb, "--node", "sandbox-1", "cluster", "start", "sandbox-2");
        assertEquals(0, back.rc(), back.out() + back.err());
        assertTrue(back.out().contains("sandbox-2: started, an online member"), back.out());
        // a node that cannot start: the command fails and says why, instead of "started"
        LocalCluster.Result rows2 = hapc("sandbox", "status", "--dir", sb.toString(), "--output", "json");
        for (JsonNode r : new ObjectMapper().readTree(rows2.out())) {
            pids.add(r.get("pid").asLong());
            if (r.get("node").asText().equals("sandbox-2"))
                ProcessHandle.of(r.get("pid").asLong()).ifPresent(ProcessHandle::destroyForcibly);
        }
        Path conf = sb.resolve("sandbox-2").resolve("hapcd.conf");
        String good = Files.readString(conf);
        Files.writeString(conf, good.replaceAll("(?m)^session\\.timeout\\.ms=.*$", "session.timeout.ms=soon"));
        LocalCluster.Result broken =
                hapcIn(sb, "--node", "sandbox-1", "cluster", "start", "sandbox-2", "--timeout-s", "30");
        assertEquals(5, broken.rc(), broken.out() + broken.err());
        assertTrue(broken.err().contains("sandbox-2") && broken.err().contains("exited before joining"), broken.err());
        assertTrue(
                broken.err().contains("setting session.timeout.ms=soon: expected milliseconds"),
                "the node's own error reaches the admin: " + broken.err());
        Files.writeString(conf, good);
        // stop returns only once the nodes have stopped
        LocalCluster.Result stop = hapcIn(sb, "--node", "sandbox-1", "cluster", "stop", "--all");
        assertEquals(0, stop.rc(), stop.out() + stop.err());
        for (JsonNode r : rows) {
            if (r.get("node").asText().equals("sandbox-1")) {
                assertTrue(
                        io.hapc.cli.sandbox.Sandbox.ended(r.get("pid").asLong()),
                        "sandbox-1 has exited when stop returns: " + stop.out());
            }
        }
    }

    /** The sandbox's secret, settings, CIB copies, ZooKeeper data and logs: 0600 files in 0700 directories. */
    private static void assertPrivate(Path sb) throws IOException {
        List<Path> checked = new ArrayList<>(
                List.of(sb, sb.resolve("authkey"), sb.resolve("sandbox.json"), sb.resolve("zookeeper.log")));
        try (var zk = Files.walk(sb.resolve("zookeeper"))) {
            zk.forEach(checked::add);
        }
        for (int i = 1; i <= 3; i++) {
            Path node = sb.resolve("sandbox-" + i);
            checked.addAll(List.of(node, node.resolve("hapcd.conf"), node.resolve("hapcd.log")));
            for (String sub : List.of("state", "log")) {
                try (var all = Files.walk(node.resolve(sub))) {
                    all.forEach(checked::add);
                }
            }
        }
        for (Path p : checked) {
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
        }
        assertTrue(
                checked.contains(sb.resolve("sandbox-1/state/cib.xml"))
                        || checked.stream().anyMatch(p -> p.endsWith("cib.xml")),
                "a CIB copy was checked: " + checked);
    }
}
