package io.hapc.transport.heartbeat.liveness;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A heartbeat echoes the highest sequence the peer received from us on that link: the peer was alive
 * after we sent it. Arrival time alone proves nothing, as a packet held back by someone on the path
 * and released later arrives late but is still authentic and fresh to the replay window. So: an echo
 * of a packet we sent within two keepalives (the peer's heartbeat phase plus the way there and back)
 * proves the peer alive now; an older one only proves it alive when we sent that packet. Holding
 * packets back gains an attacker two keepalives at most, and a link is up only when it works both ways.
 */
public final class EchoProof {
    /** The echo at the head of a heartbeat's payload: incarnation and sequence, two longs. */
    public static final int ECHO_BYTES = 16;

    private final long incarnation;
    private final SentLog sentLog;
    private final Clock clock;
    private final Duration freshEcho;

    public EchoProof(long incarnation, SentLog sentLog, Clock clock, HeartbeatTimings timings) {
        this.incarnation = incarnation;
        this.sentLog = sentLog;
        this.clock = clock;
        this.freshEcho = timings.keepalive().multipliedBy(2);
    }

    /** The log of what this node sent that echoes are checked against, sized for `timings`. */
    public static SentLog sentLogFor(HeartbeatTimings timings) {
        // Echoes older than deadtime prove nothing that matters; at most ~100 packets a keepalive kept.
        return new SentLog(
                timings.deadtime(),
                100
                        * (int) Math.max(
                                1,
                                timings.deadtime().toNanos()
                                        / timings.keepalive().toNanos()));
    }

    /** When the echo heading `payload` proves the peer alive: now, or when the echoed packet was sent; empty if it proves nothing. */
    public Optional<Instant> aliveAt(byte[] payload) {
        if (payload.length < ECHO_BYTES) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(payload);
        long echoedIncarnation = b.getLong();
        long echoedSequence = b.getLong();
        if (echoedIncarnation != incarnation || echoedSequence < 1) {
            return Optional.empty(); // it heard nothing of this life yet
        }
        Optional<Instant> sent = sentLog.sentAt(echoedSequence);
        if (sent.isEmpty()) return Optional.empty();
        Instant now = clock.instant();
        boolean fresh = Duration.between(sent.get(), now).compareTo(freshEcho) <= 0;
        return Optional.of(fresh ? now : sent.get());
    }
}
