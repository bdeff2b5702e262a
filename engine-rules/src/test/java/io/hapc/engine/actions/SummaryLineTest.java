package io.hapc.engine.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryLineTest {
    @Test
    void aLineReadsAsCrmSimulateWordsItWithoutItsColumns() {
        assertEquals(
                "Fence (reboot) n2 'peer is no longer part of the cluster'",
                new SummaryLine("Fence (reboot)", "n2", "", Optional.of("peer is no longer part of the cluster"), false)
                        .text());
        assertEquals("Move R ( n1 -> n2 )", new SummaryLine("Move", "R", "n1 -> n2", Optional.empty(), false).text());
        assertEquals(
                "Stop R ( n1 ) due to node availability (blocked)",
                new SummaryLine("Stop", "R", "n1", Optional.of("node availability"), true).text());
        assertEquals("Start R ( n1 ) blocked", new SummaryLine("Start", "R", "n1", Optional.empty(), true).text());
    }
}
