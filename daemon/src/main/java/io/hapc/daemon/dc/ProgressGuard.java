package io.hapc.daemon.dc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Notices a DC that goes round in circles: it is about to start the same transition graph again,
 * and nothing it knows has changed since it started that graph last (no result came back, no node,
 * configuration or attribute changed), so the same actions will fail the same way. Two such
 * repeats are let through at once (a retry after a transient refusal is normal); from then on the
 * next try waits a back-off on the DC's clock, doubling from {@link #FIRST} to {@link #MAX}, and the
 * DC reports that it is stuck. Any change, or a decision with nothing to do, ends it.
 */
final class ProgressGuard {
    static final Duration FIRST = Duration.ofSeconds(2);
    static final Duration MAX = Duration.ofMinutes(1);
    static final int FREE_REPEATS = 2;

    private long lastState = Long.MIN_VALUE;
    private String lastGraph = "";
    private int repeats;
    private Duration nextDelay = FIRST;
    private Instant holdUntil = Instant.MIN;

    /** When the DC may start a transition again if its state is still `state`; empty: now. */
    Optional<Instant> heldUntil(long state, Instant now) {
        return state == lastState && now.isBefore(holdUntil) ? Optional.of(holdUntil) : Optional.empty();
    }

    /** A transition with `graph` (its signature) is starting on state `state`. */
    void starting(long state, String graph, Instant now) {
        if (state != lastState || !graph.equals(lastGraph)) {
            reset();
            lastState = state;
            lastGraph = graph;
            return;
        }
        repeats++;
        if (repeats >= FREE_REPEATS) {
            holdUntil = now.plus(nextDelay);
            nextDelay = nextDelay.multipliedBy(2).compareTo(MAX) > 0 ? MAX : nextDelay.multipliedBy(2);
        }
    }

    /** A decision found nothing to do: whatever was stuck is over. */
    void settled() {
        reset();
        lastState = Long.MIN_VALUE;
        lastGraph = "";
    }

    boolean stuck() {
        return repeats >= FREE_REPEATS;
    }

    int repeats() {
        return repeats;
    }

    /** How long the DC waits before the next try, once stuck. */
    Duration currentDelay(Instant now) {
        return holdUntil.isAfter(now) ? Duration.between(now, holdUntil) : Duration.ZERO;
    }

    private void reset() {
        repeats = 0;
        nextDelay = FIRST;
        holdUntil = Instant.MIN;
    }
}
