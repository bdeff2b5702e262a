package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** colocation.drl */
class ColocationRulesTest {
    @Test
    void mandatoryColocationPlacesTheDependentWithItsPrimary() {
        assertEquals(
                List.of("Start Web (n2)", "Start VIP (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("Web")
                        .dummy("VIP")
                        .constraint("<rsc_colocation id=\"c\" rsc=\"Web\" with-rsc=\"VIP\" score=\"INFINITY\"/>")
                        .constraint("<rsc_location id=\"l\" rsc=\"VIP\" node=\"n2\" score=\"10\"/>")
                        .summary());
    }

    @Test
    void antiColocationKeepsThemApart() {
        assertEquals(
                List.of("Start A (n2)", "Start B (n1)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .dummy("B")
                        .constraint("<rsc_colocation id=\"c\" rsc=\"A\" with-rsc=\"B\" score=\"-INFINITY\"/>")
                        .summary());
    }

    @Test
    void theDependentPullsItsPrimaryTowardsNodesItMayUse() {
        // Web cannot run on n1; VIP must be where Web can follow.
        assertEquals(
                List.of("Start Web (n2)", "Start VIP (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("Web")
                        .dummy("VIP")
                        .constraint("<rsc_colocation id=\"c\" rsc=\"Web\" with-rsc=\"VIP\" score=\"INFINITY\"/>")
                        .constraint("<rsc_location id=\"l\" rsc=\"Web\" node=\"n1\" score=\"-INFINITY\"/>")
                        .summary());
    }

    @Test
    void resourceSetsColocateEachMemberWithThePreviousOne() {
        assertEquals(
                List.of("Start A (n2)", "Start B (n2)", "Start C (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .dummy("B")
                        .dummy("C")
                        .constraint(
                                "<rsc_colocation id=\"c\" score=\"INFINITY\"><resource_set id=\"s\"><resource_ref id=\"A\"/>"
                                        + "<resource_ref id=\"B\"/><resource_ref id=\"C\"/></resource_set></rsc_colocation>")
                        .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"n2\" score=\"10\"/>")
                        .summary());
    }

    private static Scenario twoNodesBAntiColocatedWithAOnlyN1LeftForB(String colocation) {
        // A runs on n1, B on n2 where it has failed for good: B can only run where A is.
        return Scenario.nodes("n1", "n2")
                .dummy("A")
                .dummy("B")
                .rscDefault("migration-threshold=1")
                .constraint(colocation)
                .runs("A", "n1")
                .monitorFailed("B", "n2", 1)
                .transientAttribute("n2", "fail-count-B#monitor_10000", "1");
    }

    @Test
    void anOptionalAntiColocationGivesWayWhenTheDependentHasNoOtherNode() {
        // Pacemaker rolls back an optional colocation that would leave the dependent nowhere to run;
        // with stickiness A stays, so B joins it on n1 rather than stopping.
        assertEquals(
                List.of("Recover B (n2 -> n1)"),
                twoNodesBAntiColocatedWithAOnlyN1LeftForB(
                                "<rsc_colocation id=\"c\" rsc=\"B\" with-rsc=\"A\" score=\"-5000\"/>")
                        .rscDefault("resource-stickiness=INFINITY")
                        .summary());
    }

    @Test
    void anAntiColocatedDependentWithOneNodeLeftPushesItsPrimaryAway() {
        // Without stickiness, A leaves n1 to the only node B may use.
        assertEquals(
                List.of("Move A (n1 -> n2)", "Recover B (n2 -> n1)"),
                twoNodesBAntiColocatedWithAOnlyN1LeftForB(
                                "<rsc_colocation id=\"c\" rsc=\"B\" with-rsc=\"A\" score=\"-5000\"/>")
                        .summary());
    }

    @Test
    void withoutInfluenceTheDependentDoesNotMoveAnActivePrimary() {
        assertEquals(
                List.of("Recover B (n2 -> n1)"),
                twoNodesBAntiColocatedWithAOnlyN1LeftForB(
                                "<rsc_colocation id=\"c\" rsc=\"B\" with-rsc=\"A\" score=\"-5000\" influence=\"false\"/>")
                        .summary());
    }

    @Test
    void aMandatoryAntiColocationIsNeverRolledBack() {
        assertEquals(
                List.of("Stop B (n2) due to node availability"),
                twoNodesBAntiColocatedWithAOnlyN1LeftForB(
                                "<rsc_colocation id=\"c\" rsc=\"B\" with-rsc=\"A\" score=\"-INFINITY\"/>")
                        .rscDefault("resource-stickiness=INFINITY")
                        .summary());
    }
}
