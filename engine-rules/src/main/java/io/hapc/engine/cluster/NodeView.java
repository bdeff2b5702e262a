package io.hapc.engine.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * A node with its membership and attributes resolved from configuration and status.
 * uncleanReason says why an unclean node must be fenced ("peer is no longer part of the cluster").
 * remote is set for Pacemaker Remote and guest nodes (their connection and container resources).
 */
public record NodeView(
        String name,
        String id,
        int index,
        NodeState state,
        Optional<String> uncleanReason,
        boolean standby,
        boolean maintenance,
        boolean shuttingDown,
        Map<String, String> attributes,
        Map<String, Integer> capacity,
        Optional<RemoteNode> remote) {

    public NodeView {
        remote = remote == null ? Optional.empty() : remote;
    }

    /** A cluster node (a full member of the cluster). */
    public NodeView(
            String name,
            String id,
            int index,
            NodeState state,
            Optional<String> uncleanReason,
            boolean standby,
            boolean maintenance,
            boolean shuttingDown,
            Map<String, String> attributes,
            Map<String, Integer> capacity) {
        this(
                name,
                id,
                index,
                state,
                uncleanReason,
                standby,
                maintenance,
                shuttingDown,
                attributes,
                capacity,
                Optional.empty());
    }

    /** A Pacemaker Remote or guest node: it runs resources but no cluster stack, and cannot host connections. */
    public boolean remoteNode() {
        return remote.isPresent();
    }

    public boolean guestNode() {
        return remote.map(RemoteNode::guest).orElse(false);
    }

    /**
     * Whether the cluster expects this node as a member (node_state expected="member", kept in the internal
     * attribute "#expected"): a pending node so is joining late, one without it has never joined yet.
     */
    public boolean expectedMember() {
        return "member".equals(attributes.get("#expected"));
    }

    public boolean online() {
        return state == NodeState.ONLINE;
    }

    /** Whether new resources may be placed here at all. */
    public boolean canHostResources() {
        return state == NodeState.ONLINE && !standby && !maintenance && !shuttingDown;
    }

    /** Why the node cannot host resources, for explanations; empty when it can. */
    public Optional<String> unavailableReason() {
        if (state == NodeState.UNCLEAN) return Optional.of("node is unclean");
        if (state == NodeState.OFFLINE) return Optional.of("node is offline");
        if (state == NodeState.PENDING) return Optional.of("node is pending");
        if (shuttingDown) return Optional.of("node is shutting down");
        if (maintenance) return Optional.of("node is in maintenance");
        if (standby) return Optional.of("node is in standby");
        return Optional.empty();
    }
}
