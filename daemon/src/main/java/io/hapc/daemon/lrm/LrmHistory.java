package io.hapc.daemon.lrm;

import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;

/**
 * What a node may still be running, read from its lrm history the way both the node and the DC
 * need it: only the last non-recurring operation counts, conservatively (a failed stop or start
 * leaves the resource in doubt). The policy engine replays the whole history instead
 * (HistoryReplay); how each record reads is model's {@link OperationHistory}.
 */
public final class LrmHistory {
    private LrmHistory() {}

    /**
     * Whether the resource may be running: its last non-recurring operation is anything but a
     * successful stop or a probe that found it stopped (a failed stop or start leaves it in doubt).
     */
    public static boolean mayBeActive(ResourceHistory h) {
        OperationRecord last = OperationHistory.lastOperation(h).orElse(null);
        if (last == null) return false;
        boolean ok = last.opStatus() == OperationHistory.DONE;
        return switch (last.operation()) {
            case "stop" -> !ok;
            case "monitor" -> last.rcCode() != 7;
            default -> true;
        };
    }
}
