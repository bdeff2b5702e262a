package io.hapc.engine.assign;

import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.facts.ColocationEdge;
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
 * Chooses a node from a score sheet: the best score among available nodes, with the placement
 * strategy's utilization fit (capacity for the resource and its chain of mandatory colocations)
 * and tie-breaks (spare capacity, load, current node, name).
 */
final class NodeChooser {
    private final AssignmentInputs inputs;
    private final AssignmentProgress progress;

    NodeChooser(AssignmentInputs inputs, AssignmentProgress progress) {
        this.inputs = inputs;
        this.progress = progress;
    }

    Optional<String> choose(
            NodeScoreSheet sheet, Optional<String> current, Map<String, Integer> demand, Set<String> excluded) {
        String strategy = inputs.view.options().placementStrategy();
        List<String> candidates = new ArrayList<>();
        for (String n : sheet.nodes()) {
            if (sheet.score(n) < 0 || inputs.unavailable.containsKey(n) || excluded.contains(n)) continue;
            if (!strategy.equals("default") && !fits(n, demand)) continue;
            candidates.add(n);
        }
        if (candidates.isEmpty()) return Optional.empty();
        if (candidates.size() > 1 && !progress.unitStack.isEmpty()) {
            int best = Integer.MIN_VALUE;
            int ties = 0;
            for (String n : candidates) {
                int sc = sheet.score(n);
                if (sc > best) {
                    best = sc;
                    ties = 1;
                } else if (sc == best) {
                    ties++;
                }
            }
            if (ties > 1)
                progress.undecided.add(
                        progress.unitStack.peek()); // a tie-break chose: load may choose otherwise next time
        }
        // Ties: more spare capacity (balanced), fewer assigned resources (unless minimal), the
        // preferred node (clone instances: where they run now), then the name.
        Comparator<String> order = Comparator.comparingInt((String n) -> -sheet.score(n));
        if (strategy.equals("balanced")) order = order.thenComparingInt(n -> -remainingCapacity(n));
        if (!strategy.equals("minimal")) order = order.thenComparingInt(n -> progress.load.getOrDefault(n, 0));
        order = order.thenComparing(n -> current.map(n::equals).orElse(false) ? 0 : 1)
                .thenComparing(n -> n);
        return candidates.stream().min(order);
    }

    /**
     * With a placement strategy, a node must have room for the resource and for the unassigned
     * resources in its chain of mandatory colocations (Pacemaker sums them before placing it). If
     * no node has room for all of them, room for the resource alone will do, and the node with the
     * most capacity left wins among the best-scoring ones (so the chain has the best chance to follow).
     */
    Optional<String> chooseWithColocatedDemand(
            ResourceTree unit,
            boolean instance,
            NodeScoreSheet sheet,
            Optional<String> current,
            Map<String, Integer> own,
            Set<String> excluded) {
        if (inputs.view.options().placementStrategy().equals("default")) return choose(sheet, current, own, excluded);
        Map<String, Integer> total = new HashMap<>(own);
        addColocatedDemand(unit, instance, total);
        if (total.equals(own)) return choose(sheet, current, own, excluded);
        Optional<String> all = choose(sheet, current, total, excluded);
        if (all.isPresent()) return all;
        Optional<String> alone = choose(sheet, current, own, excluded);
        if (alone.isEmpty()) return alone;
        List<String> available = new ArrayList<>();
        for (String n : sheet.nodes()) {
            if (sheet.score(n) >= 0 && !inputs.unavailable.containsKey(n) && !excluded.contains(n)) available.add(n);
        }
        List<String> mostCapable = new ArrayList<>();
        for (String n : available) {
            int cmp = mostCapable.isEmpty() ? -1 : compareCapacity(n, mostCapable.get(0));
            if (cmp < 0) mostCapable.clear();
            if (cmp <= 0) mostCapable.add(n);
        }
        int best = sheet.score(alone.get());
        if (mostCapable.contains(alone.get())) return alone;
        List<String> preferred = mostCapable.stream()
                .filter(n -> sheet.score(n) >= best && fits(n, own))
                .toList();
        if (preferred.isEmpty()) return alone;
        Set<String> others = new HashSet<>(excluded);
        for (String n : sheet.nodes()) if (!preferred.contains(n)) others.add(n);
        return choose(sheet, current, own, others);
    }

