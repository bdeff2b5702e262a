package io.hapc.admin;

import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** resource cleanup: a status-only edit that forgets failures. */
class CleanupTest {
    /** web-cluster with VIP's monitor failed on node1 (rc 7) and fail counts for VIP and WebSite there. */
    static Cib withFailures() {
        Cib cib = webCluster();
        List<NodeRecord> states = new ArrayList<>();
        for (NodeRecord s : cib.status().nodeStates()) {
            if (!s.id().equals("1")) {
                states.add(s);
                continue;
            }
            List<ResourceHistory> histories = new ArrayList<>();
            for (ResourceHistory h : s.resources()) {
                if (!h.id().equals("VIP")) {
                    histories.add(h);
                    continue;
                }
                List<OperationRecord> ops = new ArrayList<>(h.operations());
                ops.add(new OperationRecord(
                        "VIP_last_failure_0",
                        "monitor",
                        30_000,
                        7,
                        7,
                        0,
                        Optional.of("4:1:0:example"),
                        Optional.empty(),
                        1_740_830_000L,
                        Optional.of("not running"),
                        Optional.of("node1")));
                histories.add(new ResourceHistory(h.id(), h.standard(), h.provider(), h.type(), ops));
            }
            Map<String, String> attrs = new LinkedHashMap<>(s.transientAttributes());
            attrs.put("fail-count-VIP#monitor_30000", "1");
            attrs.put("last-failure-VIP#monitor_30000", "1740830000");
            attrs.put("fail-count-WebSite#monitor_30000", "2");
            attrs.put("pingd", "100");
            states.add(new NodeRecord(
                    s.id(),
                    s.uname(),
                    s.inCcm(),
                    s.crmd(),
                    s.join(),
                    s.expected(),
                    s.shutdown(),
                    attrs,
                    histories,
                    s.nodeFenced()));
        }
        return cib.withStatus(new Status(states));
    }

    private static NodeRecord node1(Cib cib) {
        return cib.status().forNode("1").orElseThrow();
    }

    @Test
    void cleanupOfOneResourceForgetsItsFailedHistoryAndFailCounts() throws Exception {
        Cib before = withFailures();
        CibEditor.EditOutcome o = outcome(before, new CibEdit.ResourceCleanup(Optional.of("VIP"), Optional.empty()));
        NodeRecord n1 = node1(o.cib());
        assertEquals(
                List.of("WebSite"),
                n1.resources().stream().map(ResourceHistory::id).toList(),
                "VIP's failed history is gone");
        assertEquals(Map.of("fail-count-WebSite#monitor_30000", "2", "pingd", "100"), n1.transientAttributes());
        assertEquals(
                before.version().nextUpdate(), o.cib().version(), "a status edit bumps num_updates, not the epoch");
        assertEquals(before.resources(), o.cib().resources());
        assertEquals(
                "Cleaned up VIP: failed history of VIP@node1 forgotten (re-probed); 2 fail-count/last-failure attributes removed",
                o.message());
    }

    @Test
    void cleanupOfEverythingOnANodeLeavesHealthyHistoryAlone() throws Exception {
        CibEditor.EditOutcome o =
                outcome(withFailures(), new CibEdit.ResourceCleanup(Optional.empty(), Optional.of("node1")));
        NodeRecord n1 = node1(o.cib());
        assertEquals(
                List.of("WebSite"),
                n1.resources().stream().map(ResourceHistory::id).toList());
        assertEquals(Map.of("pingd", "100"), n1.transientAttributes());
        assertEquals(webCluster().status().forNode("2"), o.cib().status().forNode("2"));
    }

    @Test
    void cleanupOnAnotherNodeChangesNothing() throws Exception {
        CibEditor.EditOutcome o =
                outcome(withFailures(), new CibEdit.ResourceCleanup(Optional.of("VIP"), Optional.of("node2")));
        assertFalse(o.changed());
        assertEquals("Nothing to clean up for VIP on node2: no failures recorded", o.message());
    }

    @Test
    void failedRecordsAreJudgedAsTheEngineJudgesThem() {
        OperationRecord probeNotRunning = new OperationRecord(
                "p",
                "monitor",
                0,
                1,
                7,
                0,
                Optional.of("1:1:7:x"),
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty());
        OperationRecord startFailed = new OperationRecord(
                "s",
                "start",
                0,
                2,
                1,
                4,
                Optional.of("2:1:0:x"),
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty());
        OperationRecord pending = new OperationRecord(
                "s", "start", 0, 2, 1, -1, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty());
        OperationRecord promotedAsExpected = new OperationRecord(
                "m",
                "monitor",
                10_000,
                3,
                8,
                0,
                Optional.of("3:1:8:x"),
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty());
        assertFalse(OperationHistory.failed(probeNotRunning));
        assertTrue(OperationHistory.failed(startFailed));
        assertFalse(OperationHistory.failed(pending));
        assertFalse(OperationHistory.failed(promotedAsExpected));
    }

    @Test
    void refusals() {
        assertEquals(
                "resource cleanup: no resource 'nope' in the CIB (resources: fence-all, VIP, WebSite)",
                refusal(withFailures(), new CibEdit.ResourceCleanup(Optional.of("nope"), Optional.empty())));
        assertEquals(
                "resource cleanup: no node 'node7' in the CIB (nodes: node1, node2, node3)",
                refusal(withFailures(), new CibEdit.ResourceCleanup(Optional.empty(), Optional.of("node7"))));
    }
}
