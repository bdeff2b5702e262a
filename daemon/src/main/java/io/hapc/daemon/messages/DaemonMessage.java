package io.hapc.daemon.messages;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.model.cib.Status.ResourceHistory;
import java.util.List;
import java.util.Map;

/**
 * What daemons say to each other through the transport. The DC asks nodes to run actions and to
 * report what they run; nodes report results and forward admin requests to the DC.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = DaemonMessage.Execute.class, name = "execute"),
    @JsonSubTypes.Type(value = DaemonMessage.OperationResult.class, name = "operation-result"),
    @JsonSubTypes.Type(value = DaemonMessage.HistoryRequest.class, name = "history-request"),
    @JsonSubTypes.Type(value = DaemonMessage.NodeHistory.class, name = "node-history"),
    @JsonSubTypes.Type(value = DaemonMessage.Forget.class, name = "forget"),
    @JsonSubTypes.Type(value = DaemonMessage.AdminForward.class, name = "admin-forward"),
    @JsonSubTypes.Type(value = DaemonMessage.AdminAnswer.class, name = "admin-answer"),
    @JsonSubTypes.Type(value = DaemonMessage.ShutdownRequest.class, name = "shutdown-request"),
    @JsonSubTypes.Type(value = DaemonMessage.ShutdownGranted.class, name = "shutdown-granted"),
})
public sealed interface DaemonMessage {
    /** DC → node: run one agent action. dcEpoch lets the node ignore a deposed DC. */
    record Execute(long dcEpoch, long transitionId, int actionId, AgentCall call) implements DaemonMessage {}

    /** Node → DC: an action finished (or a recurring monitor changed); history is the resource's history after it. */
    record OperationResult(
            long transitionId,
            int actionId,
            String node,
            String resource,
            String operation,
            long intervalMs,
            int rc,
            int expectedRc,
            boolean success,
            String exitReason,
            ResourceHistory history)
            implements DaemonMessage {}

    /** DC → node: report your resources (after probing these primitives, if not probed yet). */
    record HistoryRequest(long dcEpoch, List<AgentCall> probes) implements DaemonMessage {}

    /** Node → DC: everything the node's resource manager knows it runs and ran. */
    record NodeHistory(String node, List<ResourceHistory> resources) implements DaemonMessage {}

    /** DC → node: a cleanup: forget the failures of this resource and probe it again. */
    record Forget(long dcEpoch, String resource, AgentCall probe) implements DaemonMessage {}

    /** Node → DC: an admin request the node's CLI made; the DC answers with the same id. */
    record AdminForward(String id, String node, AdminRequest request) implements DaemonMessage {}

    record AdminAnswer(String id, AdminReply reply) implements DaemonMessage {}

    /** Node → DC: this node wants to leave cleanly; the DC moves its resources off first. */
    record ShutdownRequest(String node) implements DaemonMessage {}

    /** DC → node: nothing runs on you any more; leave. */
    record ShutdownGranted(String node) implements DaemonMessage {}

    /** Everything a node needs to run one action of one resource, without reading the CIB. */
    record AgentCall(
            String resource,
            String agent,
            String action,
            long intervalMs,
            long timeoutMs,
            int expectedRc,
            Map<String, String> params,
            Map<String, String> meta) {
        public AgentCall {
            params = Map.copyOf(params);
            meta = Map.copyOf(meta);
        }
    }
}
