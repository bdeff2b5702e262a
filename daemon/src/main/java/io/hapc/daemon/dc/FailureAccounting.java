package io.hapc.daemon.dc;

import io.hapc.daemon.messages.DaemonMessage.OperationResult;
import io.hapc.engine.Decision;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.FailureAttribute;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failure accounting as Pacemaker's controller does it: a failed action raises the node's
 * fail-count for it (INFINITY for a fatal start), stamps last-failure, and the DC looks again
 * when a failure-timeout lets a failure go.
 */
final class FailureAccounting {
    private static final Logger log = LoggerFactory.getLogger(FailureAccounting.class);
    /** OCF rcs after which a start is never tried again on that node: invalid/unimplemented/not configured/not installed. */
    private static final List<Integer> HARD_START_FAILURES = List.of(2, 3, 5, 6);

    private final DcContext ctx;
    private final Runnable recheck;
    private long failureRecheckAt = Long.MAX_VALUE;

    /** {@code recheck} runs when a failure may have expired. */
    FailureAccounting(DcContext ctx, Runnable recheck) {
        this.ctx = ctx;
        this.recheck = recheck;
    }

    /** Counts the failure {@code r} in {@code attrs}, the failed node's transient attributes. */
    void count(OperationResult r, Map<String, String> attrs, Cib config) {
        String failCount = FailureAttribute.Kind.FAIL_COUNT.name(r.resource(), r.operation(), r.intervalMs());
        int count;
        try {
            count = Integer.parseInt(attrs.getOrDefault(failCount, "0"));
        } catch (NumberFormatException e) {
            count = 0;
        }
        boolean hard = r.operation().equals("start") && HARD_START_FAILURES.contains(r.rc()); // never again here
        // As Pacemaker's controller: with start-failure-is-fatal (the default) a failed start makes the
        // fail-count INFINITY on that node, so each node is tried once; without it, +1 against migration-threshold.
        boolean fatal = hard || r.operation().equals("start") && startFailureIsFatal(config);
        attrs.put(failCount, fatal ? "INFINITY" : Integer.toString(Math.min(1_000_000, count + 1)));
        attrs.put(
                FailureAttribute.Kind.LAST_FAILURE.name(r.resource(), r.operation(), r.intervalMs()),
                Long.toString(ctx.clock().instant().getEpochSecond()));
        log.warn(
                "{} {} failed on {} (rc {}{}): fail-count {}",
                r.resource(),
                r.operation(),
                r.node(),
                r.rc(),
                r.exitReason().isBlank() ? "" : ", " + r.exitReason(),
                attrs.get(failCount));
    }

    private static boolean startFailureIsFatal(Cib config) {
        return config.property("start-failure-is-fatal")
                .map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "y", "on", "1" -> true;
                    default -> false;
                })
                .orElse(true);
    }

    /** The earliest moment a failure-timeout lets a failure go: decide again then, not at the next periodic recheck. */
    void scheduleExpiry(Decision d) {
        long nowMs = ctx.clock().millis();
        long next = Long.MAX_VALUE;
        for (ResourceView r : d.cluster().primitivesById().values()) {
            long timeout = r.meta().failureTimeoutMs();
            if (timeout <= 0) continue;
            for (Long lastSeconds : r.lastFailures().values()) {
                long expiry = lastSeconds * 1000 + timeout;
                if (expiry > nowMs) next = Math.min(next, expiry);
            }
        }
        if (next == Long.MAX_VALUE || next >= failureRecheckAt) return;
        failureRecheckAt = next;
        ctx.schedule(Duration.ofMillis(next - nowMs + 1000), () -> {
            failureRecheckAt = Long.MAX_VALUE;
            recheck.run();
        });
    }
}
