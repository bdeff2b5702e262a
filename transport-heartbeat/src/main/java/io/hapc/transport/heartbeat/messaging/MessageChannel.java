package io.hapc.transport.heartbeat.messaging;

import io.hapc.transport.heartbeat.wire.Packet;
import io.hapc.transport.heartbeat.wire.PacketType;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Point-to-point messages to the peer, in order and at most once, over lossy, duplicating, reordering
 * links (every packet goes out on every link). Per pair of lives (this node's incarnation, the peer's):
 * fragments are numbered from 1 (a message larger than a packet is cut into several); the receiver takes
 * them strictly in number order, keeps a bounded number that came early, drops duplicates, joins the
 * fragments of a message and delivers it whole, and acknowledges cumulatively; the sender resends what is
 * not acknowledged every `resendEvery` (the oldest {@link #MAX_RESEND_PER_ROUND} at a time) until
 * acknowledged or the peer's life ends.
 *
 * <p>Lives: a message is for the peer's incarnation known when it was sent, and is never delivered to
 * another. When the peer restarts, what was not acknowledged is dropped (it was for the old life) and the
 * numbering starts again; when no incarnation of the peer is known yet, a send is refused (there is no
 * one to address). Sending never blocks: a message whose fragments would take the waiting fragments past
 * `maxUnacked` is refused whole.
 *
 * <p>Wiring: the owner passes what the endpoint receives to {@link #packetReceived} and
 * {@link #peerIncarnationChanged}, and calls {@link #resendDue} on a timer. Thread-safe.
 */
public final class MessageChannel {
    /** Resending everything unacknowledged each round would flood a slow link; the oldest go first. */
    public static final int MAX_RESEND_PER_ROUND = 64;

    /** How the channel sends a packet (on every link); {@code HeartbeatEndpoint::send}. */
    @FunctionalInterface
    public interface PacketSender {
        boolean send(PacketType type, byte[] payload);
    }

    /** Why a send was refused. */
    public enum Refusal {
        NO_PEER_YET,
        QUEUE_FULL,
        TOO_LARGE,
        CLOSED
    }

    private record Pending(long id, byte[] payload, Instant lastSent) {}

    private final long localIncarnation;
    private final PacketSender sender;
    private final Consumer<byte[]> deliver;
    private final Clock clock;
    private final Duration resendEvery;
    private final int maxUnacked;
    private final int fragmentBytes;
    private final int maxMessageBytes;

    // sending side: towards the peer's current life
    private long peerIncarnation; // 0: none known
    private long nextId = 1;
    private final Deque<Pending> unacked = new ArrayDeque<>();
    // receiving side: from the peer's current life
    private long fromIncarnation; // the peer life whose messages are being delivered
    private long deliveredThrough;
    private final TreeMap<Long, Frame.Data> early = new TreeMap<>();
    private final ByteArrayOutputStream assembling = new ByteArrayOutputStream();
    private boolean discarding; // the message being joined grew past maxMessageBytes: skip to its end
    private boolean closed;

    /**
     * @param deliver gets each message once, whole and in order; called under the channel's lock from the
     *     thread that passed the packet in (the endpoint's event thread), so it must not block
     * @param maxUnacked fragments sent and not yet acknowledged, at most
     * @param maxPayloadBytes the largest packet payload the endpoint sends
     * @param maxMessageBytes the largest message, sent or received
     */
    public MessageChannel(
            long localIncarnation,
            PacketSender sender,
            Consumer<byte[]> deliver,
            Clock clock,
            Duration resendEvery,
            int maxUnacked,
            int maxPayloadBytes,
            int maxMessageBytes) {
        this.localIncarnation = localIncarnation;
        this.sender = sender;
        this.deliver = deliver;
        this.clock = clock;
        this.resendEvery = resendEvery;
        this.maxUnacked = maxUnacked;
        this.fragmentBytes = maxPayloadBytes - Frame.MESSAGE_HEADER_BYTES;
        this.maxMessageBytes = maxMessageBytes;
        if (fragmentBytes < 1)
            throw new IllegalArgumentException("packets of " + maxPayloadBytes + " bytes carry no message");
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /**
     * Queues `message` for the peer's current life and sends it at once, in as many fragments as it needs.
     *
     * @return empty if accepted, or why it was refused (nothing was sent then)
     */
    public synchronized Optional<Refusal> send(byte[] message) {
        if (closed) return Optional.of(Refusal.CLOSED);
        if (message.length > maxMessageBytes) return Optional.of(Refusal.TOO_LARGE);
        if (peerIncarnation == 0) return Optional.of(Refusal.NO_PEER_YET);
        int fragments = Math.max(1, (message.length + fragmentBytes - 1) / fragmentBytes);
        if (unacked.size() + fragments > maxUnacked) return Optional.of(Refusal.QUEUE_FULL);
        for (int i = 0; i < fragments; i++) {
            byte[] part =
                    Arrays.copyOfRange(message, i * fragmentBytes, Math.min(message.length, (i + 1) * fragmentBytes));
            byte[] payload = Frame.encode(new Frame.Data(peerIncarnation, nextId, i < fragments - 1, part));
            unacked.addLast(new Pending(nextId, payload, clock.instant()));
            nextId++;
            sender.send(PacketType.MESSAGE, payload);
        }
        return Optional.empty();
    }

    /** Fragments sent and not yet acknowledged by the peer's current life. */
    public synchronized int unackedCount() {
        return unacked.size();
    }

    /** The peer's life changed (or became known): what was for the old one is dropped on both sides. */
    public synchronized void peerIncarnationChanged(long incarnation) {
        if (incarnation == peerIncarnation) return;
        peerIncarnation = incarnation;
        unacked.clear();
        nextId = 1;
        fromIncarnation = incarnation;
        deliveredThrough = 0;
        early.clear();
        assembling.reset();
        discarding = false;
    }

    /** An authentic MESSAGE or ACK packet from the peer (possibly a duplicate from another link). */
    public synchronized void packetReceived(Packet packet) {
        if (closed || packet.incarnation() != peerIncarnation) return; // from an old life of the peer
        if (packet.type() == PacketType.ACK) {
            Frame.decodeAck(packet.payload())
                    .filter(a -> a.toIncarnation() == localIncarnation)
                    .ifPresent(this::acked);
        } else if (packet.type() == PacketType.MESSAGE) {
            Frame.decodeData(packet.payload())
                    .filter(d -> d.toIncarnation() == localIncarnation)
                    .ifPresent(this::received);
        }
    }

    private void acked(Frame.Ack ack) {
        while (!unacked.isEmpty() && unacked.peekFirst().id() <= ack.deliveredThrough()) {
            unacked.removeFirst();
        }
    }

    private void received(Frame.Data d) {
        if (d.id() > deliveredThrough + 1) {
            // came early (an earlier one was lost or is slower): keep it, within bounds, for in-order delivery
            if (d.id() - deliveredThrough <= maxUnacked) early.putIfAbsent(d.id(), d);
        } else if (d.id() == deliveredThrough + 1) {
            take(d);
            for (Frame.Data next; (next = early.remove(deliveredThrough + 1)) != null; ) {
                take(next);
            }
        }
        // Acknowledge every arrival, duplicates too: the sender may have missed the last ack.
        sender.send(PacketType.ACK, Frame.encode(new Frame.Ack(fromIncarnation, deliveredThrough)));
    }

    /** The next fragment in order: join it, and deliver the message it ends. */
    private void take(Frame.Data d) {
        deliveredThrough = d.id();
        if (!discarding && assembling.size() + d.bytes().length > maxMessageBytes) {
            discarding = true; // the peer sends more than this node takes: its configuration differs
            assembling.reset();
        }
        if (!discarding) assembling.writeBytes(d.bytes());
        if (!d.more()) {
            if (!discarding) deliver.accept(assembling.toByteArray());
            assembling.reset();
            discarding = false;
        }
    }

    /** Sends again the oldest fragments not acknowledged within `resendEvery`; call it on a timer. */
    public synchronized void resendDue() {
        if (closed) return;
        Instant now = clock.instant();
        Deque<Pending> restamped = new ArrayDeque<>(unacked.size());
        int resent = 0;
        for (Pending p : unacked) {
            boolean due = resent < MAX_RESEND_PER_ROUND
                    && Duration.between(p.lastSent(), now).compareTo(resendEvery) >= 0;
            if (due) {
                sender.send(PacketType.MESSAGE, p.payload());
                resent++;
            }
            restamped.addLast(due ? new Pending(p.id(), p.payload(), now) : p);
        }
        unacked.clear();
        unacked.addAll(restamped);
    }

    public synchronized void close() {
        closed = true;
        unacked.clear();
        early.clear();
        assembling.reset();
    }
}
