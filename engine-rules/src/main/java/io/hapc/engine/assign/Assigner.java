package io.hapc.engine.assign;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.RemoteNode;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Greedy assignment, the part of the decision rules are the wrong tool for: resources in
 * priority order, each primary before its dependents, each to its best-scoring node.
 * It consumes only what the rules derived (score contributions, unavailable nodes, colocation
 * edges, stop requests) plus the cluster snapshot, and records why each choice was made.
 */
public final class Assigner {
    private final AssignmentInputs inputs;
    private final AssignmentProgress progress = new AssignmentProgress();
    private final ColocationScores scores;
    private final NodeChooser chooser;
    private final CloneAssignment clones;

    private final Previous previous;
    private final Set<String> reusable;

    /** The last decision of a long-lived engine, so unchanged and settled resources keep their node cheaply. */
    public record Previous(ClusterView view, DerivedFacts facts, Placement placement, Set<Object> derivedChanges) {
        /** Without a known list of changes, the derived facts are compared in full. */
        public Previous(ClusterView view, DerivedFacts facts, Placement placement) {
            this(view, facts, placement, null);
        }
    }

    private Assigner(ClusterView view, DerivedFacts facts, Previous previous) {
        this.inputs = new AssignmentInputs(view, facts);
        this.scores = new ColocationScores(inputs, progress);
        this.chooser = new NodeChooser(inputs, progress);
        this.clones = new CloneAssignment(inputs, progress, scores, chooser, new Promotion(inputs, progress, scores));
        this.previous = previous;
        this.reusable = previous == null
                ? Set.of()
                : ReassignmentScope.reusableUnits(
                        view, facts, previous, inputs.unitOf, inputs.edgesByDependentUnit, inputs.edgesByPrimaryUnit);
    }

    public static Placement assign(ClusterView view, DerivedFacts facts) {
        return new Assigner(view, facts, null).run();
    }

    /**
     * Assigns again after a change, in the same order as a full run; a resource whose inputs did
     * not change and whose last node won on score alone (no tie-break) is placed where it was
     * without scoring it again — the same result a full run gives, for a fraction of the work.
     */
    public static Placement reassign(ClusterView view, DerivedFacts facts, Previous previous) {
        return new Assigner(view, facts, previous).run();
    }

    private Placement run() {
        List<ResourceTree> order = new ArrayList<>(inputs.view.resources());
        Comparator<ResourceTree> byPriority =
                Comparator.comparingInt(ResourceTree::priority).reversed();
        if (!inputs.view.options().placementStrategy().equals("default")) {
            // With a placement strategy, resources that score higher where they run now go first,
            // so a resource that has to leave its node cannot evict one that may stay.
            Map<String, Integer> currentScore = new HashMap<>();
            for (ResourceTree t : order) currentScore.put(t.id(), scoreWhereRunning(t));
            byPriority = byPriority.thenComparing(t -> -currentScore.get(t.id()));
        }
        order.sort(byPriority);
        assignRemoteConnections();
        for (ResourceTree t : order) {
            assignBundleConnections(t.id());
            assignUnit(t);
        }
        Set<String> settled = new HashSet<>();
        for (ResourceTree t : inputs.view.resources()) if (!progress.undecided.contains(t.id())) settled.add(t.id());
        return new Placement(progress.nodeOf, progress.roleOf, new LazyExplanations(progress.explanations), settled);
    }

    /**
     * Remote connections first (as Pacemaker does), with the containers of guest nodes they follow:
     * a remote or guest node can host resources only if its connection (and container) will run.
     */
    private void assignRemoteConnections() {
        Set<String> bundleGuests = new HashSet<>();
        inputs.view.bundleReplicas().forEach(b -> b.guestNode().ifPresent(bundleGuests::add));
        // A bundle's guest nodes come with the bundle, in its place (assignBundleConnections).
        List<NodeView> remotes = inputs.view.nodes().stream()
                .filter(NodeView::remoteNode)
                .filter(n -> !bundleGuests.contains(n.name()))
                .toList();
        for (NodeView n : remotes) {
            ResourceTree connection = inputs.unitOf.get(n.remote().get().connection());
            if (connection != null) assignUnit(connection);
        }
        markUnreachable(remotes);
    }

    /** Before a bundle's inner clone: the connections of its guest nodes (which follow their containers). */
    private void assignBundleConnections(String bundleId) {
        List<NodeView> guests = inputs.view.bundleReplicas().stream()
                .filter(b -> b.bundleId().equals(bundleId))
                .flatMap(b -> b.guestNode().stream())
                .map(inputs.view.nodesByName()::get)
                .filter(java.util.Objects::nonNull)
                .toList();
        for (NodeView n : guests) {
            ResourceTree connection = inputs.unitOf.get(n.remote().get().connection());
            if (connection != null) assignUnit(connection);
        }
        markUnreachable(guests);
    }

