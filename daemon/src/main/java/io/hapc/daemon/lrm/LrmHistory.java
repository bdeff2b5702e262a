package io.hapc.daemon.lrm;

import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;

/** Reading a resource's lrm history the way both the node and the DC need it. */
public final class LrmHistory {
    private LrmHistory() {}

    /**
     * Whether the resource may be running: its last non-recurring operation is anything but a
     * successful stop or a probe that found it stopped (a failed stop or start leaves it in doubt).
     */
    public static boolean mayBeActive(ResourceHistory h) {
        OperationRecord last = h.operations().stream()
                .filter(o -> o.id().equals(h.id() + "_last_0"))
                .findFirst()
                .orElse(null);
        if (last == null) return false;
        boolean ok = last.opStatus() == LocalResourceManager.DONE;
        return switch (last.operation()) {
            case "stop" -> !ok;
            case "monitor" -> last.rcCode() != 7;
            default -> true;
        };
    }
}
