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
        var d = Scenario.nodes("n1", "n2").property("fencing-enabled=true").resource(FENCE_DEVICE).dummy("A")
                .runs("F", "n2").runs("A", "n1").nodeLost("n1").decide();
        assertEquals(List.of("Fence (reboot) n1 'peer is no longer part of the cluster'", "Move A (n1 -> n2)"), Scenario.summaryOf(d));
        var graph = d.transition().graph();
        int fence = graph.actions().stream().filter(a -> a.type() == ActionType.FENCE).findFirst().orElseThrow().id();
        int start = graph.actions().stream().filter(a -> a.type() == ActionType.START).findFirst().orElseThrow().id();
        assertTrue(graph.edges().stream().anyMatch(e -> e.before() == fence && e.after() == start), graph.toString());
    }

    @Test
    void aFailedStopFencesItsNode() {
        var lines = Scenario.nodes("n1", "n2").property("fencing-enabled=true").resource(FENCE_DEVICE).dummy("A")
                .runs("F", "n2").stopFailed("A", "n1").summary();
        assertEquals("Fence (reboot) n1 'A failed there'", lines.get(0));
        assertTrue(lines.contains("Recover A (n1 -> n2)"), lines.toString());
    }

    @Test
    void aNodeAskedToTerminateIsFenced() {
        var lines = Scenario.nodes("n1", "n2").property("fencing-enabled=true").resource(FENCE_DEVICE).dummy("A")
                .runs("F", "n2").runs("A", "n1").transientAttribute("n1", "terminate", "true").summary();
        assertEquals("Fence (reboot) n1 'fencing was requested'", lines.get(0));
        assertTrue(lines.contains("Move A (n1 -> n2)"), lines.toString());
    }

    @Test
    void withoutAFencingDeviceNothingStarts() {
        var d = Scenario.nodes("n1").property("fencing-enabled=true").dummy("A").decide();
        assertEquals(List.of("Start A (n1) due to fencing is enabled but no fencing device is configured (blocked)"), Scenario.summaryOf(d));
        assertTrue(d.derived().warnings().stream().anyMatch(w -> w.message().contains("No stonith devices")));
    }

    @Test
    void fencingDisabledLostNodeIsJustOffline() {
        // Without fencing a vanished node counts as cleanly down: what ran there is stopped.
        assertEquals(List.of("Start A (n2)"), Scenario.nodes("n1", "n2").dummy("A").runs("A", "n1").nodeLost("n1").summary());
    }
}
