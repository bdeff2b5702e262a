package io.hapc.transport.heartbeat.liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When this node sent each of its recent packets, by sequence number, so a heartbeat of the peer that
 * echoes one of them proves the peer alive after that instant. Entries older than `horizon` are
 * forgotten (an echo that old proves too little to matter), and at most `maxEntries` are kept.
 * Thread-safe.
 */
public final class SentLog {
    private final Duration horizon;
    private final int maxEntries;
    private final TreeMap<Long, Instant> sent = new TreeMap<>();

    public SentLog(Duration horizon, int maxEntries) {
        this.horizon = horizon;
        this.maxEntries = maxEntries;
    }

    public synchronized void sent(long sequence, Instant at) {
        sent.put(sequence, at);
        Instant oldest = at.minus(horizon);
        while (!sent.isEmpty()
                && (sent.size() > maxEntries || sent.firstEntry().getValue().isBefore(oldest))) {
            sent.pollFirstEntry();
        }
    }

    /** When `sequence` was sent, if it is one of ours and recent. */
    public synchronized Optional<Instant> sentAt(long sequence) {
        return Optional.ofNullable(sent.get(sequence));
    }
}
