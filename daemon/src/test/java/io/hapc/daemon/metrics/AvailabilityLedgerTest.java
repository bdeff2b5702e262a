package io.hapc.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvailabilityLedgerTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final AvailabilityLedger.Window HOUR = AvailabilityLedger.WINDOWS.get(0);
    private static final AvailabilityLedger.Window DAY = AvailabilityLedger.WINDOWS.get(1);
    private static final AvailabilityLedger.Window MONTH = AvailabilityLedger.WINDOWS.get(2);

    @TempDir
    Path dir;

    @Test
    void downtimeIsTheTimeDownInsideTheWindowAndTheRatioIsOverTheTimeWatched() throws Exception {
        Path file = dir.resolve("availability.log");
        AvailabilityLedger l = AvailabilityLedger.open(file, T0);
        l.record(T0, Map.of("db", true));
        l.record(T0.plus(Duration.ofHours(10)), Map.of("db", false));
        l.record(T0.plus(Duration.ofHours(10)).plusSeconds(90), Map.of("db", true));
        Instant now = T0.plus(Duration.ofHours(20));
        assertEquals(90, l.figure("db", DAY, now).downtimeSeconds(), 1e-9);
        assertEquals(1 - 90.0 / (20 * 3600), l.figure("db", DAY, now).ratio(), 1e-12, "watched for 20 h of the 24");
        assertEquals(0, l.figure("db", HOUR, now).downtimeSeconds());
        assertEquals(1.0, l.figure("db", HOUR, now).ratio());

        // Another run of the node (or a node that became DC) reads the same figures back from the file.
        AvailabilityLedger again = AvailabilityLedger.open(file, now);
        assertEquals(l.figure("db", MONTH, now), again.figure("db", MONTH, now));
    }

    @Test
    void watchingBeginsAtTheFirstStartAndADisabledResourceIsNotDown() throws Exception {
        AvailabilityLedger l = AvailabilityLedger.inMemory();
        l.record(T0, Map.of("web", false)); // created, not started yet: not an outage
        l.record(T0.plusSeconds(30), Map.of("web", true));
        l.record(T0.plusSeconds(40), Map.of("web", false));
        l.record(T0.plusSeconds(100), Map.of()); // disabled: no longer counted
        Instant now = T0.plusSeconds(3600);
        assertEquals(60, l.figure("web", HOUR, now).downtimeSeconds(), 1e-9);
        assertEquals(10.0 / 70, l.figure("web", HOUR, now).ratio(), 1e-12, "up 10 s of the 70 s it was watched");
        assertTrue(Double.isNaN(l.figure("other", HOUR, now).ratio()));
    }

    @Test
    void compactionKeepsTheStateInForceAtTheStartOfTheLongestWindowAndSkipsATornLine() throws Exception {
        Path file = dir.resolve("availability.log");
        AvailabilityLedger l = AvailabilityLedger.open(file, T0);
        l.record(T0, Map.of("db", true));
        l.record(T0.plusSeconds(5), Map.of("db", false));
        l.record(T0.plusSeconds(10), Map.of("db", true));
        Files.writeString(file, Files.readString(file) + "123 db", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        Instant later = T0.plus(Duration.ofDays(40));
        AvailabilityLedger reread = AvailabilityLedger.open(file, later);
        assertEquals(1, Files.readAllLines(file).size(), Files.readString(file));
        assertEquals(1.0, reread.figure("db", MONTH, later).ratio());
    }
}
