package io.hapc.model.status;

import io.hapc.model.cib.Score;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a resource's lrm history reads, decided once for the policy engine (its replay of each
 * resource's history), the daemon (what a node may still run, the operations it records) and admin
 * (what {@code resource cleanup} forgets, the failed actions {@code status} lists):
 *
 * <ul>
 *   <li>the ids the controller records under: {@code RSC_last_0} (the last non-recurring
 *       operation), {@code RSC_last_failure_0}, {@code RSC_OP_INTERVAL} (a recurring one);
 *   <li>the order operations happened in: by call-id;
 *   <li>the rc the controller expected (the transition key's third field, 0 without one);
 *   <li>which records are a probe, still pending, or cancelled;
 *   <li>which results succeeded: the expected rc (degraded 190/191 too; a probe's "not running",
 *       "running" or "promoted" as well) with a done or error op-status; and which failed: any
 *       other completed result.
 * </ul>
 *
 * What a history then means (a role, a failure needing recovery, on-fail, failure-timeout) is each
 * reader's own: the engine's {@code HistoryReplay} replays every operation, the daemon's
 * {@code LrmHistory} looks at the last one only.
 */
public final class OperationHistory {
    /** op-status: the operation completed (its rc says how). */
    public static final int DONE = 0;
    /** op-status: cancelled before it completed. */
    public static final int CANCELLED = 1;
    /** op-status: the operation timed out. */
    public static final int TIMED_OUT = 2;
    /** op-status: the agent ran and reported an error. */
    public static final int ERROR = 4;
    /** op-status: the executor could not find the agent. */
    public static final int NOT_INSTALLED = 7;
    /** op-status: still running (recorded before the result). */
    public static final int PENDING = -1;
    /** op-status: pending, as older controllers recorded it. */
    public static final int LEGACY_PENDING = 193;

    /** Oldest call first. */
    public static final Comparator<OperationRecord> BY_CALL_ID = Comparator.comparingInt(OperationRecord::callId);

    private OperationHistory() {}

    /** The id of a resource's last non-recurring operation record. */
    public static String lastOperationId(String resource) {
        return resource + "_last_0";
    }

    /** The id of a resource's last failed operation record. */
    public static String lastFailureId(String resource) {
        return resource + "_last_failure_0";
    }

    /** The id of a recurring operation's record. */
    public static String recurringId(String resource, String operation, long intervalMs) {
        return resource + "_" + operation + "_" + intervalMs;
    }

    /** The resource's last non-recurring operation, as recorded under {@link #lastOperationId}. */
    public static Optional<OperationRecord> lastOperation(ResourceHistory h) {
        String id = lastOperationId(h.id());
        return h.operations().stream().filter(o -> o.id().equals(id)).findFirst();
    }

    /** The history's operations in the order they were called. */
    public static List<OperationRecord> inCallOrder(ResourceHistory h) {
        List<OperationRecord> records = new ArrayList<>(h.operations());
        records.sort(BY_CALL_ID);
        return records;
    }

    /** The rc the controller expected: the third field of the transition key ("action:transition:rc:uuid"), else 0. */
    public static int expectedRc(OperationRecord op) {
        return op.transitionKey()
                .map(k -> {
                    String[] parts = k.split(":");
                    return parts.length >= 3 ? parseIntOr(parts[2], 0) : 0;
                })
                .orElse(0);
    }

    /** A monitor with interval 0: run to find out whether the resource runs there. */
    public static boolean probe(OperationRecord op) {
        return op.operation().equals("monitor") && op.intervalMs() == 0;
    }

    public static boolean cancelled(OperationRecord op) {
        return op.opStatus() == CANCELLED;
    }

    /** Recorded before its result came: it is still running. */
    public static boolean pending(OperationRecord op) {
        return op.opStatus() == PENDING || op.opStatus() == LEGACY_PENDING;
    }

    /**
     * Whether the result is what the controller asked for: completed (done, or an error status the rc
     * contradicts) with the expected rc, a degraded success (190, 191), or a probe's "running", "not
     * running" or "promoted".
     */
    public static boolean succeeded(OperationRecord op) {
        int status = op.opStatus();
        int rc = op.rcCode();
        return (status == DONE || status == ERROR)
                && (rc == expectedRc(op) || rc == 190 || rc == 191 || probe(op) && (rc == 0 || rc == 7 || rc == 8));
    }

    /** Whether the operation failed: it completed (not cancelled, not pending) and did not succeed. */
    public static boolean failed(OperationRecord op) {
        return !cancelled(op) && !pending(op) && !succeeded(op);
    }

    /**
     * The OCF error codes (1–6, and 9: failed while promoted). The engine counts such a result as a
     * failure even when the controller expected it (as a simulation may).
     */
    public static boolean errorRc(int rc) {
        return rc >= 1 && rc <= 6 || rc == 9;
    }

    private static int parseIntOr(String s, int fallback) {
        if (s == null) return fallback;
        try {
            return Score.parse(s);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }
}
