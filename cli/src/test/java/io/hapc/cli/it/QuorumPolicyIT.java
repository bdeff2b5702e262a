package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node cut off from ZooKeeper loses quorum and does what quorum.drl says for each no-quorum-policy,
 * on real hapcd processes: one cluster, n3 cut off and healed once per policy. Resources that only n3
 * may run (banned from n1 and n2) make n3's own reaction the only thing that moves them, and keep the
 * policies that leave them running (freeze, ignore) from ever running them twice.
 */
class QuorumPolicyIT extends ThreeNodeClusterTest {
    private static final Path STATEFUL = Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful");
    private static final Duration REACT = Duration.ofSeconds(30);

    @Test
    void aNodeCutOffFromZooKeeperReactsAsNoQuorumPolicySays() throws Exception {
        assumeTrue(
                Files.isExecutable(STATEFUL), "needs Pacemaker's Stateful agent (Debian: pacemaker-resource-agents)");
        long t0 = System.nanoTime();
        LocalCluster c = start(3000, "n3");
        // Fencing off: n3's own reaction is what this test observes (with fencing the majority would fence n3
        // anyway, whatever n3 does by itself). Only suicide needs it on; it comes last.
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok(
                "n1",
                "resource",
                "create",
                "db",
                "ocf:pacemaker:Stateful",
                "op",
                "monitor",
                "interval=5s",
                "role=Promoted",
                "op",
                "monitor",
                "interval=6s",
                "role=Unpromoted",
                "--disabled");
        // One instance, started only once it may run on n3 alone: no instance is placed and moved meanwhile.
        c.ok("n1", "resource", "promotable", "db", "promoted-max=1", "clone-max=1");
        for (String rsc : List.of("R", "db-clone")) {
            for (String other : List.of("n1", "n2"))
                c.ok("n1", "constraint", "location", "add", rsc + "-not-" + other, rsc, other, "score=-INFINITY");
        }
        c.ok("n1", "resource", "enable", "db");
        awaitSettledOnN3(c);

        // stop: everything n3 runs stops.
        long since = cutOff(c, "stop");
        c.await(
                "n3 stopped R and db by itself",
                REACT,
                () -> !dummyRuns(c, "R") && statefulRole(c).isEmpty());
        heal(c);

        // freeze: what runs keeps running, nothing starts; ignore: as if nothing happened. Alike on n3.
        for (String policy : List.of("freeze", "ignore")) {
            since = cutOff(c, policy);
            awaitLeftRunning(c);
            assertTrue(dummyRuns(c, "R"), policy + ": R keeps running on n3");
            assertEquals(Optional.of("Promoted"), statefulRole(c), policy + ": db stays promoted on n3");
            assertEquals(List.of(), actionsOnN3Since(c, since), policy + ": n3 stops and starts nothing");
            heal(c);
        }

        // demote: the promoted instance is demoted and keeps running; the rest stops.
        since = cutOff(c, "demote");
        long demoteSince = since;
        // The journal has an action once it ended: Stateful's demote ends after its crm_attribute call.
        c.await(
                "n3 demoted db and stopped R",
                REACT,
                () -> !dummyRuns(c, "R")
                        && statefulRole(c).equals(Optional.of("Unpromoted"))
                        && actionsOnN3Since(c, demoteSince).containsAll(List.of("db demote", "R stop")));
        List<String> demoteActions = actionsOnN3Since(c, since);
        assertTrue(!demoteActions.contains("db stop"), "demote: db keeps running, unpromoted: " + demoteActions);
        heal(c);

        // suicide: the engine fences every node of the partition, n3 itself too: its hapcd ends at once.
        c.ok("n1", "property", "set", "stonith-enabled=true");
        fencing(c); // fence_dummy only records the power state: n3's process is ended by n3 alone
        cutOff(c, "suicide");
        LocalCluster.Node n3 = c.node("n3");
        assertTrue(n3.process.waitFor(REACT.toSeconds(), TimeUnit.SECONDS), "suicide: n3's hapcd ended itself");
        assertEquals(137, n3.process.exitValue(), "suicide: n3 halted (137), not a clean stop");
        assertTrue(
                c.logLines("the policy engine fences this node").contains("n3"),
                c.logLines("cut off from the cluster"));
        System.out.printf(
                "QuorumPolicyIT: five policies in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    }

    /** Sets the policy, waits until n3's own CIB has it, cuts n3 off; returns when (for the journal) it was cut. */
    private static long cutOff(LocalCluster c, String policy) throws Exception {
        c.ok("n1", "property", "set", "no-quorum-policy=" + policy);
        c.await(
                "n3 knows no-quorum-policy=" + policy,
                MOVE,
                () -> c.cib("n3")
                        .flatMap(cib -> cib.property("no-quorum-policy"))
                        .equals(Optional.of(policy)));
        long since = System.currentTimeMillis() * 1000;
        c.proxy("n3").cut();
        return since;
    }

    private static void heal(LocalCluster c) throws Exception {
        c.proxy("n3").heal();
        awaitSettledOnN3(c);
    }

    /** n3 back in the cluster, running R and the promoted db. */
    private static void awaitSettledOnN3(LocalCluster c) throws Exception {
        c.await(
                "n3 online, running R and db promoted",
                MOVE,
                () -> c.online("n3") && dummyRuns(c, "R") && statefulRole(c).equals(Optional.of("Promoted")));
    }

    /** The guard's own word that it left the resources running (freeze, ignore): the cut-off was acted on. */
    private static void awaitLeftRunning(LocalCluster c) throws Exception {
        long before = c.logCount("resources left running");
        c.await(
                "n3 found itself cut off and left its resources running",
                REACT,
                () -> c.logCount("resources left running") > before);
    }

    private static boolean dummyRuns(LocalCluster c, String rsc) {
        return Files.exists(c.node("n3").rscTmp().resolve("Dummy-" + rsc + ".state"));
    }

    /** db's role on n3, as Pacemaker's Stateful agent records it (no file: stopped). */
    private static Optional<String> statefulRole(LocalCluster c) {
        try (var files = Files.list(c.node("n3").varRun())) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("Stateful-db"))
                    .filter(f -> f.getFileName().toString().endsWith(".state"))
                    .toList()) {
                return Optional.of(Files.readString(f).strip());
            }
        } catch (java.io.IOException e) {
            return Optional.of("(being written)");
        }
        return Optional.empty();
    }

    /** "RSC ACTION" of every non-recurring action n3 began at or after {@code sinceMicros} (db for db:0). */
    private static List<String> actionsOnN3Since(LocalCluster c, long sinceMicros) {
        List<LocalCluster.JournalLine> journal;
        try {
            journal = c.journal();
        } catch (java.io.IOException e) {
            return List.of();
        }
        return journal.stream()
                .filter(l -> l.node().equals("n3") && l.beginMicros() >= sinceMicros && l.intervalMs() == 0)
                .filter(l -> !l.action().equals("monitor"))
                .map(l -> l.resource().replaceAll(":\\d+$", "") + " " + l.action())
                .toList();
    }
}
