package io.hapc.transport.heartbeat.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.heartbeat.crypto.KeyRing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    private final PacketCodec n1 = TestKeys.codec("n1", "n2");
    private final PacketCodec n2 = TestKeys.codec("n2", "n1");
    private final byte[] hello = "hello n2".getBytes(StandardCharsets.UTF_8);

    private static Packet accepted(DecodeResult r) {
        return assertInstanceOf(DecodeResult.Accepted.class, r, () -> "dropped: " + r)
                .packet();
    }

    private static DropReason dropped(DecodeResult r) {
        return assertInstanceOf(DecodeResult.Dropped.class, r, () -> "accepted: " + r)
                .reason();
    }

    private static DecodeResult open(PacketCodec c, byte[] b) {
        return c.open(b, 0, b.length);
    }

    @Test
    void aSealedPacketOpensAtThePeerWithEveryFieldAndThePayloadIsNotInClear() {
        byte[] wire = n1.seal(PacketType.MESSAGE, 1234, 42, hello);
        Packet p = accepted(open(n2, wire));
        assertEquals(PacketType.MESSAGE, p.type());
        assertEquals("n1", p.sender());
        assertEquals(1234, p.incarnation());
        assertEquals(42, p.sequence());
        assertEquals(1, p.keyId());
        assertArrayEquals(hello, p.payload());
        assertEquals(PacketCodec.FIXED_HEADER_BYTES + 2 + hello.length + PacketCodec.TAG_BYTES, wire.length);
        String asText = new String(wire, StandardCharsets.ISO_8859_1);
        assertTrue(!asText.contains("hello"), "payload encrypted");
        // at an offset inside a larger buffer too
        byte[] padded = new byte[wire.length + 10];
        System.arraycopy(wire, 0, padded, 5, wire.length);
        assertArrayEquals(hello, accepted(n2.open(padded, 5, wire.length)).payload());
    }

    @Test
    void anEmptyHeartbeatRoundTrips() {
        Packet p = accepted(open(n2, n1.seal(PacketType.HEARTBEAT, 1, 1, new byte[0])));
        assertEquals(PacketType.HEARTBEAT, p.type());
        assertEquals(0, p.payload().length);
    }

    @Test
    void everyFlippedBitOfAPacketIsDroppedNeverAccepted() {
        byte[] wire = n1.seal(PacketType.MESSAGE, 1234, 42, hello);
        for (int bit = 0; bit < wire.length * 8; bit++) {
            byte[] bad = wire.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            DropReason reason = dropped(open(n2, bad));
            if (bit / 8 >= PacketCodec.FIXED_HEADER_BYTES + 2) {
                assertEquals(DropReason.FORGED, reason, "ciphertext/tag bit " + bit);
            }
        }
    }

    @Test
    void headerFieldsChangedInTransitAreForgeriesBecauseTheHeaderIsAuthenticated() {
        byte[] wire = n1.seal(PacketType.MESSAGE, 1234, 42, hello);
        byte[] otherSeq = wire.clone();
        ByteBuffer.wrap(otherSeq).putLong(22, 43);
        assertEquals(DropReason.FORGED, dropped(open(n2, otherSeq)));
        byte[] otherType = wire.clone();
        otherType[3] = (byte) PacketType.ACK.code();
        assertEquals(DropReason.FORGED, dropped(open(n2, otherType)));
        byte[] otherIncarnation = wire.clone();
        ByteBuffer.wrap(otherIncarnation).putLong(14, 1235);
        assertEquals(DropReason.FORGED, dropped(open(n2, otherIncarnation)));
    }

    @Test
    void eachKindOfBadDatagramIsDroppedWithItsReason() {
        byte[] wire = n1.seal(PacketType.HEARTBEAT, 7, 1, hello);
        assertEquals(DropReason.TRUNCATED, dropped(open(n2, new byte[0])));
        assertEquals(DropReason.TRUNCATED, dropped(open(n2, Arrays.copyOf(wire, 40))));
        assertEquals(DropReason.TRUNCATED, dropped(n2.open(wire, 0, PacketCodec.FIXED_HEADER_BYTES + 2 + 15)));
        assertEquals(DropReason.OVERSIZED, dropped(open(n2, new byte[PacketCodec.DEFAULT_MAX_PACKET_BYTES + 1])));

        byte[] magic = wire.clone();
        magic[0] = 'X';
        assertEquals(DropReason.MALFORMED, dropped(open(n2, magic)));
        byte[] version = wire.clone();
        version[2] = 2;
        assertEquals(DropReason.UNSUPPORTED_VERSION, dropped(open(n2, version)));
        byte[] type = wire.clone();
        type[3] = 99;
        assertEquals(DropReason.MALFORMED, dropped(open(n2, type)));
        byte[] flags = wire.clone();
        flags[5] = 1;
        assertEquals(DropReason.MALFORMED, dropped(open(n2, flags)));
        byte[] zeroSeq = wire.clone();
        ByteBuffer.wrap(zeroSeq).putLong(22, 0);
        assertEquals(DropReason.MALFORMED, dropped(open(n2, zeroSeq)));
        byte[] nameLen = wire.clone();
        nameLen[30] = (byte) 200;
        assertEquals(DropReason.TRUNCATED, dropped(open(n2, nameLen)));
        byte[] nameByte = wire.clone();
        nameByte[31] = '/';
        assertEquals(DropReason.MALFORMED, dropped(open(n2, nameByte)));

        PacketCodec otherCluster = new PacketCodec(KeyRing.single("beta", TestKeys.SECRET), "n1", Set.of("n2"), 4096);
        assertEquals(DropReason.WRONG_CLUSTER, dropped(open(n2, otherCluster.seal(PacketType.HEARTBEAT, 7, 1, hello))));

        PacketCodec stranger = TestKeys.codec("n3", "n2");
        assertEquals(DropReason.UNKNOWN_SENDER, dropped(open(n2, stranger.seal(PacketType.HEARTBEAT, 7, 1, hello))));
        assertEquals(DropReason.UNKNOWN_SENDER, dropped(open(n1, wire)), "n1's own packet reflected back at it");

        PacketCodec wrongSecret =
                new PacketCodec(KeyRing.single(TestKeys.CLUSTER, TestKeys.OTHER_SECRET), "n1", Set.of("n2"), 4096);
        assertEquals(DropReason.FORGED, dropped(open(n2, wrongSecret.seal(PacketType.HEARTBEAT, 7, 1, hello))));
    }

    @Test
    void duringAKeyChangeBothKeysAreAcceptedAndAnUnknownKeyIdIsNamed() {
        KeyRing oldOnly = KeyRing.of(TestKeys.CLUSTER, 1, Map.of(1, TestKeys.SECRET));
        KeyRing both = KeyRing.of(TestKeys.CLUSTER, 1, Map.of(1, TestKeys.SECRET, 2, TestKeys.OTHER_SECRET));
        KeyRing bothNewPrimary = KeyRing.of(TestKeys.CLUSTER, 2, Map.of(1, TestKeys.SECRET, 2, TestKeys.OTHER_SECRET));
        KeyRing newOnly = KeyRing.of(TestKeys.CLUSTER, 2, Map.of(2, TestKeys.OTHER_SECRET));
        int max = PacketCodec.DEFAULT_MAX_PACKET_BYTES;
        // n1 already switched to key 2; n2 accepts both: accepted.
        PacketCodec sender = new PacketCodec(bothNewPrimary, "n1", Set.of("n2"), max);
        byte[] wire = sender.seal(PacketType.HEARTBEAT, 3, 1, hello);
        assertEquals(
                2,
                accepted(open(new PacketCodec(both, "n2", Set.of("n1"), max), wire))
                        .keyId());
        // a node still on the old key alone can't read it, and says why
        assertEquals(DropReason.UNKNOWN_KEY, dropped(open(new PacketCodec(oldOnly, "n2", Set.of("n1"), max), wire)));
        // the old key's packets still open where both are accepted
        byte[] old = new PacketCodec(oldOnly, "n1", Set.of("n2"), max).seal(PacketType.HEARTBEAT, 3, 2, hello);
        assertEquals(
                1,
                accepted(open(new PacketCodec(bothNewPrimary, "n2", Set.of("n1"), max), old))
                        .keyId());
        assertEquals(DropReason.UNKNOWN_KEY, dropped(open(new PacketCodec(newOnly, "n2", Set.of("n1"), max), old)));
    }

    @Test
    void noncesDifferForEverySequenceAndIncarnationAndCiphertextsForEveryPacket() {
        assertNotEquals(Arrays.toString(PacketCodec.nonce(1, 1)), Arrays.toString(PacketCodec.nonce(1, 2)));
        assertNotEquals(Arrays.toString(PacketCodec.nonce(1, 1)), Arrays.toString(PacketCodec.nonce(2, 1)));
        assertEquals(12, PacketCodec.nonce(5, 5).length, "96-bit GCM nonce");
        byte[] a = n1.seal(PacketType.MESSAGE, 1, 1, hello);
        byte[] b = n1.seal(PacketType.MESSAGE, 1, 2, hello);
        byte[] tailA = Arrays.copyOfRange(a, PacketCodec.FIXED_HEADER_BYTES + 2, a.length);
        byte[] tailB = Arrays.copyOfRange(b, PacketCodec.FIXED_HEADER_BYTES + 2, b.length);
        assertNotEquals(Arrays.toString(tailA), Arrays.toString(tailB), "same payload, different ciphertext");
    }

    @Test
    void theSenderRefusesAPayloadThatDoesNotFitAndBadSettings() {
        PacketCodec small = new PacketCodec(TestKeys.ring(), "n1", Set.of("n2"), 512);
        assertEquals(512 - PacketCodec.FIXED_HEADER_BYTES - 2 - PacketCodec.TAG_BYTES, small.maxPayloadBytes());
        byte[] fits = small.seal(PacketType.MESSAGE, 1, 1, new byte[small.maxPayloadBytes()]);
        assertEquals(512, fits.length);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> small.seal(PacketType.MESSAGE, 1, 1, new byte[small.maxPayloadBytes() + 1]));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> new PacketCodec(TestKeys.ring(), "n1", Set.of("n2"), 70_000));
        assertThrows(IllegalArgumentException.class, () -> new PacketCodec(TestKeys.ring(), "n1", Set.of("n1"), 4096));
        assertThrows(IllegalArgumentException.class, () -> new PacketCodec(TestKeys.ring(), "n 1", Set.of("n2"), 4096));
        assertThrows(IllegalArgumentException.class, () -> small.seal(PacketType.MESSAGE, 0, 1, new byte[0]));
        // a packet larger than the receiver's maximum is oversized there
        PacketCodec big = new PacketCodec(TestKeys.ring(), "n1", Set.of("n2"), 2048);
        byte[] large = big.seal(PacketType.MESSAGE, 1, 1, new byte[1000]);
        assertEquals(
                DropReason.OVERSIZED,
                dropped(new PacketCodec(TestKeys.ring(), "n2", Set.of("n1"), 512).open(large, 0, large.length)));
    }
}