    private void markUnreachable(List<NodeView> remotes) {
        for (NodeView n : remotes) {
            RemoteNode rn = n.remote().get();
            if (rn.fencingRevocable() && progress.nodeOf.containsKey(rn.connection())) {
                inputs.unavailable.remove(n.name()); // the connection comes back: no fencing, the node is usable
            }
            if (!progress.nodeOf.containsKey(rn.connection())) {
                inputs.unavailable.putIfAbsent(n.name(), "its connection " + rn.connection() + " will not run");
            } else if (rn.container().isPresent()
                    && !progress.nodeOf.containsKey(rn.container().get())) {
                inputs.unavailable.putIfAbsent(
                        n.name(), "its container " + rn.container().get() + " will not run");
            }
        }
    }

    private int scoreWhereRunning(ResourceTree t) {
        Optional<String> node = t.primitives()
                .map(Assigner::currentNode)
                .flatMap(Optional::stream)
                .findFirst();
        if (node.isEmpty() || inputs.unavailable.containsKey(node.get())) return Score.MINUS_INFINITY;
        return scores.baseSheet(scores.targetsOf(t)).score(node.get());
    }

    /**
     * Assigns a unit after the units it is colocated with (primaries first, in priority order), depth first.
     * An explicit stack, not recursion: a colocation chain may be thousands of resources long.
     */
    private void assignUnit(ResourceTree root) {
        if (!enter(root)) return;
        java.util.Deque<Map.Entry<ResourceTree, java.util.Iterator<ResourceTree>>> frames =
                new java.util.ArrayDeque<>();
        frames.push(Map.entry(root, primariesFirst(root).iterator()));
        while (!frames.isEmpty()) {
            var frame = frames.peek();
            if (frame.getValue().hasNext()) {
                ResourceTree primary = frame.getValue().next();
                if (enter(primary))
                    frames.push(Map.entry(primary, primariesFirst(primary).iterator()));
                continue;
            }
            frames.pop();
            ResourceTree unit = frame.getKey();
            if (unit instanceof ResourceTree.Single s) assignPrimitive(s.view(), unit);
            else if (unit instanceof ResourceTree.GroupOf g) assignGroup(g, unit);
            else {
                // A bundle reached as another unit's primary: its containers first, as from run().
                assignBundleConnections(unit.id());
                clones.assignClone((ResourceTree.CloneOf) unit);
            }
            progress.unitStack.pop();
            progress.inProgress.remove(unit.id());
            progress.done.add(unit.id());
        }
    }

    /** Starts a unit's assignment; false when there is nothing to do (done, under way in a loop, or reused). */
    private boolean enter(ResourceTree unit) {
        if (progress.done.contains(unit.id()) || progress.inProgress.contains(unit.id())) return false;
        if (reusable.contains(unit.id())) {
            reuse(unit);
            return false;
        }
        progress.inProgress.add(unit.id());
        progress.unitStack.push(unit.id());
        return true;
    }

    /** Primaries first: a dependent can only be placed relative to where its primaries are. */
    private List<ResourceTree> primariesFirst(ResourceTree unit) {
        List<ResourceTree> out = new ArrayList<>();
        for (ColocationEdge e : inputs.edgesByDependentUnit.getOrDefault(unit.id(), List.of()))
            out.addAll(inputs.primaryUnits(e.primary()));
        out.sort(Comparator.comparingInt(ResourceTree::priority).reversed());
        return out;
    }

    /** Places an unchanged, settled resource where the previous decision put it. */
    private void reuse(ResourceTree unit) {
        Placement last = previous.placement();
        Map<String, LazyExplanations.Source> sources = ((LazyExplanations) last.explanations()).sources();
        if (sources.containsKey(unit.id())) progress.explanations.put(unit.id(), sources.get(unit.id()));
        unit.primitives().forEach(p -> {
            last.node(p.id()).ifPresent(n -> progress.place(p, n));
            Role role = last.roleOf().get(p.id());
            if (role != null) progress.roleOf.put(p.id(), role);
            LazyExplanations.Source src = sources.get(p.id());
            if (src != null) progress.explanations.put(p.id(), src);
        });
        progress.done.add(unit.id());
    }

    private String verdict(NodeScoreSheet sheet, Optional<String> chosen) {
        if (chosen.isPresent())
            return "runs on " + chosen.get() + " (score " + Score.format(sheet.score(chosen.get())) + ")";
        return "cannot run anywhere: no available node has a score of 0 or more";
    }

    /** Resources that stay exactly where they are, whatever the scores say: unmanaged or blocked by a failure. */
    static boolean frozen(ResourceView r) {
        return !r.meta().managed() || r.presence().stream().anyMatch(Presence::blocked);
    }

    // ---- primitives, groups, clones -----------------------------------------------------------------

