package io.hapc.model.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperationHistoryTest {
    private static OperationRecord op(
            String id, String task, long intervalMs, int callId, int rc, int status, String key) {
        return new OperationRecord(
                id,
                task,
                intervalMs,
                callId,
                rc,
                status,
                Optional.ofNullable(key),
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void theExpectedRcIsTheTransitionKeysThirdField() {
        assertEquals(8, OperationHistory.expectedRc(op("r_last_0", "monitor", 0, 1, 8, 0, "3:1:8:uuid")));
        assertEquals(0, OperationHistory.expectedRc(op("r_last_0", "start", 0, 1, 0, 0, null)));
        assertEquals(0, OperationHistory.expectedRc(op("r_last_0", "start", 0, 1, 0, 0, "broken")));
    }

    @Test
    void aResultFailsWhenItIsNotTheExpectedOne() {
        assertFalse(OperationHistory.failed(op("r_last_0", "start", 0, 1, 0, 0, "1:1:0:u")));
        assertTrue(OperationHistory.failed(op("r_last_0", "start", 0, 1, 1, 4, "1:1:0:u")));
        // A probe's "not running", "running" or "promoted" is an answer, not a failure.
        assertFalse(OperationHistory.failed(op("r_last_0", "monitor", 0, 1, 7, 0, "1:1:7:u")));
        assertFalse(OperationHistory.failed(op("r_last_0", "monitor", 0, 1, 8, 0, "1:1:7:u")));
        // A recurring monitor's "not running" is.
        assertTrue(OperationHistory.failed(op("r_monitor_10000", "monitor", 10000, 2, 7, 4, "1:1:0:u")));
        // Degraded results succeed; pending and cancelled ones have not failed.
        assertTrue(OperationHistory.succeeded(op("r_last_0", "start", 0, 1, 190, 0, "1:1:0:u")));
        assertFalse(OperationHistory.failed(op("r_last_0", "start", 0, 1, 0, OperationHistory.PENDING, "1:1:0:u")));
        assertFalse(OperationHistory.failed(op("r_last_0", "stop", 0, 1, 1, OperationHistory.CANCELLED, "1:1:0:u")));
        // An error rc the controller expected succeeded (the engine still counts it: errorRc).
        OperationRecord expectedError = op("r_last_0", "start", 0, 1, 1, 4, "1:1:1:u");
        assertTrue(OperationHistory.succeeded(expectedError));
        assertTrue(OperationHistory.errorRc(expectedError.rcCode()));
    }

    @Test
    void theLastOperationIsTheOneRecordedUnderLast0AndCallsAreOrderedByCallId() {
        OperationRecord monitor =
                op(OperationHistory.recurringId("r", "monitor", 10000), "monitor", 10000, 3, 0, 0, null);
        OperationRecord start = op(OperationHistory.lastOperationId("r"), "start", 0, 2, 0, 0, null);
        OperationRecord failure = op(OperationHistory.lastFailureId("r"), "monitor", 0, 1, 1, 4, null);
        ResourceHistory h =
                new ResourceHistory("r", "ocf", Optional.of("heartbeat"), "Dummy", List.of(monitor, start, failure));
        assertEquals(Optional.of(start), OperationHistory.lastOperation(h));
        assertEquals(List.of(failure, start, monitor), OperationHistory.inCallOrder(h));
        assertEquals("r_monitor_10000", monitor.id());
        assertEquals("r_last_failure_0", failure.id());
    }
}
