package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** location.drl */
class LocationRulesTest {
    @Test
    void fixedNodeScore() {
        assertEquals(
                List.of("Start A (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"n2\" score=\"100\"/>")
                        .summary());
    }

    @Test
    void fixedNodeScoreForResourcesMatchingAPattern() {
        assertEquals(
                List.of("Start db1 (n2)", "Start web (n1)"),
                Scenario.nodes("n1", "n2")
                        .dummy("db1")
                        .dummy("web")
                        .constraint("<rsc_location id=\"l\" rsc-pattern=\"db.*\" node=\"n2\" score=\"100\"/>")
                        .summary());
    }

    @Test
    void ruleMatchesNodeAttributes() {
        Scenario s = Scenario.nodes("n1", "n2")
                .dummy("A")
                .nodeXml(
                        "n2",
                        "<node id=\"n2\" uname=\"n2\"><instance_attributes id=\"a2\"><nvpair id=\"a2z\" name=\"zone\" value=\"east\"/></instance_attributes></node>")
                .constraint(
                        "<rsc_location id=\"l\" rsc=\"A\"><rule id=\"r\" score=\"50\"><expression id=\"e\" attribute=\"zone\" operation=\"eq\" value=\"east\"/></rule></rsc_location>");
        assertEquals(List.of("Start A (n2)"), s.summary());
    }

    @Test
    void dateRuleOnlyAppliesInsideItsRange() {
        String loc =
                "<rsc_location id=\"l\" rsc=\"A\"><rule id=\"r\" score=\"INFINITY\"><date_expression id=\"d\" operation=\"date_spec\">"
                        + "<date_spec id=\"ds\" hours=\"9-17\"/></date_expression><expression id=\"e\" attribute=\"#uname\" operation=\"eq\" value=\"n2\"/></rule></rsc_location>";
        assertEquals(
                List.of("Start A (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .constraint(loc)
                        .at("2026-06-01T12:00:00Z")
                        .summary());
        assertEquals(
                List.of("Start A (n1)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .constraint(loc)
                        .at("2026-06-01T20:00:00Z")
                        .summary());
    }

    @Test
    void standbyNodeCannotHostResources() {
        Scenario s = Scenario.nodes("n1", "n2").dummy("A").runs("A", "n1").transientAttribute("n1", "standby", "on");
        assertEquals(List.of("Move A (n1 -> n2)"), s.summary());
    }

    @Test
    void asymmetricClusterRunsOnlyWhereAllowed() {
        Scenario s = Scenario.nodes("n1", "n2", "n3")
                .property("symmetric-cluster=false")
                .dummy("A")
                .dummy("B")
                .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"n3\" score=\"0\"/>");
        assertEquals(List.of("Start A (n3)"), s.summary());
    }

    @Test
    void explanationNamesTheConstraint() {
        var d = Scenario.nodes("n1", "n2")
                .dummy("A")
                .constraint("<rsc_location id=\"prefer-n2\" rsc=\"A\" node=\"n2\" score=\"100\"/>")
                .decide();
        var reasons = d.placement().explanations().get("A").contributions().get("n2");
        assertTrue(
                reasons.stream()
                        .anyMatch(r -> r.score() == 100
                                && r.reason().contains("prefer-n2")
                                && r.rule().equals("location: fixed node score")),
                reasons.toString());
    }
}
