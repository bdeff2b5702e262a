package io.hapc.model.cib;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The status section: per node, membership flags, transient attributes and resource operation history. */
public record Status(List<NodeState> nodeStates) {
    public Status {
        nodeStates = List.copyOf(nodeStates);
    }

    public static Status empty() {
        return new Status(List.of());
    }

    public Optional<NodeState> forNode(String nodeId) {
        return nodeStates.stream().filter(s -> s.id().equals(nodeId)).findFirst();
    }

    /** node_state as recorded by the controller; membership is derived by the engine from these flags. */
    public record NodeState(String id, Optional<String> uname, Optional<String> inCcm, Optional<String> crmd,
                            Optional<String> join, Optional<String> expected, Optional<String> shutdown,
                            Map<String, String> transientAttributes, List<ResourceHistory> resources) {
        public NodeState {
            transientAttributes = Attributes.copy(transientAttributes);
            resources = List.copyOf(resources);
        }
    }

    /** lrm_resource: the history of one resource (or clone instance) on one node. */
    public record ResourceHistory(String id, String standard, Optional<String> provider, String type,
                                  List<OperationRecord> operations) {
        public ResourceHistory {
            operations = List.copyOf(operations);
        }
    }

    /** lrm_rsc_op: one recorded operation result. */
    public record OperationRecord(String id, String operation, long intervalMs, int callId, int rcCode,
                                  int opStatus, Optional<String> transitionKey, Optional<String> opDigest,
                                  long lastRcChange, Optional<String> exitReason, Optional<String> onNode) {}
}
