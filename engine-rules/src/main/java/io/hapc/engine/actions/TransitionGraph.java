package io.hapc.engine.actions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The actions of one transition and the ordering edges between them (before → after). Actions
 * that no edge orders may run in parallel.
 */
public record TransitionGraph(List<Action> actions, List<Edge> edges) {
    public TransitionGraph {
        actions = List.copyOf(actions);
        edges = List.copyOf(edges);
    }

    public record Edge(int before, int after, String reason) {}

    /** Actions in an order that respects every edge (Kahn's algorithm; ties by id). */
    public List<Action> topologicalOrder() {
        Map<Integer, Integer> indegree = new HashMap<>();
        Map<Integer, List<Integer>> next = new HashMap<>();
        for (Action a : actions) indegree.put(a.id(), 0);
        for (Edge e : edges) {
            if (!indegree.containsKey(e.before()) || !indegree.containsKey(e.after())) continue;
            indegree.merge(e.after(), 1, Integer::sum);
            next.computeIfAbsent(e.before(), k -> new ArrayList<>()).add(e.after());
        }
        Map<Integer, Action> byId = new HashMap<>();
        actions.forEach(a -> byId.put(a.id(), a));
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        indegree.forEach((k, v) -> {
            if (v == 0) ready.add(k);
        });
        List<Action> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            int id = ready.poll();
            out.add(byId.get(id));
            for (int n : next.getOrDefault(id, List.of())) {
                if (indegree.merge(n, -1, Integer::sum) == 0) ready.add(n);
            }
        }
        if (out.size() != actions.size()) {
            throw new IllegalStateException("transition graph has an ordering cycle");
        }
        return out;
    }
}
