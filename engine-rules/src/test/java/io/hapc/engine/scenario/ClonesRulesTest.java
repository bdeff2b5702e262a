package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** clones.drl */
class ClonesRulesTest {
    private static final String CLONE = "<clone id=\"C\"><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";

    @Test
    void oneInstancePerNode() {
        assertEquals(List.of("Start P:0 (n1)", "Start P:1 (n2)", "Start P:2 (n3)"), Scenario.nodes("n1", "n2", "n3").resource(CLONE).summary());
    }

    @Test
    void aScoreForTheCloneHoldsForEveryInstance() {
        assertEquals(List.of("Start P:0 (n1)", "Start P:1 (n3)"), Scenario.nodes("n1", "n2", "n3").resource(CLONE)
                .constraint("<rsc_location id=\"l\" rsc=\"C\" node=\"n2\" score=\"-INFINITY\"/>").summary());
    }
}
