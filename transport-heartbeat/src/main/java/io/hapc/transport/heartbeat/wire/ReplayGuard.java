package io.hapc.transport.heartbeat.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Replay protection over authentic packets, per sender: the sender's current incarnation and its
 * {@link ReplayWindow}. A packet of a newer incarnation means the sender restarted: its window starts
 * afresh. A packet of an older incarnation is stale, whatever its sequence number (an old life's packets
 * recorded and sent again). Call it only with packets that passed authentication, or a forger could move
 * the windows. Thread-safe.
 */
public final class ReplayGuard {
    /** What a packet is, as far as replays go. */
    public enum Verdict {
        /** New, from the sender's known incarnation. */
        FRESH,
        /** The first packet of a sender, or of a newer incarnation of it (it restarted). */
        NEW_INCARNATION,
        REPLAYED,
        STALE
    }

    private record Life(long incarnation, ReplayWindow window) {}

    private final Map<String, Life> lives = new HashMap<>();

    public synchronized Verdict check(String sender, long incarnation, long sequence) {
        Life life = lives.get(sender);
        if (life == null || incarnation > life.incarnation()) {
            Life fresh = new Life(incarnation, new ReplayWindow());
            fresh.window().accept(sequence);
            lives.put(sender, fresh);
            return Verdict.NEW_INCARNATION;
        }
        if (incarnation < life.incarnation()) return Verdict.STALE;
        return life.window().accept(sequence) ? Verdict.FRESH : Verdict.REPLAYED;
    }

    /** The incarnation of `sender` last heard, if any. */
    public synchronized Optional<Long> incarnationOf(String sender) {
        return Optional.ofNullable(lives.get(sender)).map(Life::incarnation);
    }
}
