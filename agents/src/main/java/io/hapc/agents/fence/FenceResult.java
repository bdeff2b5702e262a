package io.hapc.agents.fence;

import java.time.Duration;
import java.util.List;

/** The outcome of fencing a node: done or not, by which device, and every attempt made on the way. */
public record FenceResult(String node, String action, boolean success, String device, List<Attempt> attempts) {
    public FenceResult {
        attempts = List.copyOf(attempts);
    }

    /** One device tried: its rc (-2 on timeout), whether verification confirmed the result, what it printed. */
    public record Attempt(
            String device, int level, int rc, boolean timedOut, boolean verified, String output, Duration elapsed) {}
}
