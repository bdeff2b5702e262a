package io.hapc.engine.actions;

import io.hapc.engine.assign.Placement;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.DemoteRequest;
import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.MigrationAllowed;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a placement into actions: compares where each resource runs with where it should run,
 * applies what the rules derived about blocked starts, forced stops and fencing, propagates
 * mandatory orderings (a `then` cannot start without its `first`; a `first` that starts
 * restarts its `then`), and builds the transition graph and its summary.
 */
public final class ActionPlanner {
    private final ClusterView view;
    private final Placement placement;
    private final DerivedFacts facts;
    private final Map<String, ResourcePlan> plans = new LinkedHashMap<>();
    private final Map<String, String> fencedNodes = new LinkedHashMap<>();
    /** A stop reason that prints nothing: the resource was unassigned after its actions were decided. */
    static final String NO_REASON = "";
    /** Nodes to unfence (the devices' "on" action), with the first reason given for each. */
    private final Map<String, String> unfencedNodes = new LinkedHashMap<>();

    private ActionPlanner(ClusterView view, Placement placement, DerivedFacts facts) {
        this.view = view;
        this.placement = placement;
        this.facts = facts;
    }

    public static PlannedTransition plan(ClusterView view, Placement placement, DerivedFacts facts) {
        return new ActionPlanner(view, placement, facts).run();
    }

    private PlannedTransition run() {
        List<FenceRequest> fencing = new ArrayList<>(facts.fencing());
        // One reason per node: why the node's state is unknown comes before what failed there.
        fencing.sort(java.util.Comparator.comparingInt((FenceRequest f) ->
                        view.node(f.node()).map(NodeView::index).orElse(0))
                .thenComparing(f -> f.cause() == FenceRequest.Cause.NODE_UNCLEAN ? 0 : 1)
                .thenComparing(FenceRequest::reason));
        for (FenceRequest f : fencing) {
            if (!fencingRevoked(f.node())) fencedNodes.putIfAbsent(f.node(), f.reason());
        }
        fenceUnrecoverableRemoteNodes();
        for (ResourceTree t : view.resources()) t.primitives().forEach(r -> plans.put(r.id(), initialPlan(r)));
        applyRestartRequests();
        applyStartBlocks();
        applyStopRequests();
        markMigrations();
        OrderingPropagation orderings = new OrderingPropagation(view, placement, facts, plans);
        orderings.holdBehindFrozenGroupMembers();
        orderings.propagate();
        explainBundleReplicaStops();
        planUnfencing();
        List<SummaryLine> summary = new TransitionSummary(view, placement, plans, fencedNodes, unfencedNodes).lines();
        TransitionGraph graph = GraphBuilder.build(view, plans, fencedNodes, facts.orderings());
        return new PlannedTransition(
                List.copyOf(plans.values()), summary, graph, Map.copyOf(fencedNodes), unfencedNodes);
    }

    /**
     * Unfencing the rules asked for (fencing.drl: a device's change, probes on a node never unfenced),
     * the first reason per node; then starts on a node never unfenced of what needs it, which depend on
     * the placement. What requires unfencing and stays on a node being unfenced restarts after it
     * (its start is ordered after the unfencing, which is required).
     */
    private void planUnfencing() {
        List<String> order = view.resources().stream()
                .flatMap(ResourceTree::primitives)
                .map(ResourceView::id)
                .toList();
        facts.unfencing().stream()
                .filter(u -> !fencedNodes.containsKey(u.node()))
                .sorted(java.util.Comparator.comparing((io.hapc.engine.facts.UnfenceRequest u) -> u.cause())
                        .thenComparingInt(u -> order.indexOf(u.resource()))
                        .thenComparing(u -> u.reason()))
                .forEach(u -> unfencedNodes.putIfAbsent(u.node(), u.reason()));
        boolean inUse = view.primitivesById().values().stream()
                .anyMatch(r ->
                        !r.orphan() && (r.meta().providesUnfencing() || r.meta().requiresUnfencing()));
        if (!inUse) return;
        for (ResourcePlan p : plans.values()) {
            if (!starts(p) || !p.startRunnable || unfencedNodes.containsKey(p.next) || fencedNodes.containsKey(p.next))
                continue;
            if (!p.rsc.isFencingDevice() && !p.rsc.meta().requiresUnfencing()) continue;
            NodeView n = view.nodesByName().get(p.next);
            if (n == null || n.remoteNode() || !n.online() || n.shuttingDown()) continue;
            if (!n.attributes().getOrDefault("#node-unfenced", "0").equals("0")) continue;
            unfencedNodes.put(p.next, "required by " + p.rsc.id() + " start");
        }
        for (ResourcePlan p : plans.values()) {
            if (p.frozen || p.start || p.forcedStop || p.next == null || !unfencedNodes.containsKey(p.next)) continue;
            if (!p.rsc.meta().requiresUnfencing() || !p.current.contains(p.next)) continue;
            p.stops.add(p.next);
            p.start = true;
            p.restartReason = "required stonith";
        }
    }

