package io.hapc.agents;

import java.time.Duration;
import java.util.Optional;

/** What one agent action returned: rc and its meaning, the exit reason, output, and how long it took. */
public record ActionResult(
        String resource,
        String action,
        int rc,
        OcfResult result,
        Optional<String> exitReason,
        String stdout,
        String stderr,
        Duration elapsed,
        boolean timedOut) {
    public boolean success() {
        return !timedOut && result.success();
    }
}
