package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** groups.drl */
class GroupsRulesTest {
    private static final String GROUP =
            "<group id=\"G\"><primitive id=\"A\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
                    + "<primitive id=\"B\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
                    + "<primitive id=\"C\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></group>";

    @Test
    void membersRunTogether() {
        assertEquals(
                List.of("Start A (n2)", "Start B (n2)", "Start C (n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(GROUP)
                        .constraint("<rsc_location id=\"l\" rsc=\"G\" node=\"n2\" score=\"10\"/>")
                        .summary());
    }

    @Test
    void aMemberThatCannotRunStopsTheMembersAfterIt() {
        assertEquals(
                List.of("Start A (n1)"),
                Scenario.nodes("n1")
                        .resource(GROUP)
                        .constraint("<rsc_location id=\"l\" rsc=\"B\" node=\"n1\" score=\"-INFINITY\"/>")
                        .summary());
    }

    @Test
    void recoveringAMemberRestartsTheMembersAfterIt() {
        assertEquals(
                List.of("Recover B (n1)", "Restart C (n1) due to required B start"),
                Scenario.nodes("n1")
                        .resource(GROUP)
                        .runs("A", "n1")
                        .monitorFailed("B", "n1", 7)
                        .runs("C", "n1")
                        .summary());
    }
}
