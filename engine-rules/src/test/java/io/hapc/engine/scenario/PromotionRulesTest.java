package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** promotion.drl */
class PromotionRulesTest {
    private static final String PROMOTABLE = "<clone id=\"S\"><meta_attributes id=\"Sm\"><nvpair id=\"Sp\" name=\"promotable\" value=\"true\"/>"
            + "</meta_attributes><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";

    @Test
    void theAgentsPromotionScorePicksThePromotedNode() {
        assertEquals(List.of("Start P:0 (n1)", "Promote P:1 (Stopped -> Promoted n2)"), Scenario.nodes("n1", "n2").resource(PROMOTABLE)
                .transientAttribute("n1", "master-P", "5").transientAttribute("n2", "master-P", "10").summary());
    }

    @Test
    void withoutAPromotionScoreNothingIsPromoted() {
        assertEquals(List.of("Start P:0 (n1)", "Start P:1 (n2)"), Scenario.nodes("n1", "n2").resource(PROMOTABLE).summary());
    }

    @Test
    void aPromotedRoleLocationAddsToThePromotionScore() {
        assertEquals(List.of("Promote P:0 (Stopped -> Promoted n1)", "Start P:1 (n2)"), Scenario.nodes("n1", "n2").resource(PROMOTABLE)
                .transientAttribute("n1", "master-P", "5").transientAttribute("n2", "master-P", "10")
                .constraint("<rsc_location id=\"l\" rsc=\"S\" node=\"n1\" role=\"Promoted\" score=\"100\"/>").summary());
    }

    @Test
    void targetRoleStartedStillAllowsPromotion() {
        // For a promotable clone, target-role=Started sets no limit (only Unpromoted or Stopped do).
        String started = PROMOTABLE.replace("<nvpair id=\"Sp\" name=\"promotable\" value=\"true\"/>",
                "<nvpair id=\"Sp\" name=\"promotable\" value=\"true\"/><nvpair id=\"St\" name=\"target-role\" value=\"Started\"/>");
        assertEquals(List.of("Start P:0 (n1)", "Promote P:1 (Stopped -> Promoted n2)"), Scenario.nodes("n1", "n2").resource(started)
                .transientAttribute("n1", "master-P", "5").transientAttribute("n2", "master-P", "10").summary());
    }
}
