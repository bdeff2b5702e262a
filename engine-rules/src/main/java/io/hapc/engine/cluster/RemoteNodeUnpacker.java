package io.hapc.engine.cluster;

import static io.hapc.engine.cluster.AttributeSets.parseIntOr;
import static io.hapc.engine.cluster.AttributeSets.truthy;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remote and guest nodes, whose state follows their connection (and a guest's container) on the
 * cluster nodes, and remote nodes only the status still knows (an orphaned connection).
 */
final class RemoteNodeUnpacker {
    private final Cib cib;
    private final ClusterOptions options;
    private final AttributeSets attributeSets;
    private final KnownNodes known;
    private final HistoryReplay replay;

    RemoteNodeUnpacker(
            Cib cib, ClusterOptions options, AttributeSets attributeSets, KnownNodes known, HistoryReplay replay) {
        this.cib = cib;
        this.options = options;
        this.attributeSets = attributeSets;
        this.known = known;
        this.replay = replay;
    }

    /**
     * A remote or guest node, online while its connection runs (Pacemaker's rules): unclean when
     * its container failed or the cluster node hosting the container is unclean (a guest), or when
     * its connection failed; offline when the connection (or container) is stopped. The history
     * recorded on an offline remote node is not trusted (it is treated as cleanly down).
     */
    NodeView remoteNode(
            RemoteNodes.Definition d,
            int index,
            List<Resource> resources,
            Map<String, List<NodeHistory>> clusterHistories) {
        var ONLINE = NodeState.ONLINE;
        var OFFLINE = NodeState.OFFLINE;
        var UNCLEAN = NodeState.UNCLEAN;
        List<Presence> connection = replay.presences(d.remote().connection(), resources, clusterHistories);
        // A connection that failed to start never reached the node: it is offline, not unclean.
        boolean connectionFailed = connection.stream()
                .anyMatch(
                        p -> p.failed() && !p.failedTask().map("start"::equals).orElse(false));
        boolean connectionStarted = connection.stream().anyMatch(p -> p.role() != Role.STOPPED && !p.failed());
        NodeState state;
        Optional<String> reason = Optional.empty();
        boolean hostLost = false;
        if (d.remote().guest()) {
            List<Presence> container = replay.presences(d.remote().container().get(), resources, clusterHistories);
            boolean containerFailed = container.stream().anyMatch(Presence::failed);
            boolean containerRunning = container.stream().anyMatch(p -> p.role() != Role.STOPPED);
            boolean hostUnclean = container.stream().anyMatch(p -> known.unclean(p.node()))
                    || connection.stream().anyMatch(p -> known.unclean(p.node()));
            if (containerFailed || connectionStarted && hostUnclean) {
                state = UNCLEAN;
                reason = Optional.of("guest is unclean");
                hostLost = !containerFailed;
            } else if (connectionFailed) {
                // A guest is recovered through its container whatever failed: Pacemaker names it so.
                state = UNCLEAN;
                reason = Optional.of("guest is unclean");
            } else {
                state = connectionStarted && containerRunning ? ONLINE : OFFLINE;
            }
        } else if (connectionFailed) {
            state = UNCLEAN;
            reason = Optional.of("remote connection is unrecoverable");
        } else {
            state = connectionStarted ? ONLINE : OFFLINE;
        }
        Optional<NodeRecord> st = cib.status()
                .forNode(d.name())
                .or(() -> d.configured().flatMap(c -> cib.status().forNode(c.id())));
        Optional<String> activeThere = st.flatMap(replay::firstActive);
        // Resources active on the guest make its fencing a recovery of the container, not just a move.
        RemoteNode remote = hostLost && activeThere.isEmpty() ? d.remote().withHostLost() : d.remote();
        if (state == OFFLINE && options.fencingEnabled() && activeThere.isPresent()) {
            // Resources recorded active on a node that is down: their state is unknown until it is reset.
            state = UNCLEAN;
            if (d.remote().guest()) {
                reason = Optional.of("guest is unclean");
            } else if (connection.stream().anyMatch(Presence::failed)) {
                reason = Optional.of(activeThere.get() + " is thought to be active there");
            } else {
                reason =
                        Optional.of(activeThere.get() + " is active there (fencing will be revoked if remote connection"
                                + " can be re-established elsewhere)");
                remote = remote.withFencingRevocable();
            }
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        d.configured().ifPresent(c -> attrs.putAll(attributeSets.merged(c.attributeSets())));
        st.ifPresent(s -> s.transientAttributes().forEach(attrs::put));
        attrs.put("#uname", d.name());
        attrs.put("#id", d.configured().map(io.hapc.model.cib.Node::id).orElse(d.name()));
        attrs.put("#kind", d.remote().guest() ? "container" : "remote");
        attrs.put("#is_dc", "false");
        Map<String, Integer> capacity = new LinkedHashMap<>();
        d.configured()
                .ifPresent(c ->
                        attributeSets.merged(c.utilizationSets()).forEach((k, v) -> capacity.put(k, parseIntOr(v, 0))));
        boolean shutdown = st.flatMap(NodeRecord::shutdown)
                .map(s -> !s.isBlank() && !s.equals("0"))
                .orElse(false);
        return new NodeView(
                d.name(),
                d.name(),
                index,
                state,
                reason,
                truthy(attrs.getOrDefault("standby", "false")),
                truthy(attrs.getOrDefault("maintenance", "false")),
                shutdown && state == ONLINE,
                Map.copyOf(attrs),
                Map.copyOf(capacity),
                Optional.of(remote));
    }

    /**
     * Remote nodes whose connection is no longer configured but still recorded (an orphaned
     * `ocf:pacemaker:remote` history, and a node state of that name): Pacemaker still knows the
     * node until its connection is stopped, so what runs there is stopped or moved.
     */
    List<RemoteNodes.Definition> orphanedRemoteNodes(List<RemoteNodes.Definition> known, List<NodeView> clusterNodes) {
        Set<String> taken = new java.util.HashSet<>();
        known.forEach(d -> taken.add(d.name()));
        clusterNodes.forEach(n -> taken.add(n.name()));
        Set<String> configured = new java.util.HashSet<>();
        for (Resource r : cib.resources()) ClusterUnpacker.collectIds(r, configured);
        Set<String> stateNames = new java.util.HashSet<>();
        for (NodeRecord ns : cib.status().nodeStates()) {
            stateNames.add(ns.id());
            ns.uname().ifPresent(stateNames::add);
        }
        List<RemoteNodes.Definition> out = new ArrayList<>();
        for (NodeRecord ns : cib.status().nodeStates()) {
            for (ResourceHistory rh : ns.resources()) {
                String id = rh.id();
                if (!rh.standard().equals("ocf")
                        || !rh.provider().map("pacemaker"::equals).orElse(false)
                        || !rh.type().equals("remote")) continue;
                if (taken.contains(id) || configured.contains(id) || !stateNames.contains(id)) continue;
                taken.add(id);
                out.add(new RemoteNodes.Definition(id, new RemoteNode(id, Optional.empty()), Optional.empty()));
            }
        }
        return out;
    }
}
