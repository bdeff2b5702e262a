package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** promotion.drl */
class PromotionRulesTest {
    private static final String PROMOTABLE =
            "<clone id=\"S\"><meta_attributes id=\"Sm\"><nvpair id=\"Sp\" name=\"promotable\" value=\"true\"/>"
                    + "</meta_attributes><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";

    @Test
    void theAgentsPromotionScorePicksThePromotedNode() {
        assertEquals(
                List.of("Start P:0 (n1)", "Promote P:1 (Stopped -> Promoted n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(PROMOTABLE)
                        .transientAttribute("n1", "master-P", "5")
                        .transientAttribute("n2", "master-P", "10")
                        .summary());
    }

    @Test
    void aNewPromotionWaitsForTheOldPromotedInstancesDemote() {
        // n2, the promoted one, may no longer run the clone: its instance is demoted and stopped, n1's promoted.
        // Promoting before that demote made two promoted instances for a moment (the fault campaign, issue 16).
        io.hapc.engine.Decision d = Scenario.nodes("n1", "n2", "n3")
                .resource(PROMOTABLE)
                .runs("P:0", "n1")
                .promoted("P:1", "n2")
                .runs("P:2", "n3")
                .transientAttribute("n1", "master-P", "5")
                .transientAttribute("n2", "master-P", "10")
                .transientAttribute("n3", "master-P", "1")
                .constraint("<rsc_location id=\"l\" rsc=\"S\" node=\"n2\" score=\"-INFINITY\"/>")
                .decide();
        assertEquals(
                List.of("Promote P:0 (Unpromoted -> Promoted n1)", "Stop P:1 (Promoted n2) due to node availability"),
                Scenario.summaryOf(d));
        var g = d.transition().graph();
        var demote = g.actions().stream()
                .filter(a -> a.type() == io.hapc.engine.actions.ActionType.DEMOTE)
                .findFirst()
                .orElseThrow();
        var promote = g.actions().stream()
                .filter(a -> a.type() == io.hapc.engine.actions.ActionType.PROMOTE)
                .findFirst()
                .orElseThrow();
        assertEquals("n2", demote.node());
        assertEquals("n1", promote.node());
        org.junit.jupiter.api.Assertions.assertTrue(
                g.edges().stream().anyMatch(e -> e.before() == demote.id() && e.after() == promote.id()),
                "the promote waits for the demote: " + g.edges());
    }

    @Test
    void withoutAPromotionScoreNothingIsPromoted() {
        assertEquals(
                List.of("Start P:0 (n1)", "Start P:1 (n2)"),
                Scenario.nodes("n1", "n2").resource(PROMOTABLE).summary());
    }

    @Test
    void aPromotedRoleLocationAddsToThePromotionScore() {
        assertEquals(
                List.of("Promote P:0 (Stopped -> Promoted n1)", "Start P:1 (n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(PROMOTABLE)
                        .transientAttribute("n1", "master-P", "5")
                        .transientAttribute("n2", "master-P", "10")
                        .constraint("<rsc_location id=\"l\" rsc=\"S\" node=\"n1\" role=\"Promoted\" score=\"100\"/>")
                        .summary());
    }

    @Test
    void targetRoleStartedStillAllowsPromotion() {
        // For a promotable clone, target-role=Started sets no limit (only Unpromoted or Stopped do).
        String started = PROMOTABLE.replace(
                "<nvpair id=\"Sp\" name=\"promotable\" value=\"true\"/>",
                "<nvpair id=\"Sp\" name=\"promotable\" value=\"true\"/><nvpair id=\"St\" name=\"target-role\" value=\"Started\"/>");
        assertEquals(
                List.of("Start P:0 (n1)", "Promote P:1 (Stopped -> Promoted n2)"),
                Scenario.nodes("n1", "n2")
                        .resource(started)
                        .transientAttribute("n1", "master-P", "5")
                        .transientAttribute("n2", "master-P", "10")
                        .summary());
    }

    private static final String DEMOTE_ON_FAIL = PROMOTABLE.replace(
            "type=\"Dummy\"/>",
            "type=\"Dummy\"><operations>"
                    + "<op id=\"Pm\" name=\"monitor\" interval=\"10s\" role=\"Promoted\" on-fail=\"demote\"/></operations></primitive>");

    @Test
    void onFailDemoteDemotesAndPromotesAgainWhereItIsStillTheBest() {
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(DEMOTE_ON_FAIL)
                .promotedMonitorFailed("P:0", "n1", 7)
                .runs("P:1", "n2")
                .transientAttribute("n1", "master-P", "10")
                .transientAttribute("n2", "master-P", "5");
        assertEquals(List.of("Re-promote P:0 (Promoted n1)"), s.summary());
    }

    @Test
    void onFailDemoteLetsABetterInstanceTakeThePromotedRole() {
        // The failure only asks for a demote; a ban of the Promoted role there moves it.
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(DEMOTE_ON_FAIL)
                .promotedMonitorFailed("P:0", "n1", 7)
                .runs("P:1", "n2")
                .transientAttribute("n1", "master-P", "10")
                .transientAttribute("n2", "master-P", "5")
                .constraint("<rsc_location id=\"l\" rsc=\"S\" node=\"n1\" role=\"Promoted\" score=\"-INFINITY\"/>");
        assertEquals(
                List.of("Demote P:0 (Promoted -> Unpromoted n1)", "Promote P:1 (Unpromoted -> Promoted n2)"),
                s.summary());
    }

    @Test
    void aPromotedInstanceThatCannotBeDemotedUsesUpPromotedMax() {
        // P:0's demote failed with on-fail=block: it stays promoted, so nothing else is promoted.
        String blocking = PROMOTABLE.replace(
                "type=\"Dummy\"/>",
                "type=\"Dummy\"><operations>"
                        + "<op id=\"Pd\" name=\"demote\" interval=\"0\" on-fail=\"block\"/></operations></primitive>");
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(blocking)
                .demoteFailed("P:0", "n1")
                .runs("P:1", "n2")
                .transientAttribute("n1", "master-P", "5")
                .transientAttribute("n2", "master-P", "10");
        assertEquals(List.of(), s.summary());
    }
}
