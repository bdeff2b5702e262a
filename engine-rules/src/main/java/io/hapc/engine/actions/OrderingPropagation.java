package io.hapc.engine.actions;

import io.hapc.engine.assign.Placement;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.OrderKind;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mandatory orderings applied to the plans: a `then` cannot start without its `first` (and
 * "one or more" firsts, interleaved clones per node), a `first` that restarts restarts its
 * `then`, frozen group members hold the ones after them, and a colocation's primary that cannot
 * run blocks its dependents; repeated until nothing changes.
 */
final class OrderingPropagation {
    private final ClusterView view;
    private final Placement placement;
    private final DerivedFacts facts;
    private final Map<String, ResourcePlan> plans;

    OrderingPropagation(ClusterView view, Placement placement, DerivedFacts facts, Map<String, ResourcePlan> plans) {
        this.view = view;
        this.placement = placement;
        this.facts = facts;
        this.plans = plans;
    }

    /** Applies the mandatory start orderings until nothing changes. */
    void propagate() {
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
                            .filter(f -> !f.frozen && !f.stops.isEmpty() && !ActionPlanner.migrates(f))
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
                        : firsts.stream()
                                .filter(f -> ActionPlanner.starts(f) && !ActionPlanner.migrates(f))
                                .findFirst();
                for (ResourcePlan t : cloneFirst ? thens : List.<ResourcePlan>of()) {
                    if (t.next == null) continue;
                    Optional<ResourcePlan> stopper = firsts.stream()
                            .filter(f -> !f.frozen && f.stops.contains(t.next) && !ActionPlanner.migrates(f))
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
    void holdBehindFrozenGroupMembers() {
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
    boolean asymmetrical(OrderEdge e) {
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
    boolean propagateColocationBlocks() {
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
    boolean startUnrunnable(ResourcePlan p) {
        if (p.frozen || p.next == null) return false;
        return (p.start && !p.startRunnable) || p.forcedStop;
    }

    /**
     * A "one or more" group of edges into one `then`: it cannot run unless at least the group's
     * number of firsts (clone instances count one each) will be active.
     */
    boolean propagateOneOrMore(List<OrderEdge> group) {
        OrderEdge any = group.get(0);
        int runnable = 0;
        for (String f : group.stream().map(OrderEdge::first).distinct().toList()) {
            if (view.treesById().get(f) instanceof ResourceTree.CloneOf) {
                runnable += (int) planned(f, false).stream()
                        .filter(ActionPlanner::activeAfter)
                        .count();
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
    String firstActionName(OrderEdge e, ResourcePlan primitive) {
        ResourceTree t = view.treesById().get(e.first());
        if (t instanceof ResourceTree.CloneOf || t instanceof ResourceTree.GroupOf) {
            return e.first() + " " + (e.firstAction().equals("start") ? "running" : e.firstAction());
        }
        return primitive.rsc.id() + " " + e.firstAction();
    }

    /** Both sides are clones and `then` interleaves: each instance depends only on the instance on its own node. */
    boolean interleaved(OrderEdge e) {
        return view.treesById().get(e.first()) instanceof ResourceTree.CloneOf
                && view.treesById().get(e.then()) instanceof ResourceTree.CloneOf c
                && c.interleave();
    }

    boolean propagateInterleaved(OrderEdge e) {
        boolean changed = false;
        List<ResourcePlan> firsts = planned(e.first(), true);
        for (ResourcePlan t : planned(e.then(), false)) {
            if (t.frozen || t.next == null || t.forcedStop) continue;
            // A first instance unassigned by its own interleaved order no longer counts as on this node.
            List<ResourcePlan> assigned = firsts.stream()
                    .filter(f -> sameHost(t.next, f.next) && !unassignedByOrder(f))
                    .toList();
            List<ResourcePlan> mates =
                    assigned.stream().filter(ActionPlanner::activeAfter).toList();
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
                    changed |= cannotRun(t, ActionPlanner.NO_REASON);
                }
            } else if (!t.start && t.current.contains(t.next) && mates.stream().anyMatch(ActionPlanner::starts)) {
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
    boolean sameHost(String a, String b) {
        return a != null && b != null && bundleHost(a).equals(bundleHost(b));
    }

    String bundleHost(String node) {
        for (io.hapc.engine.bundle.BundleReplica r : view.bundleReplicas()) {
            if (r.guestNode().map(node::equals).orElse(false))
                return placement.node(r.container()).orElse(node);
        }
        return node;
    }

    private static boolean unassignedByOrder(ResourcePlan p) {
        return p.forcedStop && ActionPlanner.NO_REASON.equals(p.stopReason);
    }

    private static boolean isStartLike(String action) {
        return action.equals("start") || action.equals("promote");
    }

    /** Marks `t` as unable to run because its mandatory `first` cannot; returns whether anything changed. */
    boolean cannotRun(ResourcePlan t, String why) {
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
    Optional<ResourcePlan> firstBlocker(String firstId, List<ResourcePlan> firsts, String firstAction) {
        // "promote" as first: `then` waits for a promoted instance, not just a running one.
        java.util.function.Predicate<ResourcePlan> ready = firstAction.equals("promote")
                ? p -> ActionPlanner.activeAfter(p) && p.nextRole == Role.PROMOTED
                : ActionPlanner::activeAfter;
        ResourceTree t = view.treesById().get(firstId);
        if (t instanceof ResourceTree.CloneOf) {
            return firsts.stream().anyMatch(ready)
                    ? Optional.empty()
                    : firsts.stream().findFirst();
        }
        return firsts.stream().filter(ready.negate()).findFirst();
    }

    /** The primitives an order edge's side stands for. A group as `then` is its first member. */
    List<ResourcePlan> planned(String id, boolean asFirst) {
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
}
