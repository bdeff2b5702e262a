package io.hapc.daemon.dc;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC's work as a queue drained by one loop, never as nested calls. Whatever the DC's handling
 * of an event causes (a decision, a dispatch, a transition that ended at once and asks for the next
 * decision) is appended and runs after the current step has returned, so the brain thread's stack
 * stays flat however many steps one event leads to. After {@link #BATCH} steps in one go, the rest
 * waits for a later turn of the brain thread so that messages, timers and admin requests are served
 * in between. Touched by the brain thread only.
 */
final class DcEventQueue {
    private static final Logger log = LoggerFactory.getLogger(DcEventQueue.class);
    static final int BATCH = 200;

    /** How the rest of a long drain gets a later turn of the brain thread. */
    interface Later {
        void run(Runnable drain);
    }

    private final Deque<Runnable> steps = new ArrayDeque<>();
    private final Later later;
    private boolean draining;
    private boolean resumeScheduled;

    DcEventQueue(Later later) {
        this.later = later;
    }

    /** Appends a step; runs it (and what it appends) now unless a drain is already under way further up the stack. */
    void submit(Runnable step) {
        steps.addLast(step);
        if (!draining && !resumeScheduled) drain();
    }

    boolean isEmpty() {
        return steps.isEmpty();
    }

    private void drain() {
        draining = true;
        try {
            for (int n = 0; n < BATCH; n++) {
                Runnable step = steps.pollFirst();
                if (step == null) return;
                try {
                    step.run();
                } catch (RuntimeException e) {
                    log.error("the DC failed handling an event; going on with the next", e);
                }
            }
            if (!steps.isEmpty()) {
                resumeScheduled = true;
                later.run(() -> {
                    resumeScheduled = false;
                    drain();
                });
            }
        } finally {
            draining = false;
        }
    }
}
