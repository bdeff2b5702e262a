package io.hapc.transport.heartbeat.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.heartbeat.wire.Packet;
import io.hapc.transport.heartbeat.wire.PacketType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The message protocol between two channels over a network the test controls packet by packet (it loses,
 * duplicates and reorders with a seeded random), on a clock the test moves. The packet layer under it
 * (authentication, replays) is tested on its own; here packets are handed over as the endpoint would.
 */
class MessageChannelTest {
    private static final Duration RESEND = Duration.ofMillis(100);

    private final class Node {
        final String name;
        long incarnation;
        final List<String> delivered = new ArrayList<>();
        final List<Packet> outbox = new ArrayList<>();
        long seq;
        MessageChannel channel;

        Node(String name, long incarnation) {
            this.name = name;
            this.incarnation = incarnation;
            this.channel = newChannel();
        }

        MessageChannel newChannel() {
            return new MessageChannel(
                    incarnation,
                    (type, payload) -> outbox.add(new Packet(type, 1, name, incarnation, ++seq, payload)),
                    body -> delivered.add(new String(body, StandardCharsets.UTF_8)),
                    clock,
                    RESEND,
                    64,
                    1000,
                    20_000);
        }

        void restart(long newIncarnation) {
            incarnation = newIncarnation;
            seq = 0;
            delivered.clear();
            outbox.clear();
            channel = newChannel();
        }

        Optional<MessageChannel.Refusal> send(String text) {
            return channel.send(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Instant now = Instant.parse("2026-12-03T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final Node a = new Node("a", 10);
    private final Node b = new Node("b", 20);

    private void meet() {
        a.channel.peerIncarnationChanged(b.incarnation);
        b.channel.peerIncarnationChanged(a.incarnation);
    }

    /** Moves what `from` sent to `to`: each packet lost with `loss`, doubled with `dup`, the lot shuffled. */
    private void carry(Node from, Node to, Random random, double loss, double dup) {
        List<Packet> batch = new ArrayList<>();
        for (Packet p : from.outbox) {
            if (random.nextDouble() < loss) continue;
            batch.add(p);
            if (random.nextDouble() < dup) batch.add(p);
        }
        from.outbox.clear();
        Collections.shuffle(batch, random);
        batch.forEach(to.channel::packetReceived);
    }

    private void round(Random random, double loss, double dup) {
        carry(a, b, random, loss, dup);
        carry(b, a, random, loss, dup);
        now = now.plus(RESEND);
        a.channel.resendDue();
        b.channel.resendDue();
    }

    @Test
    void overALossyDuplicatingReorderingNetworkEveryMessageArrivesOnceAndInOrder() {
        meet();
        Random random = new Random(12);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) {
                String m = "m" + sent.size();
                if (a.send(m).isEmpty()) sent.add(m);
            }
            round(random, 0.3, 0.2);
            // at every moment, b has a prefix of what a sent: in order, nothing twice, nothing skipped
            assertEquals(sent.subList(0, b.delivered.size()), b.delivered);
        }
        for (int i = 0; i < 50; i++) round(random, 0, 0); // the network heals: everything gets through
        assertEquals(sent, b.delivered);
        assertEquals(0, a.channel.unackedCount(), "every message acknowledged");
        assertTrue(sent.size() > 90, "sent " + sent.size());
    }

    @Test
    void messagesLargerThanAPacketArriveWholeOnceAndInOrderOverTheSameBadNetwork() {
        meet();
        Random random = new Random(34);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (i % 4 == 0) {
                // 0 to ~6 fragments of 983 bytes each; sizes right at a fragment's edge too
                int size = switch (i % 12) {
                    case 0 -> 983;
                    case 4 -> 983 * 2;
                    default -> random.nextInt(6000);
                };
                StringBuilder m = new StringBuilder("m" + sent.size() + ":");
                while (m.length() < size) m.append((char) ('a' + random.nextInt(26)));
                if (a.send(m.toString()).isEmpty()) sent.add(m.toString());
            }
            round(random, 0.2, 0.2);
            assertEquals(sent.subList(0, b.delivered.size()), b.delivered);
        }
        for (int i = 0; i < 80; i++) round(random, 0, 0);
        assertEquals(sent, b.delivered);
        assertEquals(0, a.channel.unackedCount());
        assertEquals(Optional.empty(), a.channel.send(new byte[0]), "an empty message is one fragment");
        round(random, 0, 0);
        assertEquals("", b.delivered.get(b.delivered.size() - 1));
    }