    /**
     * A bundle replica whose container stops for good takes its guest connection and its instance
     * with it: Pacemaker says they stop because the container's start is unrunnable.
     */
    private void explainBundleReplicaStops() {
        for (io.hapc.engine.bundle.BundleReplica b : view.bundleReplicas()) {
            ResourcePlan c = plans.get(b.container());
            if (c == null || c.current.isEmpty() || c.next != null) continue;
            for (Optional<String> part : List.of(b.guestNode(), b.childInstance())) {
                ResourcePlan p = part.map(plans::get).orElse(null);
                if (p != null && !p.current.isEmpty() && p.next == null && p.stopReason == null) {
                    p.stopReason = "unrunnable " + b.container() + " start";
                }
            }
        }
    }

    private boolean frozen(ResourceView r) {
        if (!r.meta().managed()) return true;
        // multiple-active=block: active on more than one node, it is left alone (with its group,
        // when the group says block and one of its members is multiply active).
        if (r.meta().multipleActive().equals("block")) {
            List<ResourceView> unit = r.groupId()
                    .map(g -> view.treesById().get(g))
                    .map(t -> t.primitives().toList())
                    .orElse(List.of(r));
            if (unit.stream().anyMatch(ActionPlanner::multiplyActive)) return true;
        }
        for (Presence p : r.presence()) {
            if (p.blocked()) return true;
            NodeView n = view.nodesByName().get(p.node());
            if (n != null && n.maintenance()) return true;
        }
        return false;
    }

    private static boolean multiplyActive(ResourceView r) {
        return r.presence().stream()
                        .filter(pr -> pr.role() != Role.STOPPED)
                        .map(Presence::node)
                        .distinct()
                        .count()
                > 1;
    }

