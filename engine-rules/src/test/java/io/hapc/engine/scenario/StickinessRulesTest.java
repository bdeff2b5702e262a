package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** stickiness.drl */
class StickinessRulesTest {
    private static final String PREFER_N2 = "<rsc_location id=\"l\" rsc=\"A\" node=\"n2\" score=\"50\"/>";

    @Test
    void stickinessAboveThePreferenceKeepsTheResourceWhereItRuns() {
        assertEquals(
                List.of(),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .runs("A", "n1")
                        .rscDefault("resource-stickiness=100")
                        .constraint(PREFER_N2)
                        .summary());
    }

    @Test
    void stickinessBelowThePreferenceLetsItMove() {
        assertEquals(
                List.of("Move A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .runs("A", "n1")
                        .rscDefault("resource-stickiness=10")
                        .constraint(PREFER_N2)
                        .summary());
    }

    @Test
    void noStickinessAfterAFailureThere() {
        // A failed monitor: the resource is recovered, and with a preference elsewhere it moves.
        assertEquals(
                List.of("Recover A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .monitorFailed("A", "n1", 1)
                        .rscDefault("resource-stickiness=100")
                        .constraint(PREFER_N2)
                        .summary());
    }
}
