package io.hapc.transport.heartbeat.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayTest {
    @Test
    void theWindowAcceptsEachNumberOnceInAnyOrderWithinItsWidth() {
        ReplayWindow w = new ReplayWindow();
        assertTrue(w.accept(5));
        assertTrue(w.accept(3), "late but new");
        assertFalse(w.accept(3), "replay");
        assertFalse(w.accept(5), "replay of the highest");
        assertTrue(w.accept(1000));
        assertTrue(w.accept(4));
        assertFalse(w.accept(4));
        assertTrue(w.accept(1000 + ReplayWindow.SIZE - 1));
        assertFalse(w.accept(999), "slid out of the window: too old to tell, so refused");
        assertTrue(w.accept(1001), "still inside the window");
        assertFalse(w.accept(1000 + ReplayWindow.SIZE - 1));
        assertFalse(w.accept(0));
        assertFalse(w.accept(-1));
    }

    @Test
    void slotsReusedAfterTheWindowSlidesDoNotRememberOldNumbers() {
        ReplayWindow w = new ReplayWindow();
        for (long s = 1; s <= 3 * ReplayWindow.SIZE; s += 2) assertTrue(w.accept(s));
        // every even number in the window is still new, every odd one seen
        long top = w.highest();
        for (long s = top - ReplayWindow.SIZE + 1; s <= top; s++) {
            assertEquals(s % 2 == 0, w.accept(s), "seq " + s);
        }
        assertTrue(w.accept(top + 5 * ReplayWindow.SIZE), "a big jump clears the window");
        assertFalse(w.accept(top + 5 * ReplayWindow.SIZE));
        assertTrue(w.accept(top + 5 * ReplayWindow.SIZE - 1));
    }

    @Test
    void theGuardTellsNewLivesStaleLivesAndReplays() {
        ReplayGuard g = new ReplayGuard();
        assertEquals(ReplayGuard.Verdict.NEW_INCARNATION, g.check("n1", 10, 1));
        assertEquals(ReplayGuard.Verdict.FRESH, g.check("n1", 10, 2));
        assertEquals(ReplayGuard.Verdict.REPLAYED, g.check("n1", 10, 2));
        assertEquals(ReplayGuard.Verdict.NEW_INCARNATION, g.check("n1", 11, 1), "restarted");
        assertEquals(ReplayGuard.Verdict.STALE, g.check("n1", 10, 3), "the old life, even with a new sequence");
        assertEquals(ReplayGuard.Verdict.FRESH, g.check("n1", 11, 2));
        assertEquals(ReplayGuard.Verdict.NEW_INCARNATION, g.check("n2", 1, 1), "per sender");
        assertEquals(11L, g.incarnationOf("n1").orElseThrow());
    }

    @Test
    void theReaderCountsEveryDropByReasonAndAcceptsEachAuthenticPacketOnce() {
        PacketCodec n1 = TestKeys.codec("n1", "n2");
        PacketReader reader = new PacketReader(TestKeys.codec("n2", "n1"));
        byte[] first = n1.seal(PacketType.HEARTBEAT, 100, 1, new byte[0]);
        assertInstanceOf(DecodeResult.Accepted.class, reader.read(first, 0, first.length));
        assertInstanceOf(DecodeResult.Dropped.class, reader.read(first, 0, first.length));
        byte[] second = n1.seal(PacketType.HEARTBEAT, 100, 2, new byte[0]);
        byte[] forged = second.clone();
        forged[forged.length - 1] ^= 1;
        assertInstanceOf(DecodeResult.Dropped.class, reader.read(forged, 0, forged.length));
        assertInstanceOf(
                DecodeResult.Accepted.class,
                reader.read(second, 0, second.length),
                "a forgery with the same sequence number did not burn it");
        byte[] reborn = n1.seal(PacketType.HEARTBEAT, 101, 1, new byte[0]);
        assertInstanceOf(DecodeResult.Accepted.class, reader.read(reborn, 0, reborn.length));
        byte[] oldLife = n1.seal(PacketType.HEARTBEAT, 100, 3, new byte[0]);
        assertInstanceOf(DecodeResult.Dropped.class, reader.read(oldLife, 0, oldLife.length));
        reader.read(new byte[3], 0, 3);

        DropCounters d = reader.drops();
        assertEquals(1, d.get(DropReason.REPLAYED));
        assertEquals(1, d.get(DropReason.FORGED));
        assertEquals(1, d.get(DropReason.STALE));
        assertEquals(1, d.get(DropReason.TRUNCATED));
        assertEquals(4, d.total());
        assertEquals(101L, reader.incarnationOf("n1").orElseThrow());
    }
}
