package io.hapc.transport.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncarnationsTest {
    @TempDir
    Path dir;

    @Test
    void everyBootGetsALargerIncarnationEvenWhenTheClockWasSetBack() throws IOException {
        Path file = dir.resolve("state/heartbeat.incarnation");
        Clock now = Clock.fixed(Instant.ofEpochMilli(5_000), ZoneOffset.UTC);
        assertEquals(5_000, Incarnations.next(file, now));
        assertEquals(5_001, Incarnations.next(file, now), "same millisecond: still larger");
        assertEquals(
                5_002,
                Incarnations.next(file, Clock.fixed(Instant.ofEpochMilli(10), ZoneOffset.UTC)),
                "clock set back");
        assertEquals(9_000, Incarnations.next(file, Clock.fixed(Instant.ofEpochMilli(9_000), ZoneOffset.UTC)));
        assertEquals("9000", Files.readString(file).trim());
    }

    @Test
    void aDamagedFileIsRefusedWithWhatItIs() throws IOException {
        Path file = dir.resolve("heartbeat.incarnation");
        Files.writeString(file, "garbage");
        IOException e = assertThrows(IOException.class, () -> Incarnations.next(file, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("not an incarnation number"), e.getMessage());
    }

    @Test
    void aLinkJoinsTwoAddressesOfOneFamily() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new LinkConfig(
                        "ring0", new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("::1", 694)));
        assertTrue(e.getMessage().contains("different address families"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new LinkConfig(
                        "ring0", new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LinkConfig(
                        "ring 0", new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 694)));
    }
}
