package io.hapc.daemon.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.daemon.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T10:00:00Z"));

    private void after(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    @Test
    void fiveFailuresWithinAMinuteHoldTheAddressBackForAMinuteAfterTheLast() {
        AuthThrottle t = new AuthThrottle(clock);
        for (int i = 0; i < 4; i++) {
            t.failed("10.0.0.5");
            after(1);
        }
        assertEquals(Optional.empty(), t.heldUntil("10.0.0.5"), "four failures are not enough");
        t.failed("10.0.0.5");
        Instant last = clock.instant();
        assertEquals(Optional.of(last.plus(Duration.ofSeconds(60))), t.heldUntil("10.0.0.5"));
        assertEquals(Optional.empty(), t.heldUntil("10.0.0.6"), "only that address");
        after(59);
        assertEquals(Optional.of(last.plus(Duration.ofSeconds(60))), t.heldUntil("10.0.0.5"));
        after(1);
        assertEquals(Optional.empty(), t.heldUntil("10.0.0.5"));
    }

    @Test
    void failuresSpreadOverMoreThanAMinuteAndSuccessesDoNotAddUp() {
        AuthThrottle t = new AuthThrottle(clock);
        for (int i = 0; i < 10; i++) {
            t.failed("10.0.0.5");
            after(20); // three in any minute at most
        }
        assertEquals(Optional.empty(), t.heldUntil("10.0.0.5"));
        for (int i = 0; i < 4; i++) t.failed("10.0.0.7");
        t.succeeded("10.0.0.7");
        t.failed("10.0.0.7");
        assertEquals(Optional.empty(), t.heldUntil("10.0.0.7"));
    }
}
