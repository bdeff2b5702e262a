package io.hapc.engine.cluster;

import static io.hapc.engine.cluster.AttributeSets.durationOr;
import static io.hapc.engine.cluster.AttributeSets.parseIntOr;
import static io.hapc.engine.cluster.AttributeSets.truthy;
import static io.hapc.engine.cluster.AttributeSets.truthyOrTimestamp;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Status.NodeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster nodes' membership, as Pacemaker's scheduler reads node_state (with and without
 * fencing): online, offline, pending or unclean (and why), standby, maintenance, shutting down.
 */
final class ClusterNodeUnpacker {
    private final Cib cib;
    private final Instant now;
    private final ClusterOptions options;
    private final AttributeSets attributeSets;
    private final ResourceMetaResolver metaResolver;
    private final HistoryReplay replay;

    ClusterNodeUnpacker(
            Cib cib,
            Instant now,
            ClusterOptions options,
            AttributeSets attributeSets,
            ResourceMetaResolver metaResolver,
            HistoryReplay replay) {
        this.cib = cib;
        this.now = now;
        this.options = options;
        this.attributeSets = attributeSets;
        this.metaResolver = metaResolver;
        this.replay = replay;
    }

    /** The cluster nodes (remote nodes follow their connection: RemoteNodeUnpacker), in configuration order. */
    List<NodeView> unpack() {
        List<NodeView> out = new ArrayList<>();
        int index = 0;
        for (io.hapc.model.cib.Node n : cib.nodes()) {
            if (n.type() != null && n.type().equals("remote"))
                continue; // remote nodes follow their connection: RemoteNodes
            Optional<NodeRecord> st = cib.status().forNode(n.id());
            Map<String, String> attrs = new LinkedHashMap<>(attributeSets.merged(n.attributeSets()));
            st.ifPresent(s -> s.transientAttributes().forEach(attrs::put));
            attrs.put("#uname", n.uname());
            attrs.put("#id", n.id());
            attrs.put("#kind", "cluster");
            st.flatMap(NodeRecord::expected).ifPresent(e -> attrs.put("#expected", e));
            attrs.put(
                    "#is_dc", Boolean.toString(cib.dcUuid().map(n.id()::equals).orElse(false)));
            Map<String, Integer> capacity = new LinkedHashMap<>();
            attributeSets.merged(n.utilizationSets()).forEach((k, v) -> capacity.put(k, parseIntOr(v, 0)));
            NodeRecord state = st.orElse(null);
            NodeStatus status = membership(state);
            // terminate=true (stonith_admin/crm_node asking to fence a member): its state is no longer trusted.
            if (options.fencingEnabled()
                    && status.state() == NodeState.ONLINE
                    && truthy(attrs.getOrDefault("terminate", "false"))) {
                status = new NodeStatus(NodeState.UNCLEAN, Optional.of("fencing was requested"));
            }
            // A node that left without stopping what it ran (its history shows it still active): with
            // fencing, what ran there is in an unknown state until the node is reset (Pacemaker fences it).
            // (A node in maintenance is left alone: what it ran is taken as still running there.)
            if (options.fencingEnabled()
                    && status.state() == NodeState.OFFLINE
                    && state != null
                    && !truthy(attrs.getOrDefault("maintenance", "false"))) {
                Optional<String> active = replay.firstActive(state).filter(metaResolver::managed);
                if (active.isPresent()) {
                    status = new NodeStatus(
                            NodeState.UNCLEAN, Optional.of(active.get() + " is thought to be active there"));
                }
            }
            // The controller asks a node to shut down with its transient attribute "shutdown" (the time asked);
            // older CIBs carry it on node_state.
            boolean shutdown = state != null
                            && state.shutdown()
                                    .map(s -> !s.isBlank() && !s.equals("0"))
                                    .orElse(false)
                    || Optional.ofNullable(
                                    st.isPresent()
                                            ? st.get().transientAttributes().get("shutdown")
                                            : null)
                            .map(s -> !s.isBlank() && !s.equals("0"))
                            .orElse(false);
            out.add(new NodeView(
                    n.uname(),
                    n.id(),
                    index++,
                    status.state(),
                    status.uncleanReason(),
                    truthy(attrs.getOrDefault("standby", "false")),
                    truthy(attrs.getOrDefault("maintenance", "false")),
                    shutdown && status.state() == NodeState.ONLINE,
                    Map.copyOf(attrs),
                    Map.copyOf(capacity)));
        }
        return out;
    }

