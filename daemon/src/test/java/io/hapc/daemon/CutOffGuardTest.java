package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.ConnectionState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CutOffGuardTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<Stop> stops = new LinkedBlockingQueue<>();
    private final AtomicInteger plans = new AtomicInteger();
    private volatile String policy = "stop";
    private final CountDownLatch cutOff = new CountDownLatch(1);

    private record Stop(CutOffPlan plan, CompletableFuture<Void> hurry) {}

    private static final CutOffPlan ORDERED =
            new CutOffPlan(List.of(List.of("WebServer"), List.of("Database")), Set.of(), false);
    /** What the engine decides, by no-quorum-policy (CutOffStopsTest runs the real engine for each). */
    private volatile CutOffPlan decided = ORDERED;

    private final CountDownLatch suicide = new CountDownLatch(1);

    private final CutOffGuard.Node node = new CutOffGuard.Node() {
        @Override
        public List<String> active() {
            return List.of("Database", "WebServer");
        }

        @Override
        public CutOffPlan plan(List<String> active) {
            plans.incrementAndGet();
            return decided;
        }

        @Override
        public String noQuorumPolicy() {
            return policy;
        }

        @Override
        public boolean leaving() {
            return false;
        }

        @Override
        public void cutOff(String why, String policy) {
            cutOff.countDown();
        }

        @Override
        public void act(CutOffPlan plan, CompletableFuture<Void> hurry) {
            stops.add(new Stop(plan, hurry));
        }

        @Override
        public void suicide() {
            suicide.countDown();
        }
    };

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void aLinkStillInDoubtAfterTheGraceStopsInThePlannedOrderAndHurriesWhenTheOthersMayTakeOver() throws Exception {
        CutOffGuard guard = new CutOffGuard(timer, Duration.ofMillis(50), Duration.ofMillis(300), node);
        guard.linkChanged(ConnectionState.CONNECTED);
        guard.linkChanged(ConnectionState.SUSPENDED);
        Stop stop = stops.poll(5, TimeUnit.SECONDS);
        assertEquals(
                List.of(List.of("WebServer"), List.of("Database")), stop.plan().waves());
        assertEquals(1, plans.get(), "planned once, when the link fell in doubt");
        assertFalse(stop.hurry().isDone(), "the others may not take over yet when the grace ends");
        stop.hurry().get(5, TimeUnit.SECONDS);
        assertTrue(guard.takeStoppedForCutOff());
        assertFalse(guard.takeStoppedForCutOff(), "reported once");
    }

    @Test
    void aLinkBackWithinTheGraceStopsNothing() throws Exception {
        CutOffGuard guard = new CutOffGuard(timer, Duration.ofMillis(400), Duration.ofMillis(800), node);
        guard.linkChanged(ConnectionState.CONNECTED);
        guard.linkChanged(ConnectionState.SUSPENDED);
        guard.linkChanged(ConnectionState.RECONNECTED);
        assertFalse(cutOff.await(1200, TimeUnit.MILLISECONDS), "no cut-off once the link is back");
        assertTrue(stops.isEmpty());
        assertFalse(guard.takeStoppedForCutOff());
    }

    @Test
    void withoutPlanningAheadALinkInDoubtCostsNoPlanAndAGraceThatEndsStillStopsInOrder() throws Exception {
        CutOffGuard guard = new CutOffGuard(timer, Duration.ofMillis(300), Duration.ofMillis(300), node, false);
        guard.linkChanged(ConnectionState.CONNECTED);
        guard.linkChanged(ConnectionState.SUSPENDED);
        guard.linkChanged(ConnectionState.RECONNECTED);
        assertFalse(cutOff.await(600, TimeUnit.MILLISECONDS), "no cut-off once the link is back");
        assertEquals(0, plans.get(), "nothing planned for a link that came back");
        guard.linkChanged(ConnectionState.SUSPENDED);
        Stop stop = stops.poll(5, TimeUnit.SECONDS);
        assertEquals(
                List.of(List.of("WebServer"), List.of("Database")), stop.plan().waves());
        assertEquals(1, plans.get(), "planned when the grace ended");
    }

    @Test
    void aLostSessionStopsAtOnceWithoutWaitingForTheWavesTurns() throws Exception {
        CutOffGuard guard = new CutOffGuard(timer, Duration.ofHours(1), Duration.ofHours(1), node);
        guard.linkChanged(ConnectionState.CONNECTED);
        guard.linkChanged(ConnectionState.LOST);
        Stop stop = stops.poll(5, TimeUnit.SECONDS);
        assertEquals(ORDERED, stop.plan());
        assertTrue(stop.hurry().isDone(), "the others may take over already");
    }

    @Test
    void actsWhileTheThreadThatReportsTheLinkIsBlocked() throws Exception {
        // The brain reports link changes and may then block (a DC's write waiting out its retries):
        // the guard must act on its own thread all the same.
        CutOffGuard guard = new CutOffGuard(timer, Duration.ofMillis(50), Duration.ofMillis(100), node);
        CountDownLatch release = new CountDownLatch(1);
        ScheduledExecutorService brain = Executors.newSingleThreadScheduledExecutor();
        try {
            brain.execute(() -> {
                guard.linkChanged(ConnectionState.CONNECTED);
                guard.linkChanged(ConnectionState.SUSPENDED);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Stop stop = stops.poll(5, TimeUnit.SECONDS);
            assertEquals(ORDERED, stop.plan(), "stopped while the brain was still blocked");
            assertEquals(1, release.getCount());
        } finally {
            release.countDown();
            brain.shutdownNow();
        }
    }

    @Test
    void whenTheEngineDecidesNothingEverythingKeepsRunning() throws Exception {
        policy = "freeze";
        decided = CutOffPlan.NOTHING;
        CutOffGuard guard = new CutOffGuard(timer, Duration.ofMillis(20), Duration.ofMillis(40), node);
        guard.linkChanged(ConnectionState.CONNECTED);
        guard.linkChanged(ConnectionState.SUSPENDED);
        assertTrue(cutOff.await(5, TimeUnit.SECONDS));
        timer.submit(() -> {}).get(5, TimeUnit.SECONDS);
        assertTrue(stops.isEmpty(), "no-quorum-policy=freeze stops nothing");
        assertEquals(1, suicide.getCount());
    }

    @Test
    void whenTheEngineFencesThisNodeItEndsItselfInsteadOfStopping() throws Exception {
        policy = "suicide";
        decided = new CutOffPlan(List.of(), Set.of(), true);
        CutOffGuard guard = new CutOffGuard(timer, Duration.ofHours(1), Duration.ofHours(1), node);
        guard.linkChanged(ConnectionState.CONNECTED);
        guard.linkChanged(ConnectionState.LOST);
        assertTrue(suicide.await(5, TimeUnit.SECONDS));
        timer.submit(() -> {}).get(5, TimeUnit.SECONDS);
        assertTrue(stops.isEmpty());
    }
}
