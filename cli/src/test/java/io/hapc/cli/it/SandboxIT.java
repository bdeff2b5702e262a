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
        List<String> cmd = new ArrayList<>(List.of(LocalCluster.ROOT.resolve("bin/hapc").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", dir.resolve("home").toString()); // the "last sandbox" pointer stays in the test
        pb.environment().remove("HAPC_SOCKET");
        pb.environment().remove("HAPC_NODE");
        pb.environment().remove("HAPC_SANDBOX_DIR");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        return new LocalCluster.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stopWhatWasStarted() throws Exception {
        hapc("sandbox", "stop", "--dir", dir.resolve("sb").toString());
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
        for (JsonNode r : rows) {
            assertTrue(r.get("node").asText().startsWith("sandbox-"), st.out());
            long pid = r.get("pid").asLong();
            pids.add(pid);
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " runs");
            assertTrue(Files.exists(Path.of(r.get("socket").asText())), r.toString());
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
        LocalCluster.Result stop = hapc("sandbox", "stop", "--dir", sb.toString());
        assertEquals(0, stop.rc(), stop.out() + stop.err());
        for (long pid : pids) assertTrue(io.hapc.cli.sandbox.Sandbox.ended(pid), "pid " + pid + " ended");
        assertEquals("[]", hapc("sandbox", "status", "--dir", sb.toString(), "--output", "json").out().strip());
    }

    /** The sandbox's secret, settings, CIB copies, ZooKeeper data and logs: 0600 files in 0700 directories. */
    private static void assertPrivate(Path sb) throws IOException {
        List<Path> checked = new ArrayList<>(List.of(sb, sb.resolve("authkey"), sb.resolve("sandbox.json"), sb.resolve("zookeeper.log")));
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
        assertTrue(checked.contains(sb.resolve("sandbox-1/state/cib.xml")) || checked.stream().anyMatch(p -> p.endsWith("cib.xml")),
                "a CIB copy was checked: " + checked);
    }
}
