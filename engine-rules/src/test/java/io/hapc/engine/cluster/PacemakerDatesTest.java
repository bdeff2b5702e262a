package io.hapc.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacemakerDatesTest {
    @Test
    void ordinalDateWithTime() {
        assertEquals(Instant.parse("2005-01-20T11:30:00Z"), PacemakerDates.parse("2005-020T11:30"));
    }

    @Test
    void calendarDateWithSpaceSeparatedTime() {
        assertEquals(Instant.parse("2005-01-20T11:30:05Z"), PacemakerDates.parse("2005-01-20 11:30:05"));
    }

    @Test
    void weekDate() {
        // 2005-W03-4 is Thursday of ISO week 3 of 2005: 20 January.
        assertEquals(Instant.parse("2005-01-20T00:00:00Z"), PacemakerDates.parse("2005-W03-4"));
    }

    @Test
    void epochSecondsAsInTheCibExecutionDate() {
        assertEquals(Instant.ofEpochSecond(1509027830), PacemakerDates.parse("1509027830"));
    }

    @Test
    void offsetIsHonoured() {
        assertEquals(Instant.parse("2005-01-20T09:30:00Z"), PacemakerDates.parse("2005-01-20T11:30:00+02:00"));
    }

    @Test
    void garbageIsRejectedWithTheAcceptedForms() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PacemakerDates.parse("next tuesday"));
        assertTrue(e.getMessage().contains("2005-020T11:30"), e.getMessage());
    }
}
