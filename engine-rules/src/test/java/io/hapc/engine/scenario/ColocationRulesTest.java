package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** colocation.drl */
class ColocationRulesTest {
    @Test
    void mandatoryColocationPlacesTheDependentWithItsPrimary() {
        assertEquals(List.of("Start Web (n2)", "Start VIP (n2)"), Scenario.nodes("n1", "n2").dummy("Web").dummy("VIP")
                .constraint("<rsc_colocation id=\"c\" rsc=\"Web\" with-rsc=\"VIP\" score=\"INFINITY\"/>")
                .constraint("<rsc_location id=\"l\" rsc=\"VIP\" node=\"n2\" score=\"10\"/>").summary());
    }

    @Test
    void antiColocationKeepsThemApart() {
        assertEquals(List.of("Start A (n2)", "Start B (n1)"), Scenario.nodes("n1", "n2").dummy("A").dummy("B")
                .constraint("<rsc_colocation id=\"c\" rsc=\"A\" with-rsc=\"B\" score=\"-INFINITY\"/>").summary());
    }

    @Test
    void theDependentPullsItsPrimaryTowardsNodesItMayUse() {
        // Web cannot run on n1; VIP must be where Web can follow.
        assertEquals(List.of("Start Web (n2)", "Start VIP (n2)"), Scenario.nodes("n1", "n2").dummy("Web").dummy("VIP")
                .constraint("<rsc_colocation id=\"c\" rsc=\"Web\" with-rsc=\"VIP\" score=\"INFINITY\"/>")
                .constraint("<rsc_location id=\"l\" rsc=\"Web\" node=\"n1\" score=\"-INFINITY\"/>").summary());
    }

    @Test
    void resourceSetsColocateEachMemberWithThePreviousOne() {
        assertEquals(List.of("Start A (n2)", "Start B (n2)", "Start C (n2)"), Scenario.nodes("n1", "n2").dummy("A").dummy("B").dummy("C")
                .constraint("<rsc_colocation id=\"c\" score=\"INFINITY\"><resource_set id=\"s\"><resource_ref id=\"A\"/>"
                        + "<resource_ref id=\"B\"/><resource_ref id=\"C\"/></resource_set></rsc_colocation>")
                .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"n2\" score=\"10\"/>").summary());
    }
}
