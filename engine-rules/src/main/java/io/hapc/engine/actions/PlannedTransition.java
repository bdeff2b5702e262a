package io.hapc.engine.actions;

import java.util.List;
import java.util.Map;

/**
 * The planner's result: per-resource plans, the Transition Summary lines, the graph, the nodes to
 * fence and the nodes to unfence (node -> reason; not in the graph: hapc's daemons do not unfence,
 * and the admin commands refuse configurations that would need it).
 */
public record PlannedTransition(
        List<ResourcePlan> plans,
        List<SummaryLine> summary,
        TransitionGraph graph,
        Map<String, String> fencedNodes,
        Map<String, String> unfencedNodes) {
    public PlannedTransition {
        plans = List.copyOf(plans);
        summary = List.copyOf(summary);
        fencedNodes = Map.copyOf(fencedNodes);
        unfencedNodes = unfencedNodes == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unfencedNodes));
    }

    /** Without unfencing. */
    public PlannedTransition(
            List<ResourcePlan> plans,
            List<SummaryLine> summary,
            TransitionGraph graph,
            Map<String, String> fencedNodes) {
        this(plans, summary, graph, fencedNodes, Map.of());
    }
}