    @Test
    void aMessageWhoseFragmentsDoNotFitTheQueueIsRefusedWhole() {
        meet();
        for (int i = 0; i < 3; i++)
            assertEquals(Optional.empty(), a.channel.send(new byte[983 * 20])); // 60 of 64 fragments
        int before = a.outbox.size();
        assertEquals(Optional.of(MessageChannel.Refusal.QUEUE_FULL), a.channel.send(new byte[983 * 5]));
        assertEquals(before, a.outbox.size(), "no fragment of the refused message left");
        assertEquals(Optional.empty(), a.channel.send(new byte[983 * 4]));
    }

    @Test
    void authenticButMalformedFramesAreIgnored() {
        meet();
        long seq = 100;
        byte[][] bad = {
            new byte[0],
            new byte[16],
            java.nio.ByteBuffer.allocate(18)
                    .putLong(20)
                    .putLong(1)
                    .put((byte) 2)
                    .array(),
            java.nio.ByteBuffer.allocate(18)
                    .putLong(20)
                    .putLong(0)
                    .put((byte) 0)
                    .array(),
            java.nio.ByteBuffer.allocate(18)
                    .putLong(21)
                    .putLong(1)
                    .put((byte) 0)
                    .array()
        };
        for (byte[] payload : bad) {
            b.channel.packetReceived(new Packet(PacketType.MESSAGE, 1, "a", a.incarnation, ++seq, payload));
            b.channel.packetReceived(new Packet(PacketType.ACK, 1, "a", a.incarnation, ++seq, payload));
        }
        assertEquals(List.of(), b.delivered, "bad flags, id 0, or for another life of b: nothing delivered");
        byte[] good = java.nio.ByteBuffer.allocate(18)
                .putLong(20)
                .putLong(1)
                .put((byte) 0)
                .put((byte) 'x')
                .array();
        b.channel.packetReceived(new Packet(PacketType.MESSAGE, 1, "a", a.incarnation, ++seq, good));
        assertEquals(List.of("x"), b.delivered, "the channel still works");
    }

    @Test
    void nothingIsSentBeforeThePeerIsKnownAndTheQueueIsBounded() {
        assertEquals(Optional.of(MessageChannel.Refusal.NO_PEER_YET), a.send("too early"));
        assertTrue(a.outbox.isEmpty());
        meet();
        for (int i = 0; i < 64; i++) assertEquals(Optional.empty(), a.send("q" + i)); // b hears nothing
        assertEquals(Optional.of(MessageChannel.Refusal.QUEUE_FULL), a.send("one more"));
        assertEquals(Optional.of(MessageChannel.Refusal.TOO_LARGE), a.channel.send(new byte[20_001]));
        a.channel.close();
        assertEquals(Optional.of(MessageChannel.Refusal.CLOSED), a.send("after close"));
    }

    @Test
    void aMessageForAnEarlierLifeOfThePeerNeverReachesItsNextLife() {
        meet();
        a.send("for the old b");
        List<Packet> inFlight = new ArrayList<>(a.outbox); // not delivered yet: b dies first
        a.outbox.clear();

        b.restart(21);
        a.channel.peerIncarnationChanged(21); // a hears the new life
        b.channel.peerIncarnationChanged(a.incarnation);
        inFlight.forEach(b.channel::packetReceived); // the old message arrives late
        now = now.plus(RESEND);
        a.channel.resendDue(); // and nothing of the old life is resent
        assertTrue(a.outbox.isEmpty(), "nothing resent to the new life: " + a.outbox);
        assertEquals(List.of(), b.delivered);

        a.send("for the new b");
        round(new Random(1), 0, 0);
        assertEquals(List.of("for the new b"), b.delivered);
    }

    @Test
    void afterTheSenderRestartsItsNewLifeIsNumberedAfreshAndItsOldLifesRetransmissionsAreIgnored() {
        meet();
        IntStream.range(0, 3).forEach(i -> a.send("old " + i));
        round(new Random(2), 0, 0);
        assertEquals(List.of("old 0", "old 1", "old 2"), b.delivered);
        // a queues one more that b never gets, then restarts
        a.send("old 3");
        List<Packet> oldLife = new ArrayList<>(a.outbox);
        a.outbox.clear();
        a.restart(11);
        a.channel.peerIncarnationChanged(b.incarnation);
        b.channel.peerIncarnationChanged(11);
        oldLife.forEach(b.channel::packetReceived); // the old life's packet, late
        a.send("new 0");
        round(new Random(3), 0, 0);
        assertEquals(List.of("old 0", "old 1", "old 2", "new 0"), b.delivered);
    }
}