    /**
     * Compares the capacity left on two nodes, attribute by attribute: negative when `a` has more
     * of more attributes, positive when `b` has.
     */
    int compareCapacity(String a, String b) {
        Map<String, Integer> capA = inputs.view.nodesByName().get(a).capacity();
        Map<String, Integer> capB = inputs.view.nodesByName().get(b).capacity();
        Set<String> keys = new HashSet<>(capA.keySet());
        keys.addAll(capB.keySet());
        int result = 0;
        for (String k : keys) {
            int left = capA.getOrDefault(k, 0)
                    - progress.usedCapacity.getOrDefault(a, Map.of()).getOrDefault(k, 0);
            int right = capB.getOrDefault(k, 0)
                    - progress.usedCapacity.getOrDefault(b, Map.of()).getOrDefault(k, 0);
            result += Integer.compare(right, left);
        }
        return result;
    }

    /**
     * Adds what the resources in the unit's chain of mandatory colocations (both ways, transitively)
     * that are not placed yet will need. From a clone the chain goes on only to dependents that are
     * clones too (a non-clone dependent may end up beside any instance); a clone in the chain counts
     * one instance. A clone's instance starts the chain with its clone's colocations.
     */
    void addColocatedDemand(ResourceTree start, boolean instance, Map<String, Integer> total) {
        // A work list, not recursion: mandatory colocations may form a long chain.
        Set<String> seen = new HashSet<>(Set.of(start.id()));
        java.util.Deque<ResourceTree> todo = new java.util.ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            ResourceTree unit = todo.pop();
            boolean fromClone = unit instanceof ResourceTree.CloneOf && !(unit == start && instance);
            List<ResourceTree> next = new ArrayList<>();
            for (ColocationEdge e : inputs.edgesByDependentUnit.getOrDefault(unit.id(), List.of())) {
                if (e.score() >= Score.INFINITY && ColocationScores.affectsLocation(e))
                    next.add(inputs.unitOf.get(e.primary()));
            }
            for (ColocationEdge e : inputs.edgesByPrimaryUnit.getOrDefault(unit.id(), List.of())) {
                ResourceTree dep = inputs.unitOf.get(e.dependent());
                if (fromClone && !(dep instanceof ResourceTree.CloneOf)) continue;
                if (e.score() >= Score.INFINITY && ColocationScores.affectsLocation(e)) next.add(dep);
            }
            for (ResourceTree other : next) {
                if (other == null || !seen.add(other.id())) continue;
                todo.push(other);
                if (progress.done.contains(other.id())) continue;
                ResourceTree counted = other instanceof ResourceTree.CloneOf c
                        ? (c.instances().isEmpty() ? null : c.instances().get(0))
                        : other;
                if (counted != null) demandOf(counted).forEach((k, v) -> total.merge(k, v, Integer::sum));
            }
        }
    }

    boolean fits(String node, Map<String, Integer> demand) {
        NodeView n = inputs.view.nodesByName().get(node);
        Map<String, Integer> used = progress.usedCapacity.getOrDefault(node, Map.of());
        // Only what the node declares a capacity for is limited (as in Pacemaker).
        for (var cap : n.capacity().entrySet()) {
            int need = demand.getOrDefault(cap.getKey(), 0);
            if (need > 0 && used.getOrDefault(cap.getKey(), 0) + need > cap.getValue()) return false;
        }
        return true;
    }

    int remainingCapacity(String node) {
        NodeView n = inputs.view.nodesByName().get(node);
        Map<String, Integer> used = progress.usedCapacity.getOrDefault(node, Map.of());
        int sum = 0;
        for (var c : n.capacity().entrySet()) sum += c.getValue() - used.getOrDefault(c.getKey(), 0);
        return sum;
    }

    Map<String, Integer> demandOf(ResourceTree inst) {
        Map<String, Integer> demand = new HashMap<>();
        inst.primitives().forEach(m -> m.utilization().forEach((k, v) -> demand.merge(k, v, Integer::sum)));
        return demand;
    }
}
