package io.hapc.transport.heartbeat.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * What Jazzer fuzzes of the inbound path (codec, replay guard, counters). Three shapes of input, so the
 * fuzzer reaches past the cheap checks: raw bytes; an authentic packet with bytes changed at chosen
 * places; an authentic header followed by chosen bytes. The invariants: the reader never throws, every
 * datagram is either accepted or counted as dropped, and nothing is accepted that the peer did not seal
 * (a changed packet is never authentic), nor anything twice.
 *
 * <p>Run by {@link PacketDecoderFuzzTest} in `mvn verify`, and long by bench/fuzz-heartbeat.sh with Jazzer's
 * own driver (a class of its own: given a class with a @FuzzTest, that driver runs the annotated test with
 * the annotation's duration instead).
 */
public final class PacketDecoderFuzzTarget {
    private PacketDecoderFuzzTarget() {}

    private static final byte[][] AUTHENTIC = sealSome();

    private static byte[][] sealSome() {
        PacketCodec n1 = TestKeys.codec("n1", "n2");
        List<byte[]> out = new ArrayList<>();
        out.add(n1.seal(PacketType.HEARTBEAT, 77, 1, new byte[0]));
        out.add(n1.seal(
                PacketType.MESSAGE, 77, 2, "a message for n2".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        out.add(n1.seal(PacketType.ACK, 77, 3, new byte[] {0, 0, 0, 0, 0, 0, 0, 1}));
        out.add(n1.seal(PacketType.LEAVE, 78, 1, new byte[0]));
        return out.toArray(new byte[0][]);
    }

    /** One input; the entry point of Jazzer's own command line too. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        PacketReader reader = new PacketReader(TestKeys.codec("n2", "n1"));
        int datagrams = 0;
        int accepted = 0;
        List<byte[]> seen = new ArrayList<>();
        while (data.remainingBytes() > 0 && datagrams < 8) {
            byte[] datagram = switch (data.consumeInt(0, 2)) {
                case 0 -> data.consumeBytes(data.consumeInt(0, 2 * PacketCodec.DEFAULT_MAX_PACKET_BYTES));
                case 1 -> {
                    byte[] p = AUTHENTIC[data.consumeInt(0, AUTHENTIC.length - 1)].clone();
                    int changes = data.consumeInt(0, 4);
                    for (int i = 0; i < changes; i++) {
                        p[data.consumeInt(0, p.length - 1)] = data.consumeByte();
                    }
                    yield p;
                }
                default -> {
                    byte[] p = AUTHENTIC[data.consumeInt(0, AUTHENTIC.length - 1)];
                    int keep = data.consumeInt(0, p.length);
                    byte[] tail = data.consumeBytes(PacketCodec.DEFAULT_MAX_PACKET_BYTES);
                    byte[] q = new byte[keep + tail.length];
                    System.arraycopy(p, 0, q, 0, keep);
                    System.arraycopy(tail, 0, q, keep, tail.length);
                    yield q;
                }
            };
            datagrams++;
            DecodeResult r = reader.read(datagram, 0, datagram.length);
            assertNotNull(r);
            if (r instanceof DecodeResult.Accepted a) {
                accepted++;
                assertArrayEquals(original(datagram), datagram, "accepted a packet n1 never sealed: " + a.packet());
                for (byte[] before : seen) {
                    assertFalse(java.util.Arrays.equals(before, datagram), "accepted twice: " + a.packet());
                }
                seen.add(datagram);
            }
        }
        assertEquals(datagrams - accepted, reader.drops().total(), "every datagram accepted or counted as dropped");
    }

    /** The authentic packet `datagram` is byte for byte, or null. */
    private static byte[] original(byte[] datagram) {
        for (byte[] p : AUTHENTIC) {
            if (java.util.Arrays.equals(p, datagram)) return p;
        }
        return null;
    }
}