    private ResourcePlan initialPlan(ResourceView r) {
        ResourcePlan p = new ResourcePlan(r);
        p.frozen = frozen(r);
        for (Presence pr : r.presence()) {
            // A failed stop inside a container that is being restarted: nothing left to stop there.
            boolean goneWithContainer =
                    pr.role() == Role.STOPPED && pr.onFail() == io.hapc.engine.cluster.OnFail.RESTART_CONTAINER;
            if (!goneWithContainer) p.current.add(pr.node());
        }
        p.currentRole = r.presence().stream()
                .map(Presence::role)
                .filter(x -> x != Role.STOPPED)
                .findFirst()
                .orElse(Role.STARTED);
        p.failed = r.failed();
        p.next = placement.node(r.id()).orElse(null);
        p.nextRole = p.next == null ? Role.STOPPED : placement.role(r.id());
        if (isPromotable(r) && p.currentRole == Role.STARTED)
            p.currentRole = Role.UNPROMOTED; // running instances are unpromoted
        if (p.frozen) return p;
        // On a node whose state is unknown and that will not be fenced, nothing can be stopped, and
        // the resource may still run there: it must not start anywhere else either.
        for (Presence pr : r.presence()) {
            NodeView n = view.nodesByName().get(pr.node());
            if (n != null
                    && n.state() == io.hapc.engine.cluster.NodeState.UNCLEAN
                    && !fencedNodes.containsKey(pr.node())
                    && !fencingRevoked(pr.node())) {
                // Its stop already failed there with a hard error (the agent is not installed, say) and
                // only fencing could settle it: it is blocked as it is.
                if (r.hardFailures().stream()
                        .anyMatch(h -> h.node().equals(pr.node()) && h.task().equals("stop"))) {
                    p.frozen = true;
                    return p;
                }
                p.stops.add(pr.node());
                p.stopRunnable = false;
                p.next = null;
                p.nextRole = Role.STOPPED;
                return p;
            }
        }
        // A partial live migration whose target is still the chosen node is completed: the resource
        // counts as running on its source only and moves live from there (see markMigrations).
        io.hapc.engine.cluster.MigrationHistory mh = r.migration();
        if (mh.partial()
                && p.next != null
                && p.next.equals(mh.partialTarget().get())
                && !p.failed
                && migrationAllowed().contains(r.id())
                && p.current.size() == 2
                && p.current.contains(mh.partialSource().get())) {
            p.current.remove(mh.partialTarget().get());
        }
        // Copies on nodes being fenced go away with the fencing: they do not make it multiply active.
        boolean multiActive =
                p.current.stream().filter(n -> !fencedNodes.containsKey(n)).count() > 1;
        if (multiActive && r.meta().multipleActive().equals("stop_only")) {
            // multiple-active=stop_only: stopped everywhere, not started again.
            p.stops.addAll(p.current);
            p.next = null;
            p.nextRole = Role.STOPPED;
            return p;
        }
        // Fencing a guest node means recovering its container: the container counts as failed.
        boolean containerReset = !r.presence().isEmpty()
                && view.nodes().stream()
                        .anyMatch(n -> n.guestNode()
                                && fencedNodes.containsKey(n.name())
                                && n.remote().get().container().get().equals(r.id())
                                && !n.remote().get().hostLost());
        if (containerReset) p.failed = true;
        for (Presence pr : r.presence()) {
            boolean failedHere = pr.failed();
            // A fenced guest node comes back with its container: what ran there is recovered.
            boolean fencedGuest = fencedNodes.containsKey(pr.node())
                    && view.node(pr.node()).map(NodeView::guestNode).orElse(false);
            if (fencedGuest) p.failed = true;
            if (!p.current.contains(pr.node())) continue; // the target of a partial migration being completed
            if (!pr.node().equals(p.next) || failedHere || multiActive || fencedGuest || containerReset) {
                p.stops.add(pr.node());
                if (fencedNodes.containsKey(pr.node())) p.impliedByFencing.add(pr.node());
            }
        }
        if (p.next != null && (!p.current.contains(p.next) || p.stops.contains(p.next))) p.start = true;
        return p;
    }

    /**
     * A remote node whose connection runs on a node being fenced and will not run anywhere after
     * it (the assignment found no node for it) can no longer be reached: what runs on it is in
     * an unknown state, so it is fenced too (Pacemaker: "resources are active but connection is
     * unrecoverable"). It depends on the placement, so it is decided here, after assignment.
     */
    private void fenceUnrecoverableRemoteNodes() {
        for (NodeView n : view.nodes()) {
            if (n.guestNode() || n.remote().isEmpty() || fencedNodes.containsKey(n.name())) continue;
            String connection = n.remote().get().connection();
            ResourceView c = view.primitivesById().get(connection);
            if (c == null || placement.node(connection).isPresent()) continue;
            boolean hostFenced = c.presence().stream().anyMatch(p -> fencedNodes.containsKey(p.node()));
            boolean resourcesActive = view.primitivesById().values().stream()
                    .anyMatch(r ->
                            r.presence().stream().anyMatch(p -> p.node().equals(n.name()) && p.role() != Role.STOPPED));
            if (hostFenced && resourcesActive && view.options().fencingEnabled()) {
                fencedNodes.put(n.name(), "resources are active but connection is unrecoverable");
            } else if (hostFenced && view.options().fencingEnabled() && unprobedThere(n.name())) {
                // Never probed there and no connection to probe it with: only fencing settles it.
                fencedNodes.put(n.name(), "resources are in unknown state and connection is unrecoverable");
            } else if (c.presence().stream().anyMatch(Presence::failed)
                    && view.options().fencingEnabled()) {
                // The connection failed and no node will run it again: the node can only be reset.
                fencedNodes.put(n.name(), "the connection is unrecoverable");
            }
        }
    }

