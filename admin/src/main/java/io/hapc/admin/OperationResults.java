package io.hapc.admin;

import io.hapc.model.cib.Status.OperationRecord;

/** How a recorded operation result reads, judged as the policy engine judges it. */
public final class OperationResults {
    private OperationResults() {}

    /**
     * Whether the operation failed: its rc is not the one expected (the third field of the
     * transition key; 0 without one), a probe's "not running"/"running"/"promoted" excepted, and
     * degraded results (190, 191) counting as success. Cancelled and pending operations have not failed.
     */
    public static boolean failed(OperationRecord op) {
        int status = op.opStatus();
        if (status == 1 || status == -1 || status == 193) return false;
        int expected = op.transitionKey()
                .map(k -> {
                    String[] parts = k.split(":");
                    try {
                        return parts.length >= 3 ? Integer.parseInt(parts[2]) : 0;
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                })
                .orElse(0);
        int rc = op.rcCode();
        boolean probe = op.operation().equals("monitor") && op.intervalMs() == 0;
        boolean ok = (status == 0 || status == 4)
                && (rc == expected || rc == 190 || rc == 191 || probe && (rc == 0 || rc == 7 || rc == 8));
        return !ok;
    }
}
