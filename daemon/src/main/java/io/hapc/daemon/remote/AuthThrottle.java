package io.hapc.daemon.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows password guessing: after {@link #MAX_FAILURES} failed authentications from one address
 * within {@link #WINDOW}, that address gets no password check until the window has passed since
 * its last failure (each refusal is audited; the PBKDF2 cost alone would still allow a few guesses
 * a second per thread). Success clears the address's record. Time from the injected clock.
 */
final class AuthThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofSeconds(60);
    /** Addresses remembered at most; past that the oldest records are dropped (a flood of sources cannot grow the heap). */
    private static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    AuthThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Until when `address` may not try again, if it is held back now. */
    synchronized Optional<Instant> heldUntil(String address) {
        Deque<Instant> f = recent(address);
        if (f.size() < MAX_FAILURES) return Optional.empty();
        return Optional.of(f.peekLast().plus(WINDOW));
    }

    synchronized void failed(String address) {
        if (!failures.containsKey(address) && failures.size() >= MAX_ADDRESSES)
            failures.remove(failures.keySet().iterator().next());
        Deque<Instant> f = recent(address);
        f.addLast(clock.instant());
        while (f.size() > MAX_FAILURES) f.removeFirst();
        failures.put(address, f);
    }

    synchronized void succeeded(String address) {
        failures.remove(address);
    }

    private Deque<Instant> recent(String address) {
        Deque<Instant> f = failures.getOrDefault(address, new ArrayDeque<>());
        Instant now = clock.instant();
        // held back: the failures count until WINDOW after the last one; else only those within WINDOW
        if (f.size() >= MAX_FAILURES && now.isBefore(f.peekLast().plus(WINDOW))) return f;
        f.removeIf(t -> !now.isBefore(t.plus(WINDOW)));
        return f;
    }
}