    /** Whether some resource that may run on a remote node has no recorded state there (it would need a probe). */
    private boolean unprobedThere(String node) {
        // resource-discovery=exclusive keeps a resource from being looked for on the nodes it does not name.
        Set<String> notLookedFor = new java.util.HashSet<>();
        facts.scores().stream()
                .filter(s -> s.node().equals(node) && s.rule().startsWith("location: resource-discovery"))
                .forEach(s -> notLookedFor.add(s.target()));
        return view.primitivesById().values().stream()
                .anyMatch(r -> !r.orphan()
                        && !r.isFencingDevice()
                        && !(r.standard().equals("ocf")
                                && r.provider().map("pacemaker"::equals).orElse(false)
                                && r.type().equals("remote"))
                        && !r.historyNodes().contains(node)
                        && !notLookedFor.contains(r.id())
                        && !notLookedFor.contains(r.primitiveId())
                        && r.cloneId().map(c -> !notLookedFor.contains(c)).orElse(true)
                        && r.groupId().map(g -> !notLookedFor.contains(g)).orElse(true));
    }

    /** A remote node whose fencing was conditional on its connection not coming back, which it does. */
    private boolean fencingRevoked(String node) {
        return view.node(node)
                .flatMap(NodeView::remote)
                .filter(r ->
                        r.fencingRevocable() && placement.node(r.connection()).isPresent())
                .isPresent();
    }

    /** Restarts in place that rules asked for (a container recovering what failed inside it). */
    private void applyRestartRequests() {
        for (io.hapc.engine.facts.RestartRequest r : facts.restartRequests()) {
            ResourcePlan p = plans.get(r.target());
            if (p == null
                    || p.frozen
                    || p.start
                    || p.next == null
                    || !p.next.equals(r.node())
                    || !p.current.contains(r.node())) continue;
            if (r.kind() == io.hapc.engine.facts.RestartRequest.Kind.RELOAD) {
                p.reload = true;
                continue;
            }
            p.stops.add(r.node());
            p.start = true;
            p.reload = false;
            if (r.kind() == io.hapc.engine.facts.RestartRequest.Kind.DEFINITION_CHANGED) p.restartReason = r.reason();
        }
    }

    private void applyStartBlocks() {
        // Start-up disabled (no fencing device): a stopped resource is not started at all, whatever
        // else would also hold its start back.
        for (StartBlock b : facts.startBlocks()) {
            if (b.cause() != StartBlock.Cause.NO_FENCING_DEVICE) continue;
            for (ResourcePlan p : plans.values()) {
                if (p.frozen || !p.start || !p.current.isEmpty()) continue;
                if (!b.target().equals(StartBlock.ALL) && !b.target().equals(p.rsc.id())) continue;
                p.next = null;
                p.nextRole = Role.STOPPED;
                p.start = false;
            }
        }
        for (StartBlock b : facts.startBlocks()) {
            for (ResourcePlan p : plans.values()) {
                if (p.frozen || !p.start || !p.startRunnable) continue;
                if (!b.target().equals(StartBlock.ALL) && !b.target().equals(p.rsc.id())) continue;
                if (b.cause() == StartBlock.Cause.QUORUM_FREEZE && !p.current.isEmpty()) continue;
                if (b.cause().quorum() && p.rsc.meta().requires().equals("nothing")) continue;
                p.startRunnable = false;
                if (b.cause() != StartBlock.Cause.UNPROBED) p.startReason = b.reason();
            }
        }
    }

