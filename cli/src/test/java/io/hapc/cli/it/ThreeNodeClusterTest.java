package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.cli.it.LocalCluster.JournalLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real hapcd processes, a real ZooKeeper server, the real Dummy agent and fence_dummy,
 * commands through the real bin/hapc. Every test ends by checking that no resource was ever active
 * on two live nodes at once. Split in two classes so that failsafe runs them side by side.
 */
abstract class ThreeNodeClusterTest {
    static final Duration MOVE = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    LocalCluster cluster;

    @BeforeAll
    static void needsAgents() {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_dummy")), "needs fence-agents");
    }

    @AfterEach
    void noDoubleRuns() throws Exception {
        if (cluster == null) return;
        List<String> v = cluster.violations();
        cluster.close();
        assertEquals(List.of(), v, "a resource was active on two nodes at once");
    }

    LocalCluster start(long sessionTimeoutMs, String... proxied) throws Exception {
        cluster = new LocalCluster(dir, 3, sessionTimeoutMs, List.of(proxied));
        return cluster;
    }

    void fencing(LocalCluster c) throws Exception {
        for (String n : c.names()) {
            c.ok(
                    "n1",
                    "stonith",
                    "create",
                    "fence-" + n,
                    "fence_dummy",
                    "status_file=" + dir.resolve("power-" + n),
                    "pcmk_host_list=" + n);
        }
    }

    static String only(List<String> nodes) {
        assertEquals(1, nodes.size(), "expected exactly one node, got " + nodes);
        return nodes.get(0);
    }

    static JournalLine lastStart(List<JournalLine> j, String rsc, String node) {
        return j.stream()
                .filter(l -> l.resource().equals(rsc)
                        && l.action().equals("start")
                        && l.node().equals(node))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no start of " + rsc + " on " + node + ": " + j));
    }

    static String status(LocalCluster c, String node) {
        try {
            return c.ok(node, "status");
        } catch (Exception e) {
            return e.toString();
        }
    }

    static long starts(LocalCluster c, String rsc, String node) {
        try {
            return c.journal().stream()
                    .filter(l -> l.resource().equals(rsc)
                            && l.action().equals("start")
                            && l.node().equals(node))
                    .count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static JournalLine lastStop(List<JournalLine> j, String rsc, String node) {
        return j.stream()
                .filter(l -> l.resource().equals(rsc)
                        && l.action().equals("stop")
                        && l.node().equals(node))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no stop of " + rsc + " on " + node + ": " + j));
    }

    /** Runs `hapc ARGS` on `node`; it must succeed within `limit`. */
    static String okWithin(LocalCluster c, Duration limit, String node, String... args) throws Exception {
        long t0 = System.nanoTime();
        String out = c.ok(node, args);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(
                took.compareTo(limit) < 0,
                "hapc " + String.join(" ", args) + " answered in " + took.toMillis() + " ms");
        return out;
    }

    static List<JournalLine> startsOf(LocalCluster c, String rsc) {
        try {
            return c.journal().stream()
                    .filter(l -> l.resource().equals(rsc) && l.action().equals("start"))
                    .toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
