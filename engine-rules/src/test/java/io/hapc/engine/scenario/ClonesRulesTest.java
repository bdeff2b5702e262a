package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** clones.drl */
class ClonesRulesTest {
    private static final String CLONE =
            "<clone id=\"C\"><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";

    @Test
    void oneInstancePerNode() {
        assertEquals(
                List.of("Start P:0 (n1)", "Start P:1 (n2)", "Start P:2 (n3)"),
                Scenario.nodes("n1", "n2", "n3").resource(CLONE).summary());
    }

    @Test
    void aScoreForTheCloneHoldsForEveryInstance() {
        assertEquals(
                List.of("Start P:0 (n1)", "Start P:1 (n3)"),
                Scenario.nodes("n1", "n2", "n3")
                        .resource(CLONE)
                        .constraint("<rsc_location id=\"l\" rsc=\"C\" node=\"n2\" score=\"-INFINITY\"/>")
                        .summary());
    }

    @Test
    void anInstanceThatMayNotStayMovesWithItsNumber() {
        // clone-max 1: the one instance leaves the banned node for the other (Pacemaker: "Move P:0").
        String one = "<clone id=\"C\"><meta_attributes id=\"Cm\"><nvpair id=\"Cmax\" name=\"clone-max\" value=\"1\"/>"
                + "</meta_attributes><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";
        assertEquals(
                List.of("Move P:0 (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(one)
                        .runs("P:0", "n1")
                        .constraint("<rsc_location id=\"l\" rsc=\"C\" node=\"n1\" score=\"-INFINITY\"/>")
                        .summary());
    }

    private static final String CLONE_MIN_2 =
            "<clone id=\"C\"><meta_attributes id=\"Cm\"><nvpair id=\"Cmin\" name=\"clone-min\" value=\"2\"/>"
                    + "</meta_attributes><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";
    private static final String C_THEN_X = "<rsc_order id=\"o\" first=\"C\" then=\"X\"/>";

    @Test
    void anOrderAfterACloneWithCloneMinWaitsForThatManyInstances() {
        Scenario s = Scenario.nodes("n1", "n2", "n3")
                .resource(CLONE_MIN_2)
                .dummy("X")
                .constraint(C_THEN_X)
                .constraint("<rsc_location id=\"l1\" rsc=\"C\" node=\"n2\" score=\"-INFINITY\"/>")
                .constraint("<rsc_location id=\"l2\" rsc=\"C\" node=\"n3\" score=\"-INFINITY\"/>")
                .constraint("<rsc_location id=\"l3\" rsc=\"X\" node=\"n1\" score=\"100\"/>");
        assertEquals(
                List.of("Start P:0 (n1)", "Start X (n1) due to unrunnable clone-one-or-more:o (blocked)"), s.summary());
    }

    @Test
    void cloneMinInstancesAreEnough() {
        Scenario s = Scenario.nodes("n1", "n2", "n3")
                .resource(CLONE_MIN_2)
                .dummy("X")
                .constraint(C_THEN_X)
                .constraint("<rsc_location id=\"l1\" rsc=\"C\" node=\"n2\" score=\"-INFINITY\"/>")
                .constraint("<rsc_location id=\"l3\" rsc=\"X\" node=\"n1\" score=\"100\"/>");
        assertEquals(List.of("Start P:0 (n1)", "Start P:1 (n3)", "Start X (n1)"), s.summary());
    }

    @Test
    void anOrderWithRequireAllFalseAfterACloneNeedsOnlyOneInstanceEvenForInterleavedInstances() {
        String interleaved =
                "<clone id=\"D\"><meta_attributes id=\"Dm\"><nvpair id=\"Di\" name=\"interleave\" value=\"true\"/>"
                        + "</meta_attributes><primitive id=\"Q\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(CLONE)
                .resource(interleaved)
                .constraint("<rsc_order id=\"o\" first=\"C\" then=\"D\" require-all=\"false\"/>")
                .constraint("<rsc_location id=\"l1\" rsc=\"C\" node=\"n2\" score=\"-INFINITY\"/>")
                .constraint("<rsc_location id=\"l2\" rsc=\"D\" node=\"n1\" score=\"-INFINITY\"/>");
        assertEquals(List.of("Start P:0 (n1)", "Start Q:0 (n2)"), s.summary());
    }

    @Test
    void aCloneStartingAnotherInstanceLeavesItsDependentRunning() {
        // C then X: n2 comes back and C starts an instance there; X keeps running on n1.
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(CLONE)
                .dummy("X")
                .constraint(C_THEN_X)
                .runs("P:0", "n1")
                .runs("X", "n1");
        assertEquals(List.of("Start P:1 (n2)"), s.summary());
    }

    @Test
    void aCloneInstanceStoppingOnItsDependentsNodeRestartsIt() {
        // C may no longer run on n1 where X runs: X stops before P:0 does and starts again once C runs.
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(CLONE)
                .dummy("X")
                .constraint(C_THEN_X)
                .constraint("<rsc_location id=\"l\" rsc=\"C\" node=\"n1\" score=\"-INFINITY\"/>")
                .constraint("<rsc_location id=\"x\" rsc=\"X\" node=\"n1\" score=\"100\"/>")
                .runs("P:0", "n1")
                .runs("P:1", "n2")
                .runs("X", "n1");
        assertEquals(
                List.of("Stop P:0 (n1) due to node availability", "Restart X (n1) due to required C running"),
                s.summary());
    }

    @Test
    void anAnonymousInstanceIsNamedOnEachNodeByTheRecordItsNodeHolds() {
        // n1 was fenced and came back with nothing: n2's history says P:1, n3's says P (bare, as Pacemaker records
        // anonymous instances), and the engine numbers them P:0 and P:1 now. An order for an instance on a node
        // names the record that node holds; a node without one gets the bare id (one record per node, whatever
        // the next decision's numbering).
        Scenario s = Scenario.nodes("n1", "n2", "n3")
                .resource(CLONE)
                .runs("P:1", "n2")
                .runs("P", "n3");
        io.hapc.engine.Decision d = s.decide();
        assertEquals(List.of("Start P:2 (n1)"), Scenario.summaryOf(d));
        java.util.Map<String, String> byNode = new java.util.TreeMap<>();
        for (String i : List.of("P:0", "P:1", "P:2")) {
            io.hapc.engine.cluster.ResourceView v = d.cluster().primitivesById().get(i);
            v.presence()
                    .forEach(p -> byNode.put(p.node(), i + " as " + v.lrmNames().on(p.node())));
            if (i.equals("P:2")) assertEquals("P", v.lrmNames().on("n1"), "a node without a record: the bare id");
        }
        assertEquals(java.util.Map.of("n2", "P:0 as P:1", "n3", "P:1 as P"), byNode);
        assertEquals(
                0,
                d.cluster().primitivesById().values().stream()
                        .filter(io.hapc.engine.cluster.ResourceView::orphan)
                        .count(),
                "no orphaned instance");
    }

    @Test
    void anAnonymousClonesFailuresAddUpUnderEveryInstanceName() {
        // 2 + 1 failures recorded on n1 under two instance names reach migration-threshold 3 there.
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(CLONE)
                .rscDefault("migration-threshold=3")
                .runs("P:0", "n1")
                .runs("P:1", "n2")
                .transientAttribute("n1", "fail-count-P:0#monitor_10000", "2")
                .transientAttribute("n1", "fail-count-P:1#monitor_10000", "1");
        assertEquals(List.of("Stop P:0 (n1) due to node availability"), s.summary());
    }

    @Test
    void anInstanceBannedWhereItRunsStopsWhileAStoppedOneStartsElsewhere() {
        // P:0 reached migration-threshold on n1: P:1, running nowhere, is placed first and takes n2;
        // P:0 is left without a node (Pacemaker: no shuffling of instance numbers).
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(CLONE)
                .rscDefault("migration-threshold=1")
                .runs("P:0", "n1")
                .transientAttribute("n1", "fail-count-P:0#monitor_10000", "1");
        assertEquals(List.of("Stop P:0 (n1) due to node availability", "Start P:1 (n2)"), s.summary());
    }
}
