package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.actions.ActionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** fencing.drl */
class FencingRulesTest {
    private static final String FENCE_DEVICE = "<primitive id=\"F\" class=\"stonith\" type=\"fence_dummy\"/>";

    @Test
    void aLostNodeIsFencedBeforeItsResourcesMove() {
        var d = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .resource(FENCE_DEVICE)
                .dummy("A")
                .runs("F", "n2")
                .runs("A", "n1")
                .nodeLost("n1")
                .decide();
        assertEquals(
                List.of("Fence (reboot) n1 'peer is no longer part of the cluster'", "Move A (n1 -> n2)"),
                Scenario.summaryOf(d));
        var graph = d.transition().graph();
        int fence = graph.actions().stream()
                .filter(a -> a.type() == ActionType.FENCE)
                .findFirst()
                .orElseThrow()
                .id();
        int start = graph.actions().stream()
                .filter(a -> a.type() == ActionType.START)
                .findFirst()
                .orElseThrow()
                .id();
        assertTrue(graph.edges().stream().anyMatch(e -> e.before() == fence && e.after() == start), graph.toString());
    }

    @Test
    void aFailedStopFencesItsNode() {
        var lines = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .resource(FENCE_DEVICE)
                .dummy("A")
                .runs("F", "n2")
                .stopFailed("A", "n1")
                .summary();
        assertEquals("Fence (reboot) n1 'A failed there'", lines.get(0));
        assertTrue(lines.contains("Recover A (n1 -> n2)"), lines.toString());
    }

    @Test
    void aNodeAskedToTerminateIsFenced() {
        var lines = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .resource(FENCE_DEVICE)
                .dummy("A")
                .runs("F", "n2")
                .runs("A", "n1")
                .transientAttribute("n1", "terminate", "true")
                .summary();
        assertEquals("Fence (reboot) n1 'fencing was requested'", lines.get(0));
        assertTrue(lines.contains("Move A (n1 -> n2)"), lines.toString());
    }

    @Test
    void withoutAFencingDeviceNothingStarts() {
        var d = Scenario.nodes("n1").property("fencing-enabled=true").dummy("A").decide();
        // Pacemaker disables start-up: the start is not even planned (the warning says why).
        assertEquals(List.of(), Scenario.summaryOf(d));
        assertTrue(d.derived().warnings().stream().anyMatch(w -> w.message().contains("No stonith devices")));
    }