    private record NodeStatus(NodeState state, Optional<String> uncleanReason) {}

    /** Membership from node_state, as Pacemaker's scheduler derives it (with and without fencing). */
    private NodeStatus membership(NodeRecord s) {
        var ONLINE = NodeState.ONLINE;
        var OFFLINE = NodeState.OFFLINE;
        var UNCLEAN = NodeState.UNCLEAN;
        if (s == null) {
            return options.fencingEnabled() && options.startupFencing()
                    ? new NodeStatus(UNCLEAN, Optional.of("node is unclean"))
                    : new NodeStatus(OFFLINE, Optional.empty());
        }
        boolean inCcm = s.inCcm().map(AttributeSets::truthyOrTimestamp).orElse(false);
        boolean crmdOnline =
                s.crmd().map(c -> c.equals("online") || truthyOrTimestamp(c)).orElse(false);
        String join = s.join().orElse("down");
        String expected = s.expected().orElse("");
        if (!options.fencingEnabled()) {
            return inCcm && crmdOnline && join.equals("member")
                    ? new NodeStatus(ONLINE, Optional.empty())
                    : new NodeStatus(OFFLINE, Optional.empty());
        }
        // With fencing, as Pacemaker's scheduler reads a node_state. A node asked to shut down is up
        // while its controller is (it cannot be shut down once dead).
        if (shuttingDown(s)) return new NodeStatus(crmdOnline ? ONLINE : OFFLINE, Optional.empty());
        // A node the cluster does not expect as a member (expected="down", or nothing recorded yet) is
        // cleanly down, or still coming up when it is seen in the membership or its controller runs;
        // one that stays in the membership without its controller past node-pending-timeout is fenced.
        boolean expectedDown = s.expected().map("down"::equals).orElse(true);
        if (expectedDown && !join.equals("banned")) {
            if (pendingTooLong(s)) {
                return new NodeStatus(UNCLEAN, Optional.of("peer pending timed out on joining the process group"));
            }
            return inCcm || crmdOnline
                    ? new NodeStatus(NodeState.PENDING, Optional.empty())
                    : new NodeStatus(OFFLINE, Optional.empty());
        }
        if (inCcm && crmdOnline && join.equals("member")) return new NodeStatus(ONLINE, Optional.empty());
        if (inCcm && crmdOnline) {
            return join.equals("down") || join.equals("banned") && !expected.equals("member")
                    ? new NodeStatus(OFFLINE, Optional.empty())
                    : new NodeStatus(NodeState.PENDING, Optional.empty());
        }
        if (!inCcm) return new NodeStatus(UNCLEAN, Optional.of("peer is no longer part of the cluster"));
        return new NodeStatus(UNCLEAN, Optional.of("peer process is no longer available"));
    }

    /** The controller asked this node to shut down (its "shutdown" time, on node_state or as a transient attribute). */
    private static boolean shuttingDown(NodeRecord s) {
        return s.shutdown().map(v -> !v.isBlank() && !v.equals("0")).orElse(false)
                || Optional.ofNullable(s.transientAttributes().get("shutdown"))
                        .map(v -> !v.isBlank() && !v.equals("0"))
                        .orElse(false);
    }

    /**
     * A node in the membership since a recorded time (in_ccm as a timestamp) whose controller never came
     * online, for longer than node-pending-timeout (0, the default, waits for ever).
     */
    private boolean pendingTooLong(NodeRecord s) {
        long timeoutMs = durationOr(attributeSets.merged(cib.propertySets()).get("node-pending-timeout"), 0);
        if (timeoutMs <= 0) return false;
        Optional<Long> memberSince =
                s.inCcm().filter(v -> v.matches("\\d+")).map(Long::parseLong).filter(v -> v > 0);
        boolean controllerUp = s.crmd()
                .map(c -> c.equals("online") || truthyOrTimestamp(c) && !c.equals("0"))
                .orElse(false);
        return memberSince.isPresent() && !controllerUp && now.toEpochMilli() >= memberSince.get() * 1000 + timeoutMs;
    }
}
