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
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.OrderKind;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
    private static final String NO_REASON = "";
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
        holdBehindFrozenGroupMembers();
        propagateOrderings();
        explainBundleReplicaStops();
        planUnfencing();
        List<SummaryLine> summary = summarize();
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
    private boolean migrates(ResourcePlan p) {
        return p.migrating && starts(p);
    }

    private boolean isPromotable(ResourceView r) {
        ResourceTree t = view.treesById().get(r.cloneId().orElse(""));
        return t instanceof ResourceTree.CloneOf c && c.promotable();
    }

    /** Whether the resource will be active after this transition. */
    private boolean activeAfter(ResourcePlan p) {
        if (p.frozen) return !p.current.isEmpty() && !p.failed; // a blocked failure cannot be relied on
        if (p.forcedStop) return false;
        if (p.next == null) return false;
        return !p.start || p.startRunnable;
    }

    private boolean starts(ResourcePlan p) {
        return !p.frozen && p.start && p.startRunnable && !p.forcedStop;
    }

    private void propagateOrderings() {
        List<OrderEdge> mandatory = java.util.stream.Stream.concat(
                        facts.orderings().stream(), RemotePlacementOrders.of(view, plans).stream())
                .filter(e ->
                        e.kind() == OrderKind.MANDATORY && isStartLike(e.firstAction()) && isStartLike(e.thenAction()))
                .toList();
        // A "one or more" edge replaces its plain twin: `then` waits for its group, not this first.
        List<OrderEdge> grouped =
                mandatory.stream().filter(OrderEdge::oneOrMore).toList();
        List<OrderEdge> edges = mandatory.stream()
                .filter(e -> !e.oneOrMore() && grouped.stream().noneMatch(g -> g.sameLink(e)))
                .toList();
        Map<List<String>, List<OrderEdge>> groups = new LinkedHashMap<>();
        for (OrderEdge g : grouped) {
            groups.computeIfAbsent(List.of(g.firstGroup(), g.then(), g.thenAction()), k -> new ArrayList<>())
                    .add(g);
        }
        boolean changed = true;
        for (int round = 0; changed && round < 1000; round++) {
            changed = false;
            for (List<OrderEdge> g : groups.values()) changed |= propagateOneOrMore(g);
            for (OrderEdge e : edges) {
                if (interleaved(e)) {
                    changed |= propagateInterleaved(e);
                    continue;
                }
                List<ResourcePlan> firsts = planned(e.first(), true);
                List<ResourcePlan> thens = planned(e.then(), false);
                if (firsts.isEmpty() || thens.isEmpty()) continue;
                Optional<ResourcePlan> blocker = firstBlocker(e.first(), firsts, e.firstAction());
                if (blocker.isPresent()) {
                    // A clone's instances act through the clone's own start/promote: name the clone.
                    String first = firstActionName(e, blocker.get());
                    boolean collective = !first.startsWith(blocker.get().rsc.id() + " ");
                    // A clone or group some of whose instances are placed but cannot start (held
                    // back by their own firsts) makes its then's stop required; one with nothing
                    // placed is unrunnable.
                    boolean collectiveHeld = collective && firsts.stream().anyMatch(f -> !f.frozen && f.next != null);
                    // Every member of a group starts after the group itself: all share the reason.
                    List<ResourcePlan> blocked = view.treesById().get(e.then()) instanceof ResourceTree.GroupOf
                            ? planned(e.then(), true)
                            : thens;
                    for (ResourcePlan t : blocked) {
                        // A then that would stay where it runs stops because its running first
                        // stops (required); a then that would start cannot (unrunnable).
                        boolean staying = !t.current.isEmpty() && !t.start;
                        // An asymmetrical order (symmetrical=false) only holds back starts: a then already
                        // running stays, since no stop of it is ordered before its first's stop.
                        if (staying && asymmetrical(e)) continue;
                        boolean required = staying
                                && (collective
                                        ? collectiveHeld
                                        : !blocker.get().current.isEmpty());
                        changed |= cannotRun(t, (required ? "required " : "unrunnable ") + first);
                    }
                    continue;
                }
                // A migration that has to wait for a first which stops for real (not live) cannot
                // happen: the first's stop comes before this resource could leave its source.
                // (A clone as first acts through its own pseudo actions: it never blocks a migration.)
                if (e.firstAction().equals("start")
                        && e.thenAction().equals("start")
                        && !(view.treesById().get(e.first()) instanceof ResourceTree.CloneOf)) {
                    Optional<ResourcePlan> stopper = firsts.stream()
                            .filter(f -> !f.frozen && !f.stops.isEmpty() && !migrates(f))
                            .findFirst();
                    for (ResourcePlan t : thens) {
                        if (stopper.isPresent() && t.migrating) {
                            t.migrating = false;
                            t.unmigratableReason =
                                    "unmigrateable " + stopper.get().rsc.id() + " stop";
                            changed = true;
                        }
                    }
                }
                // A first that migrates keeps running throughout: its dependents need no restart.
                // A clone restarts a dependent that is no clone when its instance on the dependent's
                // node stops (that stop comes after the dependent's), not when it only starts new
                // instances elsewhere.
                boolean cloneFirst = view.treesById().get(e.first()) instanceof ResourceTree.CloneOf
                        && !(view.treesById().get(e.then()) instanceof ResourceTree.CloneOf);
                Optional<ResourcePlan> starter = cloneFirst
                        ? Optional.empty()
                        : firsts.stream().filter(f -> starts(f) && !migrates(f)).findFirst();
                for (ResourcePlan t : cloneFirst ? thens : List.<ResourcePlan>of()) {
                    if (t.next == null) continue;
                    Optional<ResourcePlan> stopper = firsts.stream()
                            .filter(f -> !f.frozen && f.stops.contains(t.next) && !migrates(f))
                            .findFirst();
                    if (stopper.isPresent()
                            && !t.frozen
                            && !t.start
                            && t.current.contains(t.next)
                            && !t.forcedStop
                            && e.firstAction().equals("start")
                            && e.thenAction().equals("start")) {
                        t.stops.add(t.next);
                        t.start = true;
                        t.restartReason = "required " + firstActionName(e, stopper.get());
                        changed = true;
                    }
                }
                if (starter.isPresent()) {
                    for (ResourcePlan t : thens) {
                        // A later group member that cannot be managed cannot restart behind a member
                        // starting before it: that start is unrunnable for want of the member's stop.
                        if (t.frozen
                                && e.source().startsWith("group ")
                                && t.current.contains(starter.get().next)
                                && e.firstAction().equals("start")
                                && e.thenAction().equals("start")) {
                            changed |= cannotRun(starter.get(), "unrunnable " + t.rsc.id() + " stop");
                            continue;
                        }
                        if (!t.frozen
                                && !t.start
                                && t.next != null
                                && t.current.contains(t.next)
                                && !t.forcedStop
                                && e.firstAction().equals("start")
                                && e.thenAction().equals("start")) {
                            t.stops.add(t.next);
                            t.start = true;
                            t.restartReason = "required " + firstActionName(e, starter.get());
                            changed = true;
                        }
                    }
                }
            }
            // Orders first: a dependent that its orders already hold back keeps their reason.
            if (!changed) changed = propagateColocationBlocks();
        }
        // A stop that must wait for a `then` which cannot stop (unmanaged or blocked) is blocked too.
        for (OrderEdge e : edges) {
            List<ResourcePlan> thens = planned(e.then(), false);
            boolean thenStuck = thens.stream().anyMatch(t -> t.frozen && t.mustStopButCannot);
            if (!thenStuck) continue;
            for (ResourcePlan f : planned(e.first(), true)) {
                if (!f.stops.isEmpty()) f.stopRunnable = false;
            }
        }
    }

    /**
     * A group member stops after the members that follow it and starts before them (which restart
     * after it). A later member left where it is (unmanaged or blocked) cannot stop: an earlier member
     * that would stop or start on its node cannot either ("unrunnable X stop"); one that would move
     * stays, its stop blocked.
     */
    private void holdBehindFrozenGroupMembers() {
        for (ResourceTree t : view.resources()) {
            List<ResourceTree.GroupOf> groups = new ArrayList<>();
            if (t instanceof ResourceTree.GroupOf g) groups.add(g);
            if (t instanceof ResourceTree.CloneOf c) {
                c.instances().stream()
                        .filter(i -> i instanceof ResourceTree.GroupOf)
                        .forEach(i -> groups.add((ResourceTree.GroupOf) i));
            }
            for (ResourceTree.GroupOf g : groups) {
                List<ResourceView> members = g.members();
                for (int i = 0; i < members.size(); i++) {
                    ResourcePlan p = plans.get(members.get(i).id());
                    if (p == null || p.frozen) continue;
                    for (int j = i + 1; j < members.size(); j++) {
                        ResourcePlan later = plans.get(members.get(j).id());
                        if (later == null || !later.frozen || later.current.isEmpty()) continue;
                        String node = later.current.get(0);
                        String why = "unrunnable " + later.rsc.id() + " stop";
                        if (p.stops.contains(node)) {
                            // A stop for good keeps its reason; a move becomes a stop that cannot happen.
                            p.stopRunnable = false;
                            if (p.next != null && !p.forcedStop) {
                                p.forcedStop = true;
                                p.stopReason = why;
                            }
                        } else if (p.start && node.equals(p.next) && p.startRunnable) {
                            p.startRunnable = false;
                            if (p.startReason == null) p.startReason = why;
                        }
                        break;
                    }
                }
            }
        }
    }

    /** Whether the edge comes from an order constraint configured symmetrical=false. */
    private boolean asymmetrical(OrderEdge e) {
        return view.constraints().stream()
                .anyMatch(c -> c instanceof io.hapc.model.cib.Constraint.Order o
                        && o.id().equals(e.source())
                        && o.symmetrical().map(sym -> !sym).orElse(false));
    }

    /**
     * A mandatory colocation cannot hold when its primary cannot start anywhere: every start the
     * primary (all of a group's members, all of a clone's instances) was given is unrunnable. Its
     * dependents' starts are then unrunnable too, "due to colocation with" the primary (Pacemaker
     * blocks them the same way; a primary with something that may still start blocks nothing).
     */
    private boolean propagateColocationBlocks() {
        boolean changed = false;
        for (io.hapc.engine.facts.ColocationEdge c : facts.colocations()) {
            if (c.score() < io.hapc.model.cib.Score.INFINITY) continue;
            if (c.primaryRole().filter(r -> r == Role.PROMOTED).isPresent()) continue; // promotion: not modelled here
            List<ResourcePlan> primary = planned(c.primary(), true);
            if (primary.isEmpty() || !primary.stream().allMatch(this::startUnrunnable)) continue;
            for (ResourcePlan d : planned(c.dependent(), true)) {
                if (d.frozen || d.next == null || startUnrunnable(d)) continue;
                changed |= cannotRun(d, "colocation with " + c.primary());
            }
        }
        return changed;
    }

    /** The resource was given a node, but its start there (or its staying there) cannot happen. */
    private boolean startUnrunnable(ResourcePlan p) {
        if (p.frozen || p.next == null) return false;
        return (p.start && !p.startRunnable) || p.forcedStop;
    }

    /**
     * A "one or more" group of edges into one `then`: it cannot run unless at least the group's
     * number of firsts (clone instances count one each) will be active.
     */
    private boolean propagateOneOrMore(List<OrderEdge> group) {
        OrderEdge any = group.get(0);
        int runnable = 0;
        for (String f : group.stream().map(OrderEdge::first).distinct().toList()) {
            if (view.treesById().get(f) instanceof ResourceTree.CloneOf) {
                runnable += (int)
                        planned(f, false).stream().filter(this::activeAfter).count();
            } else {
                List<ResourcePlan> firsts = planned(f, true);
                if (!firsts.isEmpty()
                        && firstBlocker(f, firsts, any.firstAction()).isEmpty()) runnable++;
            }
        }
        if (runnable >= any.firstsNeeded()) return false;
        boolean changed = false;
        for (ResourcePlan t : planned(any.then(), false)) changed |= cannotRun(t, "unrunnable " + any.firstGroup());
        return changed;
    }

    /**
     * How a reason names the first action of an edge: a clone or group acts through its own
     * pseudo actions, so it is named itself, its start as "running" (it is running once all its
     * starts are done); a primitive is named with the action.
     */
    private String firstActionName(OrderEdge e, ResourcePlan primitive) {
        ResourceTree t = view.treesById().get(e.first());
        if (t instanceof ResourceTree.CloneOf || t instanceof ResourceTree.GroupOf) {
            return e.first() + " " + (e.firstAction().equals("start") ? "running" : e.firstAction());
        }
        return primitive.rsc.id() + " " + e.firstAction();
    }

    /** Both sides are clones and `then` interleaves: each instance depends only on the instance on its own node. */
    private boolean interleaved(OrderEdge e) {
        return view.treesById().get(e.first()) instanceof ResourceTree.CloneOf
                && view.treesById().get(e.then()) instanceof ResourceTree.CloneOf c
                && c.interleave();
    }

    private boolean propagateInterleaved(OrderEdge e) {
        boolean changed = false;
        List<ResourcePlan> firsts = planned(e.first(), true);
        for (ResourcePlan t : planned(e.then(), false)) {
            if (t.frozen || t.next == null || t.forcedStop) continue;
            // A first instance unassigned by its own interleaved order no longer counts as on this node.
            List<ResourcePlan> assigned = firsts.stream()
                    .filter(f -> sameHost(t.next, f.next) && !unassignedByOrder(f))
                    .toList();
            List<ResourcePlan> mates =
                    assigned.stream().filter(this::activeAfter).toList();
            if (mates.isEmpty() && !assigned.isEmpty()) {
                // The instance on this node cannot start: a running dependent stops because its
                // running mate does (required), one that would start cannot (unrunnable).
                ResourcePlan mate = assigned.get(0);
                boolean required = !t.current.isEmpty() && !t.start && !mate.current.isEmpty();
                changed |= cannotRun(t, (required ? "required " : "unrunnable ") + mate.rsc.id() + " start");
            } else if (mates.isEmpty()) {
                // No instance of `first` on this node: this instance is not started at all, and one
                // that runs is unassigned after the fact, so its stop gives no reason (as Pacemaker).
                if (t.current.isEmpty()) {
                    t.next = null;
                    t.nextRole = Role.STOPPED;
                    t.start = false;
                    changed = true;
                } else {
                    changed |= cannotRun(t, NO_REASON);
                }
            } else if (!t.start && t.current.contains(t.next) && mates.stream().anyMatch(this::starts)) {
                t.stops.add(t.next);
                t.start = true;
                t.restartReason = "required " + mates.get(0).rsc.id() + " start";
                changed = true;
            }
        }
        return changed;
    }

    /**
     * Whether two nodes are the same place for interleaving: a bundle's guest node is where its
     * container runs (two bundles' instances pair up by their containers' host).
     */
    private boolean sameHost(String a, String b) {
        return a != null && b != null && bundleHost(a).equals(bundleHost(b));
    }

    private String bundleHost(String node) {
        for (io.hapc.engine.bundle.BundleReplica r : view.bundleReplicas()) {
            if (r.guestNode().map(node::equals).orElse(false))
                return placement.node(r.container()).orElse(node);
        }
        return node;
    }

    private static boolean unassignedByOrder(ResourcePlan p) {
        return p.forcedStop && NO_REASON.equals(p.stopReason);
    }

    private static boolean isStartLike(String action) {
        return action.equals("start") || action.equals("promote");
    }

    /** Marks `t` as unable to run because its mandatory `first` cannot; returns whether anything changed. */
    private boolean cannotRun(ResourcePlan t, String why) {
        if (t.frozen) {
            if (!t.current.isEmpty() && !t.mustStopButCannot) {
                t.mustStopButCannot = true;
                return true;
            }
            return false;
        }
        boolean changed = false;
        if (t.start && t.startRunnable) {
            t.startRunnable = false;
            if (t.startReason == null) t.startReason = why;
            changed = true;
        }
        if (!t.current.isEmpty() && !t.forcedStop && t.next != null && !t.start) {
            for (String n : t.current) if (!t.stops.contains(n)) t.stops.add(n);
            t.forcedStop = true;
            t.stopReason = why;
            changed = true;
        } else if (!t.current.isEmpty()
                && t.start
                && !t.forcedStop
                && t.stops.isEmpty() == false
                && t.stopReason == null) {
            t.stopReason = why;
        }
        if (!t.current.isEmpty() && t.start && !t.startRunnable && !t.forcedStop) {
            // it was going to move or restart, but cannot start again: it just stops
            for (String n : t.current) if (!t.stops.contains(n)) t.stops.add(n);
            t.forcedStop = true;
            t.stopReason = why;
            changed = true;
        }
        return changed;
    }

    /** The primitive whose start blocks `first` (for a group, the first member that cannot run). */
    private Optional<ResourcePlan> firstBlocker(String firstId, List<ResourcePlan> firsts, String firstAction) {
        // "promote" as first: `then` waits for a promoted instance, not just a running one.
        java.util.function.Predicate<ResourcePlan> ready =
                firstAction.equals("promote") ? p -> activeAfter(p) && p.nextRole == Role.PROMOTED : this::activeAfter;
        ResourceTree t = view.treesById().get(firstId);
        if (t instanceof ResourceTree.CloneOf) {
            return firsts.stream().anyMatch(ready)
                    ? Optional.empty()
                    : firsts.stream().findFirst();
        }
        return firsts.stream().filter(ready.negate()).findFirst();
    }

    /** The primitives an order edge's side stands for. A group as `then` is its first member. */
    private List<ResourcePlan> planned(String id, boolean asFirst) {
        ResourcePlan direct = plans.get(id);
        if (direct != null) return List.of(direct);
        ResourceTree t = view.treesById().get(id);
        if (t == null) {
            // a clone's configured child id stands for all its instances
            List<ResourcePlan> out = new ArrayList<>();
            for (ResourcePlan p : plans.values())
                if (p.rsc.primitiveId().equals(id) && p.rsc.cloneId().isPresent()) out.add(p);
            return out;
        }
        if (t instanceof ResourceTree.GroupOf g) {
            if (g.members().isEmpty()) return List.of();
            return asFirst
                    ? g.members().stream().map(m -> plans.get(m.id())).toList()
                    : List.of(plans.get(g.members().get(0).id()));
        }
        if (t instanceof ResourceTree.CloneOf c) {
            List<ResourcePlan> out = new ArrayList<>();
            for (ResourceTree i : c.instances()) {
                List<ResourceView> prims = i.primitives().toList();
                if (prims.isEmpty()) continue;
                if (asFirst) prims.forEach(m -> out.add(plans.get(m.id())));
                else out.add(plans.get(prims.get(0).id()));
            }
            return out;
        }
        return List.of();
    }

    // ---- summary -----------------------------------------------------------------------------------

    private List<SummaryLine> summarize() {
        List<SummaryLine> out = new ArrayList<>();
        String action = view.options().fencingAction();
        for (Map.Entry<String, String> f : fencedNodes.entrySet()) {
            // A guest node is fenced by recovering its container: the line names it.
            Optional<String> container = view.node(f.getKey())
                    .flatMap(NodeView::remote)
                    .flatMap(io.hapc.engine.cluster.RemoteNode::container);
            String subject =
                    container.map(c -> f.getKey() + " (resource: " + c + ")").orElse(f.getKey());
            // A guest whose container will not run again is switched off, not rebooted (as Pacemaker).
            String fenceAction =
                    container.isPresent() && placement.node(container.get()).isEmpty() ? "off" : action;
            out.add(new SummaryLine("Fence (" + fenceAction + ")", subject, "", Optional.of(f.getValue()), false));
        }
        unfencedNodes.forEach((node, why) -> out.add(new SummaryLine("Fence (on)", node, "", Optional.of(why), false)));
        for (ResourcePlan p : plans.values()) out.addAll(linesFor(p));
        return out;
    }

    private List<SummaryLine> linesFor(ResourcePlan p) {
        String id = p.rsc.id();
        if (p.frozen) {
            if (p.mustStopButCannot) return List.of();
            return List.of();
        }
        boolean stopBlocked = !p.stopRunnable;
        if (p.current.isEmpty()) {
            if (!p.start) return List.of();
            Optional<String> reason = Optional.ofNullable(p.startReason);
            if (p.nextRole == Role.PROMOTED) {
                // The promote itself has no reason of its own: what holds the start back is not printed.
                return List.of(new SummaryLine(
                        "Promote", id, "Stopped -> Promoted " + p.next, Optional.empty(), !p.startRunnable));
            }
            return List.of(new SummaryLine("Start", id, p.next, reason, !p.startRunnable));
        }
        String from = p.current.get(0);
        String stopReason = p.stopReason == null ? "node availability" : p.stopReason;
        if (p.forcedStop || p.next == null) {
            List<SummaryLine> out = new ArrayList<>();
            for (String n : p.current) {
                String r = p.impliedByFencing.contains(n) && !stopReason.startsWith("unrunnable ")
                        ? "node availability"
                        : stopReason;
                out.add(new SummaryLine(
                        "Stop",
                        id,
                        roleDetail(p.currentRole, n),
                        r.equals(NO_REASON) ? Optional.empty() : Optional.of(r),
                        stopBlocked));
            }
            return out;
        }
        boolean multi =
                p.current.stream().filter(n -> !p.impliedByFencing.contains(n)).count() > 1;
        // A copy left on a node being fenced goes with the fencing: what runs elsewhere is where it moves from.
        from = p.current.stream()
                .filter(n -> !p.impliedByFencing.contains(n))
                .findFirst()
                .orElse(from);
        if (multi && p.current.contains(p.next)) {
            // multiple-active=stop_unexpected: a failed resource is recovered where it should run because it was
            // found active elsewhere too (Pacemaker says so; a plain restart gives no reason).
            Optional<String> why = p.failed && p.rsc.meta().multipleActive().equals("stop_unexpected")
                    ? Optional.of("being multiply active")
                    : Optional.empty();
            return List.of(new SummaryLine(p.failed ? "Recover" : "Restart", id, p.next, why, false));
        }
        if (!p.next.equals(from)) {
            String verb = p.failed ? "Recover" : migrates(p) ? "Migrate" : "Move";
            boolean needRole = p.currentRole == Role.PROMOTED || p.nextRole == Role.PROMOTED;
            String details = !needRole
                    ? from + " -> " + p.next
                    : p.currentRole == p.nextRole
                            ? p.currentRole.display() + " " + from + " -> " + p.next
                            : p.currentRole.display() + " " + from + " -> " + p.nextRole.display() + " " + p.next;
            Optional<String> reason =
                    p.startRunnable ? Optional.ofNullable(p.unmigratableReason) : Optional.ofNullable(p.startReason);
            return List.of(new SummaryLine(verb, id, details, reason, !p.startRunnable));
        }
        // same node
        if (p.start) {
            if (p.failed) return List.of(new SummaryLine("Recover", id, inPlace(p), Optional.empty(), false));
            return List.of(
                    new SummaryLine("Restart", id, inPlace(p), Optional.ofNullable(p.restartReason), !p.startRunnable));
        }
        if (p.reload) return List.of(new SummaryLine("Reload", id, inPlace(p), Optional.empty(), false));
        if (repromotes(p)) return List.of(new SummaryLine("Re-promote", id, inPlace(p), Optional.empty(), false));
        if (p.currentRole != Role.PROMOTED && p.nextRole == Role.PROMOTED) {
            return List.of(new SummaryLine("Promote", id, "Unpromoted -> Promoted " + p.next, Optional.empty(), false));
        }
        if (p.currentRole == Role.PROMOTED && p.nextRole != Role.PROMOTED) {
            return List.of(new SummaryLine("Demote", id, "Promoted -> Unpromoted " + p.next, Optional.empty(), false));
        }
        return List.of();
    }

    private static boolean repromotes(ResourcePlan p) {
        return p.repromotes();
    }

    /** Details of an action in place: the node, and the roles when a promoted role is involved. */
    private static String inPlace(ResourcePlan p) {
        boolean needRole =
                p.currentRole == Role.PROMOTED || p.currentRole == Role.UNPROMOTED || p.nextRole == Role.PROMOTED;
        if (!needRole) return p.next;
        // Recovering or restarting in the same role names the role once: "Promoted node1".
        return p.currentRole == p.nextRole
                ? p.currentRole.display() + " " + p.next
                : p.currentRole.display() + " -> " + p.nextRole.display() + " " + p.next;
    }

    private static String roleDetail(Role role, String node) {
        return role == Role.PROMOTED || role == Role.UNPROMOTED ? role.display() + " " + node : node;
    }

    /** What the planner decided for one primitive; mutable only while planning. */
    public static final class ResourcePlan {
        final ResourceView rsc;
        final List<String> current = new ArrayList<>();
        final Set<String> stops = new LinkedHashSet<>();
        final Set<String> impliedByFencing = new LinkedHashSet<>();
        Role currentRole = Role.STARTED;
        Role nextRole = Role.STOPPED;
        String next;
        boolean failed;
        boolean frozen;
        boolean start;
        boolean startRunnable = true;
        boolean stopRunnable = true;
        boolean forcedStop;
        boolean mustStopButCannot;
        boolean migrating;
        String unmigratableReason;
        String startReason;
        String stopReason;
        String restartReason;
        /** Only reloadable parameters changed: the agent reloads them in place (no stop, no start). */
        boolean reload;
        /** Demoted (on-fail=demote) and promoted again where it is. */
        boolean repromote;

        ResourcePlan(ResourceView rsc) {
            this.rsc = rsc;
        }

        public ResourceView resource() {
            return rsc;
        }

        public Optional<String> nextNode() {
            return forcedStop ? Optional.empty() : Optional.ofNullable(next);
        }

        public Role nextRole() {
            return nextRole;
        }

        public boolean startRunnable() {
            return startRunnable;
        }

        public boolean stopRunnable() {
            return stopRunnable;
        }

        public Set<String> stops() {
            return Set.copyOf(stops);
        }

        public boolean starts() {
            return start && !forcedStop;
        }

        public boolean frozen() {
            return frozen;
        }

        /** Whether it is demoted and promoted again in place (on-fail=demote, still the best to promote). */
        public boolean repromotes() {
            return repromote && !starts() && nextRole == Role.PROMOTED;
        }

        /** Whether the move is a live migration (the summary says Migrate). */
        public boolean migrating() {
            return migrating && starts() && startRunnable;
        }

        public Role currentRole() {
            return currentRole;
        }

        public List<String> currentNodes() {
            return List.copyOf(current);
        }

        public Set<String> stopsImpliedByFencing() {
            return Set.copyOf(impliedByFencing);
        }

        public List<Operation> recurringMonitors() {
            return rsc.operations().stream()
                    .filter(o -> o.name().equals("monitor") && o.intervalMs() > 0 && o.enabled())
                    .toList();
        }
    }
}