    @Test
    void fencingDisabledLostNodeIsJustOffline() {
        // Without fencing a vanished node counts as cleanly down: what ran there is stopped.
        assertEquals(
                List.of("Start A (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .runs("A", "n1")
                        .nodeLost("n1")
                        .summary());
    }

    private static final String IMPORTANT = "<primitive id=\"DB\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
            + "<meta_attributes id=\"DB-meta\"><nvpair id=\"DB-prio\" name=\"priority\" value=\"10\"/></meta_attributes></primitive>";

    @Test
    void priorityFencingDelayHoldsBackFencingOfTheLostNodeWithTheMoreImportantResources() {
        // A two-node split seen from n2: n1 runs DB (priority 10), so fencing n1 waits and n1 wins the race.
        var d = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .property("priority-fencing-delay=15s")
                .resource(FENCE_DEVICE)
                .resource(IMPORTANT)
                .dummy("A")
                .runs("F", "n2")
                .runs("DB", "n1")
                .runs("A", "n2")
                .nodeLost("n1")
                .decide();
        assertEquals(java.time.Duration.ofSeconds(15), d.derived().fenceDelay("n1"));
        assertTrue(
                d.derived().fenceDelays().get(0).reason().contains("priority-fencing-delay"),
                d.derived().fenceDelays().toString());
    }

    @Test
    void priorityFencingDelayLeavesTheLessImportantOrAnEqualNodeUndelayed() {
        // n1 lost runs only A (priority 0) while the survivor n2 runs DB: no delay for fencing n1.
        var lessImportant = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .property("priority-fencing-delay=15s")
                .resource(FENCE_DEVICE)
                .resource(IMPORTANT)
                .dummy("A")
                .runs("F", "n2")
                .runs("DB", "n2")
                .runs("A", "n1")
                .nodeLost("n1")
                .decide();
        assertEquals(java.time.Duration.ZERO, lessImportant.derived().fenceDelay("n1"));
        // Equal priorities (0 and 0): no delay either.
        var equal = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .property("priority-fencing-delay=15s")
                .resource(FENCE_DEVICE)
                .dummy("A")
                .runs("F", "n2")
                .runs("A", "n1")
                .nodeLost("n1")
                .decide();
        assertEquals(java.time.Duration.ZERO, equal.derived().fenceDelay("n1"));
    }

    @Test
    void priorityFencingDelayDoesNotApplyInAPartitionWithAMajority() {
        // Three nodes, two still together: they win any race anyway, no delay.
        var d = Scenario.nodes("n1", "n2", "n3")
                .property("fencing-enabled=true")
                .property("priority-fencing-delay=15s")
                .resource(FENCE_DEVICE)
                .resource(IMPORTANT)
                .runs("F", "n2")
                .runs("DB", "n1")
                .nodeLost("n1")
                .decide();
        assertEquals(java.time.Duration.ZERO, d.derived().fenceDelay("n1"));
    }

    private static final String UNFENCING_DEVICE = "<primitive id=\"F\" class=\"stonith\" type=\"fence_scsi\">"
            + "<meta_attributes id=\"F-meta\"><nvpair id=\"F-provides\" name=\"provides\" value=\"unfencing\"/>"
            + "</meta_attributes></primitive>";

    @Test
    void aNodeNeverUnfencedIsUnfencedBeforeItProbesTheDevice() {
        // n1 was unfenced and knows F and A; n2 never was and has probed nothing: its first probe (F's) needs it.
        var d = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .rscDefault("resource-stickiness=100")
                .resource(UNFENCING_DEVICE)
                .dummy("A")
                .runs("F", "n1")
                .runs("A", "n1")
                .transientAttribute("n1", "#node-unfenced", "1234567")
                .decide();
        assertEquals(List.of("Fence (on) n2 'required by F monitor'"), Scenario.summaryOf(d));
        assertEquals(
                java.util.Map.of("n2", "required by F monitor"), d.transition().unfencedNodes());
        // Unfencing takes no node down: nothing is fenced, and the graph (what hapc's daemons run) has no fencing.
        assertTrue(d.transition().fencedNodes().isEmpty());
        assertTrue(
                d.transition().graph().actions().stream().noneMatch(a -> a.type() == ActionType.FENCE),
                d.transition().graph().toString());
        assertEquals(
                "unfencing", d.cluster().primitivesById().get("A").meta().requires(), "requires defaults to unfencing");
    }

    @Test
    void withoutADeviceProvidingUnfencingNoNodeIsUnfenced() {
        var d = Scenario.nodes("n1", "n2")
                .property("fencing-enabled=true")
                .rscDefault("resource-stickiness=100")
                .resource(FENCE_DEVICE)
                .dummy("A")
                .runs("F", "n1")
                .runs("A", "n1")
                .decide();
        assertEquals(List.of(), Scenario.summaryOf(d));
        assertEquals("fencing", d.cluster().primitivesById().get("A").meta().requires());
    }

    @Test
    void aDeviceRecordedWithAnotherAgentRestartsWithTheConfiguredOne() {
        // The history says fence_dummy ran F on n1; the configuration now says fence_scsi: a restart (no
        // reason printed), and with unfencing in use the device's node is unfenced again, restarting A there.
        var same = Scenario.nodes("n1")
                .property("fencing-enabled=true")
                .resource(UNFENCING_DEVICE)
                .dummy("A")
                .runs("F", "n1")
                .runs("A", "n1")
                .transientAttribute("n1", "#node-unfenced", "1234567");
        assertEquals(List.of(), same.summary());
        var changed =
                same.recordedAs("F", "class=\"stonith\" type=\"fence_dummy\"").decide();
        assertEquals(
                List.of(
                        "Fence (on) n1 'Device definition changed'",
                        "Restart F (n1)",
                        "Restart A (n1) due to required stonith"),
                Scenario.summaryOf(changed));
    }
}
