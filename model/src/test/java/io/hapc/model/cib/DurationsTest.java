package io.hapc.model.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parsesPacemakerAndIsoSyntax() {
        assertEquals(10_000, Durations.parseMillis("10"));
        assertEquals(10_000, Durations.parseMillis("10s"));
        assertEquals(60_000, Durations.parseMillis("1m"));
        assertEquals(120_000, Durations.parseMillis("2min"));
        assertEquals(500, Durations.parseMillis("500ms"));
        assertEquals(0, Durations.parseMillis("0"));
        assertEquals(3_600_000, Durations.parseMillis("1h"));
        assertEquals(10_000, Durations.parseMillis("PT10S"));
        assertEquals(90_000, Durations.parseMillis("PT1M30S"));
    }

    @Test
    void takesIsoHoursAndSecondsWithoutTheTimeDesignatorAsPacemakerDoes() {
        assertEquals(10_000, Durations.parseMillis("P10S"));
        assertEquals(3_600_000, Durations.parseMillis("P1H"));
        assertEquals(86_400_000L + 60_000, Durations.parseMillis("P1DT1M"));
    }

    @Test
    void readsHoursAndSecondsWithoutTheTimeDesignatorAsPacemakerDoes() {
        // Pacemaker's own corpus writes op intervals as "P10S": seconds cannot be months.
        assertEquals(10_000, Durations.parseMillis("P10S"));
        assertEquals(3_610_000, Durations.parseMillis("P1H10S"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("P10X"));
    }

    @Test
    void rejectsWhatIsNotADuration() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("10 fortnights"))
                .getMessage()
                .contains("unknown unit 'fortnights'"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("PTxS"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("P"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis("P10"));
    }

    @Test
    void formatsAsPacemakerWritesThem() {
        assertEquals("0", Durations.format(0));
        assertEquals("10s", Durations.format(10_000));
        assertEquals("1500ms", Durations.format(1_500));
    }
}
