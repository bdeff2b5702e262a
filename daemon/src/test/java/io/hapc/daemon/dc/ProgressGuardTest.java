package io.hapc.daemon.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressGuardTest {
    private final Instant t0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theSameGraphOnTheSameStateIsHeldBackWithABackOffDoublingToAMinute() {
        ProgressGuard g = new ProgressGuard();
        g.starting(1, "[stop sd]", t0);
        g.starting(1, "[stop sd]", t0);
        assertFalse(g.stuck(), "one repeat is a retry");
        assertEquals(Optional.empty(), g.heldUntil(1, t0));
        Instant now = t0;
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            g.starting(1, "[stop sd]", now);
            assertTrue(g.stuck());
            Instant until = g.heldUntil(1, now).orElseThrow();
            waits.add(Duration.between(now, until).toSeconds());
            assertTrue(g.heldUntil(1, until.minusMillis(1)).isPresent());
            now = until;
            assertEquals(Optional.empty(), g.heldUntil(1, now));
        }
        assertEquals(List.of(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), waits);
    }

    @Test
    void anyChangeOrADecisionWithNothingToDoEndsIt() {
        ProgressGuard g = new ProgressGuard();
        for (int i = 0; i < 4; i++) g.starting(1, "[stop sd]", t0);
        assertTrue(g.stuck());
        assertTrue(g.heldUntil(2, t0).isEmpty(), "the DC learnt something new: not held");
        g.starting(2, "[stop sd]", t0);
        assertFalse(g.stuck());
        for (int i = 0; i < 4; i++) g.starting(2, "[stop sd]", t0);
        g.starting(2, "[start R]", t0);
        assertFalse(g.stuck(), "another graph");
        for (int i = 0; i < 4; i++) g.starting(2, "[start R]", t0);
        g.settled();
        assertFalse(g.stuck());
        assertTrue(g.heldUntil(2, t0).isEmpty());
    }
}
