package io.hapc.daemon.metrics;

import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeState;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.report.ClusterStates;
import io.hapc.engine.report.ResourceState;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status;
import io.hapc.model.status.OperationHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the metrics and the status page show of one CIB: nodes, resources and where they run, fail
 * counts, failed actions. Immutable; made off the brain thread from the CIB's XML.
 *
 * @param complete false while a node is still reporting what it runs (a new DC's first CIBs): what
 *                 runs is then not known, and availability does not count it either way
 */
public record ClusterSnapshot(
        long adminEpoch,
        long epoch,
        long numUpdates,
        List<NodeInfo> nodes,
        List<ResourceInfo> resources,
        List<String> failedActions,
        boolean complete,
        Optional<String> clusterName) {
    public static final ClusterSnapshot EMPTY =
            new ClusterSnapshot(0, 0, 0, List.of(), List.of(), List.of(), false, Optional.empty());

    /** state: online, offline, unclean or pending (the engine's node states). */
    public record NodeInfo(String name, String state, boolean standby, boolean maintenance) {}

    /**
     * One primitive or clone instance. roles: the role on each node where it is active; roles offered:
     * the roles it can have (started, or promoted/unpromoted for a promotable clone's instance).
     * expected: it should run (managed, not disabled, the cluster not in maintenance or stop-all).
     */
    public record ResourceInfo(
            String id,
            String primitiveId,
            String agent,
            boolean promotable,
            boolean expected,
            Map<String, String> roles,
            boolean failed,
            Map<String, Integer> failCounts,
            boolean activeOnOnline) {
        /** Active on an online node and failed nowhere: "Started n2 (UNCLEAN)" is not up, nobody knows it runs. */
        public boolean up() {
            return activeOnOnline && !failed;
        }
    }

    public static List<String> rolesOf(ResourceInfo r) {
        return r.promotable() ? List.of("promoted", "unpromoted") : List.of("started");
    }

    public static ClusterSnapshot of(Cib cib, Instant now) {
        ClusterView view = ClusterUnpacker.unpack(cib, now);
        List<NodeInfo> nodes = new ArrayList<>();
        boolean complete = true;
        java.util.Set<String> online = new java.util.HashSet<>();
        for (NodeView n : view.nodes()) {
            if (n.state() == NodeState.ONLINE) online.add(n.name());
            nodes.add(new NodeInfo(
                    n.name(), n.state().name().toLowerCase(java.util.Locale.ROOT), n.standby(), n.maintenance()));
            if (n.state() == NodeState.PENDING) complete = false;
        }
        Map<String, List<ResourceState>> states = ClusterStates.current(view);
        boolean clusterHolds =
                view.options().maintenanceMode() || view.options().stopAllResources();
        List<ResourceInfo> resources = new ArrayList<>();
        view.resources().stream()
                .flatMap(ResourceTree::primitives)
                .filter(r -> !r.orphan())
                .forEach(r -> {
                    boolean promotable = r.cloneId()
                            .map(view.treesById()::get)
                            .filter(t -> t instanceof ResourceTree.CloneOf c && c.promotable())
                            .isPresent();
                    Map<String, String> roles = new LinkedHashMap<>();
                    boolean failed = false;
                    for (ResourceState s : states.getOrDefault(r.id(), List.of())) {
                        roles.put(s.node(), role(s.role(), promotable));
                        failed |= s.failed();
                    }
                    boolean expected = r.meta().managed()
                            && !clusterHolds
                            && !r.meta()
                                    .targetRole()
                                    .map(t -> t == Role.STOPPED)
                                    .orElse(false);
                    resources.add(new ResourceInfo(
                            r.id(),
                            r.primitiveId(),
                            r.agent(),
                            promotable,
                            expected,
                            roles,
                            failed,
                            Map.copyOf(r.failCounts()),
                            roles.keySet().stream().anyMatch(online::contains)));
                });
        return new ClusterSnapshot(
                cib.version().adminEpoch(),
                cib.version().epoch(),
                cib.version().numUpdates(),
                nodes,
                resources,
                failedActions(cib),
                complete,
                clusterName(cib));
    }

    private static String role(Role role, boolean promotable) {
        if (role == Role.PROMOTED) return "promoted";
        return promotable ? "unpromoted" : "started";
    }

    private static Optional<String> clusterName(Cib cib) {
        return cib.propertySets().stream()
                .map(s -> s.values().get("cluster-name"))
                .filter(v -> v != null && !v.isBlank())
                .findFirst();
    }

    /** Recorded operations that failed, oldest call first: "ID on NODE: rc N (reason)". */
    private static List<String> failedActions(Cib cib) {
        Map<String, String> names = cib.nodes().stream().collect(Collectors.toMap(Node::id, Node::uname, (a, b) -> a));
        List<String> out = new ArrayList<>();
        for (Status.NodeRecord s : cib.status().nodeStates()) {
            String node = names.getOrDefault(s.id(), s.uname().orElse(s.id()));
            s.resources().stream()
                    .flatMap(h -> h.operations().stream())
                    .filter(OperationHistory::failed)
                    .sorted(OperationHistory.BY_CALL_ID)
                    .map(op -> (op.id().isEmpty() ? op.operation() + "_" + op.intervalMs() : op.id()) + " on " + node
                            + ": rc "
                            + op.rcCode()
                            + op.exitReason()
                                    .filter(x -> !x.isBlank())
                                    .map(x -> " (" + x + ")")
                                    .orElse("")
                            + (op.lastRcChange() > 0 ? " at " + Instant.ofEpochSecond(op.lastRcChange()) : ""))
                    .forEach(out::add);
        }
        return out;
    }

    /** Per configured primitive id: up when at least one of its instances is active and not failed; absent when not expected to run. */
    public Map<String, Boolean> availabilityStates() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (ResourceInfo r : resources) {
            if (!r.expected()) continue;
            out.merge(r.primitiveId(), r.up(), Boolean::logicalOr);
        }
        return out;
    }
}
