package io.hapc.transport.heartbeat.liveness;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that never jumps: {@link System#nanoTime()} from a fixed origin. Failure detection measures
 * silences; a wall clock stepped by NTP or an operator would kill a live peer or keep a dead one. Its
 * instants are only for measuring intervals, not for printing as dates.
 */
public final class MonotonicClock extends Clock {
    private final long originNanos = System.nanoTime();
    private final Instant origin = Instant.now();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this; // zones mean nothing for intervals
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(System.nanoTime() - originNanos);
    }
}