    private void assignPrimitive(ResourceView r, ResourceTree unit) {
        if (progress.frozenInPlace(r)) return;
        NodeScoreSheet sheet = scores.baseSheet(List.of(r.id()));
        scores.colocate(unit, sheet);
        Optional<String> chosen = inputs.wantedStopped(r)
                ? Optional.empty()
                : chooser.chooseWithColocatedDemand(unit, false, sheet, currentNode(r), r.utilization(), Set.of());
        chosen = completingPartialMigration(r, sheet, chosen);
        chosen.ifPresent(n -> progress.place(r, n));
        progress.explanations.put(
                r.id(),
                new LazyExplanations.Source(
                        r.id(),
                        sheet,
                        chosen,
                        inputs.wantedStopped(r)
                                ? "is meant to be stopped (target-role, on-fail=stop or no longer configured)"
                                : verdict(sheet, chosen)));
    }

    /**
     * A resource half way through a live migration (migrate_to done) stays on its way: among nodes
     * as good as the chosen one, its migration target wins (Pacemaker counts the target as its
     * current node), so that the migration can be completed.
     */
    private Optional<String> completingPartialMigration(ResourceView r, NodeScoreSheet sheet, Optional<String> chosen) {
        if (chosen.isEmpty()
                || !r.migration().partial()
                || !inputs.view.options().placementStrategy().equals("default")) return chosen;
        String target = r.migration().partialTarget().get();
        if (target.equals(chosen.get()) || inputs.unavailable.containsKey(target)) return chosen;
        return sheet.score(target) >= 0 && sheet.score(target) == sheet.score(chosen.get())
                ? Optional.of(target)
                : chosen;
    }

    static Optional<String> currentNode(ResourceView r) {
        return r.presence().stream()
                .filter(p -> p.role() != Role.STOPPED)
                .map(Presence::node)
                .findFirst();
    }

    private void assignGroup(ResourceTree.GroupOf g, ResourceTree unit) {
        // The group goes where its first member may run; later members add their preferences
        // unless that would leave the group nowhere to run (then they just stay stopped).
        NodeScoreSheet sheet = scores.baseSheet(
                g.members().isEmpty()
                        ? List.of(g.id())
                        : List.of(g.id(), g.members().get(0).id()));
        scores.applyColocations(unit, sheet, Optional.empty(), true);
        for (int i = 1; i < g.members().size(); i++) {
            NodeScoreSheet trial = sheet.copy();
            String member = g.members().get(i).id();
            for (ScoreContribution s : inputs.scoresByTarget.getOrDefault(member, List.of())) {
                if (trial.contains(s.node()))
                    trial.add(s.node(), s.score(), s.reason() + " (member " + member + ")", s.rule());
            }
            if (scores.anyAvailable(trial)) sheet = trial;
        }
        scores.mergeDependentPreferences(unit, sheet, true);
        scores.applyColocations(unit, sheet, Optional.empty(), false);
        scores.mergeDependentPreferences(unit, sheet, false);
        Map<String, Integer> demand = new HashMap<>();
        g.members().forEach(m -> m.utilization().forEach((k, v) -> demand.merge(k, v, Integer::sum)));
        boolean allFrozen = g.members().stream().allMatch(Assigner::frozen);
        if (allFrozen) {
            g.members().forEach(progress::frozenInPlace);
            return;
        }
        ResourceView first = g.members().isEmpty() ? null : g.members().get(0);
        Optional<String> chosen = first == null || inputs.wantedStopped(first) && !frozen(first)
                ? Optional.empty()
                : chooser.chooseWithColocatedDemand(
                        unit,
                        false,
                        sheet,
                        g.members().stream()
                                .map(Assigner::currentNode)
                                .flatMap(Optional::stream)
                                .findFirst(),
                        demand,
                        Set.of());
        progress.explanations.put(g.id(), new LazyExplanations.Source(g.id(), sheet, chosen, verdict(sheet, chosen)));
        boolean previousPlaced = true;
        // Each member runs with the one before it: after a member left where it is (unmanaged or
        // blocked), the next ones may only run on that member's node, if it can take them.
        Optional<String> pinned = Optional.empty();
        for (ResourceView m : g.members()) {
            if (progress.frozenInPlace(m)) {
                previousPlaced = progress.nodeOf.containsKey(m.id());
                pinned = Optional.ofNullable(progress.nodeOf.get(m.id()));
                continue;
            }
            NodeScoreSheet own = scores.baseSheet(List.of(m.id()));
            NodeScoreSheet groupSheet = sheet;
            Optional<String> target = pinned.isPresent()
                    ? pinned.filter(n -> !inputs.unavailable.containsKey(n) && groupSheet.score(n) >= 0)
                    : chosen;
            boolean ok = previousPlaced
                    && target.isPresent()
                    && !inputs.wantedStopped(m)
                    && own.score(target.get()) > Score.MINUS_INFINITY;
            if (ok) progress.place(m, target.get());
            previousPlaced = ok;
            progress.explanations.put(
                    m.id(),
                    new LazyExplanations.Source(
                            m.id(),
                            own,
                            ok ? target : Optional.empty(),
                            ok
                                    ? "runs with its group " + g.id() + " on " + target.get()
                                    : "cannot run: its group " + g.id() + " or an earlier member cannot run there"));
        }
    }
}
