package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** utilization.drl */
class UtilizationRulesTest {
    private static Scenario twoNodes() {
        return Scenario.nodes("n1", "n2")
                .property("placement-strategy=utilization")
                .nodeXml(
                        "n1",
                        "<node id=\"n1\" uname=\"n1\"><utilization id=\"u1\"><nvpair id=\"u1c\" name=\"cpu\" value=\"1\"/></utilization></node>")
                .nodeXml(
                        "n2",
                        "<node id=\"n2\" uname=\"n2\"><utilization id=\"u2\"><nvpair id=\"u2c\" name=\"cpu\" value=\"4\"/></utilization></node>");
    }

    private static String needs(String id, int cpu) {
        return "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"><utilization id=\""
                + id + "-u\"><nvpair id=\"" + id + "-uc\" name=\"cpu\" value=\"" + cpu
                + "\"/></utilization></primitive>";
    }

    @Test
    void aNodeTooSmallForTheResourceIsOut() {
        assertEquals(
                List.of("Start Big (n2)"),
                twoNodes()
                        .resource(needs("Big", 2))
                        .constraint("<rsc_location id=\"l\" rsc=\"Big\" node=\"n1\" score=\"100\"/>")
                        .summary());
    }

    @Test
    void capacityLeftOverIsRespected() {
        // A takes 3 of n2's 4 cpus; B needs 2: n1 has 1 in all, n2 only 1 left.
        assertEquals(
                List.of("Start A (n2)"),
                twoNodes().resource(needs("A", 3)).resource(needs("B", 2)).summary());
    }

    @Test
    void aChainThatFitsNowhereGoesToTheNodeWithMostCapacityLeft() {
        // B and C must run with A; 6 cpus fit on no node, so A takes n2 (4 cpus, n1 has 2, the
        // first node would win a tie) and C, going first (priority), still fits beside it.
        Scenario s = Scenario.nodes("n1", "n2")
                .property("placement-strategy=utilization")
                .nodeXml(
                        "n1",
                        "<node id=\"n1\" uname=\"n1\"><utilization id=\"u1\"><nvpair id=\"u1c\" name=\"cpu\" value=\"2\"/></utilization></node>")
                .nodeXml(
                        "n2",
                        "<node id=\"n2\" uname=\"n2\"><utilization id=\"u2\"><nvpair id=\"u2c\" name=\"cpu\" value=\"4\"/></utilization></node>")
                .resource(needs("A", 2))
                .resource(needs("B", 2))
                .resource(needs("C", 2)
                        .replace(
                                "</primitive>",
                                "<meta_attributes id=\"C-m\"><nvpair id=\"C-p\""
                                        + " name=\"priority\" value=\"1\"/></meta_attributes></primitive>"))
                .constraint("<rsc_colocation id=\"b-a\" rsc=\"B\" with-rsc=\"A\" score=\"INFINITY\"/>")
                .constraint("<rsc_colocation id=\"c-a\" rsc=\"C\" with-rsc=\"A\" score=\"INFINITY\"/>");
        assertEquals(List.of("Start A (n2)", "Start C (n2)"), s.summary());
    }

    @Test
    void aRunningCloneInstanceStopsWhereCapacityRanOut() {
        // Big (higher priority) takes n2's 4 cpus: the instance running there has no room left.
        Scenario s = twoNodes()
                .resource("<clone id=\"C\">" + needs("Inst", 1) + "</clone>")
                .resource(needs("Big", 4)
                        .replace(
                                "</primitive>",
                                "<meta_attributes id=\"Big-m\"><nvpair id=\"Big-p\""
                                        + " name=\"priority\" value=\"1\"/></meta_attributes></primitive>"))
                .runs("Inst:0", "n1")
                .runs("Inst:1", "n2");
        assertEquals(List.of("Stop Inst:1 (n2) due to node availability", "Start Big (n2)"), s.summary());
    }
}
