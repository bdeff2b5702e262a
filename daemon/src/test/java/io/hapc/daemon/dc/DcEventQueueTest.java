package io.hapc.daemon.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DcEventQueueTest {
    private final List<Runnable> later = new ArrayList<>();
    private final DcEventQueue queue = new DcEventQueue(later::add);
    private int depth;
    private int maxDepth;
    private int steps;

    /** A step that asks for another one, as "transition ended, decide again" does. */
    private void step(int remaining) {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        steps++;
        if (remaining > 0) queue.submit(() -> step(remaining - 1));
        depth--;
    }

    @Test
    void stepsCausedByAStepRunAfterItNotInsideIt() {
        queue.submit(() -> step(100));
        assertEquals(101, steps);
        assertEquals(1, maxDepth, "never nested");
    }

    @Test
    void aLongChainGivesTheBrainThreadBackBetweenBatches() {
        queue.submit(() -> step(1000));
        assertEquals(DcEventQueue.BATCH, steps);
        assertEquals(1, later.size(), "the rest continues on a later turn");
        queue.submit(() -> steps += 0); // appended while a turn is pending: waits for it
        assertEquals(DcEventQueue.BATCH, steps);
        while (!later.isEmpty()) later.remove(0).run();
        assertEquals(1001, steps);
        assertTrue(queue.isEmpty());
    }

    @Test
    void aFailingStepDoesNotStopTheOthers() {
        queue.submit(() -> {
            queue.submit(() -> steps++);
            throw new IllegalStateException("boom");
        });
        assertEquals(1, steps);
    }
}