    private void applyStopRequests() {
        boolean demoteAll =
                facts.demoteRequests().stream().map(DemoteRequest::target).anyMatch("*"::equals);
        if (demoteAll) {
            // Without quorum (no-quorum-policy=demote) nothing is promoted.
            for (ResourcePlan p : plans.values()) {
                if (!p.frozen && p.nextRole == Role.PROMOTED && p.currentRole != Role.PROMOTED)
                    p.nextRole = Role.UNPROMOTED;
            }
        }
        // A demote asked for one instance (on-fail=demote): if it is to stay promoted where it is,
        // it is demoted and promoted again.
        for (DemoteRequest d : facts.demoteRequests()) {
            ResourcePlan p = plans.get(d.target());
            if (p == null || p.frozen || p.start || p.forcedStop || p.next == null) continue;
            if (p.currentRole == Role.PROMOTED && p.nextRole == Role.PROMOTED && p.current.contains(p.next))
                p.repromote = true;
        }
        for (StopRequest s : facts.stopRequests()) {
            if (s.kind() == StopRequest.Kind.LEAVE_UNASSIGNED) continue; // handled by assignment
            for (ResourcePlan p : plans.values()) {
                if (p.frozen || p.current.isEmpty()) continue;
                if (!s.target().equals("*") && !s.target().equals(p.rsc.id())) continue;
                if (s.kind() == StopRequest.Kind.NO_QUORUM
                        && p.rsc.meta().requires().equals("nothing")) continue;
                if (demoteAll && p.rsc.cloneId().isPresent() && isPromotable(p.rsc)) {
                    // no-quorum-policy=demote: promotable instances keep running, demoted.
                    if (p.currentRole == Role.PROMOTED) p.nextRole = Role.UNPROMOTED;
                    continue;
                }
                for (String n : p.current) {
                    if (!p.stops.contains(n)) p.stops.add(n);
                }
                if (p.stopReason == null) p.stopReason = s.reason();
                p.forcedStop = true;
            }
        }
    }

    /**
     * A move of a resource the rules allow to migrate is a live migration when it runs on exactly
     * one healthy node (online, not being fenced), has not failed there, and keeps its role.
     * Orderings may still cancel it (see propagateOrderings).
     */
    private Set<String> migrationAllowed() {
        Set<String> allowed = new java.util.HashSet<>();
        for (MigrationAllowed m : facts.migrations()) allowed.add(m.target());
        return allowed;
    }

    private void markMigrations() {
        Set<String> allowed = migrationAllowed();
        if (allowed.isEmpty()) return;
        for (ResourcePlan p : plans.values()) {
            if (!allowed.contains(p.rsc.id()) || p.frozen || p.failed || p.forcedStop) continue;
            if (p.current.size() != 1 || p.next == null || p.current.contains(p.next) || !p.start || !p.startRunnable)
                continue;
            if (p.currentRole != Role.STARTED || p.nextRole != Role.STARTED) continue;
            // Half way through a migration elsewhere: it is stopped on both nodes, not migrated again.
            var mh = p.rsc.migration();
            if (mh.partial() && !mh.partialTarget().get().equals(p.next)) continue;
            String source = p.current.get(0);
            NodeView n = view.nodesByName().get(source);
            if (fencedNodes.containsKey(source) || n == null || n.state() != io.hapc.engine.cluster.NodeState.ONLINE)
                continue;
            p.migrating = true;
        }
    }

    /** Whether the plan still moves the resource live once orderings are applied. */
    static boolean migrates(ResourcePlan p) {
        return p.migrating && starts(p);
    }

    private boolean isPromotable(ResourceView r) {
        ResourceTree t = view.treesById().get(r.cloneId().orElse(""));
        return t instanceof ResourceTree.CloneOf c && c.promotable();
    }

    /** Whether the resource will be active after this transition. */
    static boolean activeAfter(ResourcePlan p) {
        if (p.frozen) return !p.current.isEmpty() && !p.failed; // a blocked failure cannot be relied on
        if (p.forcedStop) return false;
        if (p.next == null) return false;
        return !p.start || p.startRunnable;
    }

    static boolean starts(ResourcePlan p) {
        return !p.frozen && p.start && p.startRunnable && !p.forcedStop;
    }
}
