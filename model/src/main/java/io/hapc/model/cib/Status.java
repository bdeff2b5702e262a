package io.hapc.model.cib;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status section: per node, membership flags, transient attributes and resource operation
 * history; and the cluster-wide ticket states (multi-site clusters: a ticket registry such as booth
 * grants and revokes them).
 */
public record Status(List<NodeRecord> nodeStates, List<TicketState> tickets) {
    public Status {
        nodeStates = List.copyOf(nodeStates);
        tickets = tickets == null ? List.of() : List.copyOf(tickets);
    }

    /** The shape before tickets were read; callers that do not know them keep none. */
    public Status(List<NodeRecord> nodeStates) {
        this(nodeStates, List.of());
    }

    public static Status empty() {
        return new Status(List.of(), List.of());
    }

    /** The same status with other node states; the tickets stay. */
    public Status withNodeStates(List<NodeRecord> states) {
        return new Status(states, tickets);
    }

    public Optional<TicketState> ticket(String ticketId) {
        return tickets.stream().filter(t -> t.id().equals(ticketId)).findFirst();
    }

    /**
     * ticket_state: whether the ticket is granted to this site and whether it is in standby (granted
     * but being given up: what depends on it stops or demotes). lastGranted is the epoch second it was
     * last granted; otherAttributes keeps what a ticket registry records besides (owner, expires…).
     */
    public record TicketState(
            String id,
            boolean granted,
            boolean standby,
            Optional<Long> lastGranted,
            Map<String, String> otherAttributes) {
        public TicketState {
            otherAttributes = Attributes.copy(otherAttributes);
        }
    }

    public Optional<NodeRecord> forNode(String nodeId) {
        return nodeStates.stream().filter(s -> s.id().equals(nodeId)).findFirst();
    }

    /**
     * One node's {@code <node_state>} element as the controller recorded it. Membership is derived by the
     * engine from these flags (as {@code io.hapc.engine.cluster.NodeState}, the name rule authors see).
     * nodeFenced is the raw `node_fenced` attribute (Pacemaker records it for remote nodes).
     */
    public record NodeRecord(
            String id,
            Optional<String> uname,
            Optional<String> inCcm,
            Optional<String> crmd,
            Optional<String> join,
            Optional<String> expected,
            Optional<String> shutdown,
            Map<String, String> transientAttributes,
            List<ResourceHistory> resources,
            Optional<String> nodeFenced) {
        public NodeRecord {
            transientAttributes = Attributes.copy(transientAttributes);
            resources = List.copyOf(resources);
            nodeFenced = nodeFenced == null ? Optional.empty() : nodeFenced;
        }

        /** The shape before nodeFenced was added; callers that do not know it leave it unset. */
        public NodeRecord(
                String id,
                Optional<String> uname,
                Optional<String> inCcm,
                Optional<String> crmd,
                Optional<String> join,
                Optional<String> expected,
                Optional<String> shutdown,
                Map<String, String> transientAttributes,
                List<ResourceHistory> resources) {
            this(id, uname, inCcm, crmd, join, expected, shutdown, transientAttributes, resources, Optional.empty());
        }

        /** The same record with other transient attributes (an attribute set, a cleanup, a what-if). */
        public NodeRecord withTransientAttributes(Map<String, String> attributes) {
            return new NodeRecord(id, uname, inCcm, crmd, join, expected, shutdown, attributes, resources, nodeFenced);
        }
    }

    /**
     * lrm_resource: the history of one resource (or clone instance) on one node. shutdownLock: when
     * the node shut down with shutdown-lock=true while the resource ran there, the time (epoch
     * seconds) its lock to that node began (attribute shutdown-lock).
     */
    public record ResourceHistory(
            String id,
            String standard,
            Optional<String> provider,
            String type,
            List<OperationRecord> operations,
            Optional<Long> shutdownLock) {
        public ResourceHistory {
            operations = List.copyOf(operations);
            shutdownLock = shutdownLock == null ? Optional.empty() : shutdownLock;
        }

        /** Not locked to its node. */
        public ResourceHistory(
                String id, String standard, Optional<String> provider, String type, List<OperationRecord> operations) {
            this(id, standard, provider, type, operations, Optional.empty());
        }
    }

    /**
     * lrm_rsc_op: one recorded operation result. opDigest is the digest of the parameters it ran
     * with; digests the other digests the controller records beside it.
     */
    public record OperationRecord(
            String id,
            String operation,
            long intervalMs,
            int callId,
            int rcCode,
            int opStatus,
            Optional<String> transitionKey,
            Optional<String> opDigest,
            long lastRcChange,
            Optional<String> exitReason,
            Optional<String> onNode,
            Digests digests,
            Optional<Migration> migration) {
        public OperationRecord {
            digests = digests == null ? Digests.NONE : digests;
            migration = migration == null ? Optional.empty() : migration;
        }

        /** A record of an operation that is not part of a live migration. */
        public OperationRecord(
                String id,
                String operation,
                long intervalMs,
                int callId,
                int rcCode,
                int opStatus,
                Optional<String> transitionKey,
                Optional<String> opDigest,
                long lastRcChange,
                Optional<String> exitReason,
                Optional<String> onNode,
                Digests digests) {
            this(
                    id,
                    operation,
                    intervalMs,
                    callId,
                    rcCode,
                    opStatus,
                    transitionKey,
                    opDigest,
                    lastRcChange,
                    exitReason,
                    onNode,
                    digests,
                    Optional.empty());
        }

        /** A record without other digests than op-digest. */
        public OperationRecord(
                String id,
                String operation,
                long intervalMs,
                int callId,
                int rcCode,
                int opStatus,
                Optional<String> transitionKey,
                Optional<String> opDigest,
                long lastRcChange,
                Optional<String> exitReason,
                Optional<String> onNode) {
            this(
                    id,
                    operation,
                    intervalMs,
                    callId,
                    rcCode,
                    opStatus,
                    transitionKey,
                    opDigest,
                    lastRcChange,
                    exitReason,
                    onNode,
                    Digests.NONE);
        }
    }

    /** migrate_source / migrate_target of a migrate_to or migrate_from record: the move it was part of. */
    public record Migration(String source, String target) {}

    /**
     * What an lrm_rsc_op records besides op-digest to tell a changed definition: restart
     * (op-restart-digest) covers the parameters listed in forceRestart (op-force-restart), those
     * the agent cannot reload; secure (op-secure-digest) all but the secret ones listed in
     * secureParams (op-secure-params); featureSet (crm_feature_set) the recording version.
     */
    public record Digests(
            Optional<String> restart,
            Optional<String> forceRestart,
            Optional<String> secure,
            Optional<String> secureParams,
            Optional<String> featureSet) {
        public static final Digests NONE =
                new Digests(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
