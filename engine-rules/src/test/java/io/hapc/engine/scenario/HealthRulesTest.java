package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** health.drl */
class HealthRulesTest {
    @Test
    void withoutAStrategyHealthAttributesAreIgnored() {
        assertEquals(
                List.of("Start A (n1)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .transientAttribute("n1", "#health-disk", "red")
                        .summary());
    }

    @Test
    void migrateOnRedBansARedNode() {
        assertEquals(
                List.of("Start A (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .property("node-health-strategy=migrate-on-red")
                        .transientAttribute("n1", "#health-disk", "red")
                        .summary());
    }

    @Test
    void onlyGreenBansAYellowNodeAndMovesWhatRunsThere() {
        assertEquals(
                List.of("Move A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .runs("A", "n1")
                        .property("node-health-strategy=only-green")
                        .transientAttribute("n1", "#health-cpu", "yellow")
                        .summary());
    }

    @Test
    void progressiveAddsTheConfiguredColourScores() {
        // yellow scores -100 on n1; a preference of 50 for n1 no longer wins.
        assertEquals(
                List.of("Start A (n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .property("node-health-strategy=progressive")
                        .property("node-health-yellow=-100")
                        .transientAttribute("n1", "#health-cpu", "yellow")
                        .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"n1\" score=\"50\"/>")
                        .summary());
    }
}
