package io.hapc.engine.assign;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.rules.DerivedFacts;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Which resources a re-decision must score again: those whose view or derived facts changed,
 * those on nodes that became unavailable, those the last decision placed by a tie-break, and
 * everything colocated with any of them. The rest keep their node. Any change that could make a
 * settled resource prefer another node (a node became available, a placement strategy, a
 * cluster-wide stop) means everything is scored again.
 */
final class ReassignmentScope {
    private ReassignmentScope() {}

    static Set<String> reusableUnits(
            ClusterView view,
            DerivedFacts facts,
            Assigner.Previous previous,
            Map<String, ResourceTree> unitOf,
            Map<String, List<ColocationEdge>> byDependent,
            Map<String, List<ColocationEdge>> byPrimary) {
        if (!view.options().placementStrategy().equals("default")) return Set.of();
        if (!view.options().equals(previous.view().options())
                || !view.nodes().stream()
                        .map(n -> n.name())
                        .toList()
                        .equals(previous.view().nodes().stream()
                                .map(n -> n.name())
                                .toList())) {
            return Set.of();
        }
        Set<String> unavailableNow = nodesOf(facts.unavailableNodes());
        Set<String> unavailableBefore = nodesOf(previous.facts().unavailableNodes());
        if (!unavailableNow.containsAll(unavailableBefore)) return Set.of(); // a node came back: anything may move
        Set<StopRequest> stops = new HashSet<>(facts.stopRequests());
        if (!stops.equals(new HashSet<>(previous.facts().stopRequests()))) return Set.of();

        Set<String> dirty = new HashSet<>();
        for (ResourceTree t : view.resources()) {
            if (previous.view().treesById().get(t.id()) != t) dirty.add(t.id());
            if (!previous.placement().settledUnits().contains(t.id())) dirty.add(t.id());
            if (t instanceof ResourceTree.CloneOf && !unavailableNow.equals(unavailableBefore)) dirty.add(t.id());
        }
        Set<String> newlyUnavailable = new HashSet<>(unavailableNow);
        newlyUnavailable.removeAll(unavailableBefore);
        if (!newlyUnavailable.isEmpty()) {
            previous.placement().nodeOf().forEach((rsc, node) -> {
                if (newlyUnavailable.contains(node)) markUnit(rsc, unitOf, dirty);
            });
        }
        if (previous.derivedChanges() != null) {
            // The rule session told us exactly which derived facts came and went.
            for (Object o : previous.derivedChanges()) {
                if (o instanceof ScoreContribution s) markUnit(s.target(), unitOf, dirty);
                else if (o instanceof PromotionContribution p) markUnit(p.target(), unitOf, dirty);
                else if (o instanceof ColocationEdge e) {
                    markUnit(e.dependent(), unitOf, dirty);
                    markUnit(e.primary(), unitOf, dirty);
                }
            }
        } else {
            changedTargets(facts.scores(), previous.facts().scores(), ScoreContribution::target)
                    .forEach(t -> markUnit(t, unitOf, dirty));
            changedTargets(facts.promotionScores(), previous.facts().promotionScores(), PromotionContribution::target)
                    .forEach(t -> markUnit(t, unitOf, dirty));
            for (ColocationEdge e :
                    changed(facts.colocations(), previous.facts().colocations())) {
                markUnit(e.dependent(), unitOf, dirty);
                markUnit(e.primary(), unitOf, dirty);
            }
        }
        // Colocated resources move together: spread "dirty" along colocations both ways.
        Deque<String> todo = new ArrayDeque<>(dirty);
        while (!todo.isEmpty()) {
            String u = todo.pop();
            for (ColocationEdge e : byPrimary.getOrDefault(u, List.of()))
                spread(unitOf.get(e.dependent()), dirty, todo);
            for (ColocationEdge e : byDependent.getOrDefault(u, List.of()))
                spread(unitOf.get(e.primary()), dirty, todo);
        }
        Set<String> reusable = new HashSet<>();
        for (ResourceTree t : view.resources()) if (!dirty.contains(t.id())) reusable.add(t.id());
        return reusable;
    }

    private static Set<String> nodesOf(List<NodeUnavailable> facts) {
        Set<String> out = new HashSet<>();
        facts.forEach(f -> out.add(f.node()));
        return out;
    }

    private static void spread(ResourceTree unit, Set<String> dirty, Deque<String> todo) {
        if (unit != null && dirty.add(unit.id())) todo.push(unit.id());
    }

    private static void markUnit(String id, Map<String, ResourceTree> unitOf, Set<String> dirty) {
        ResourceTree unit = unitOf.get(id);
        if (unit != null) dirty.add(unit.id());
    }

    private static <T> Set<T> changed(List<T> now, List<T> before) {
        Set<T> a = new HashSet<>(now);
        Set<T> b = new HashSet<>(before);
        Set<T> out = new HashSet<>();
        for (T x : a) if (!b.contains(x)) out.add(x);
        for (T x : b) if (!a.contains(x)) out.add(x);
        return out;
    }

    private static <T> Set<String> changedTargets(List<T> now, List<T> before, Function<T, String> target) {
        Set<String> out = new HashSet<>();
        for (T x : changed(now, before)) out.add(target.apply(x));
        return out;
    }
}
