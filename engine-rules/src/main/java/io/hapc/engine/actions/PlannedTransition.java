package io.hapc.engine.actions;

import java.util.List;
import java.util.Map;

/** The planner's result: per-resource plans, the Transition Summary lines, the graph, and the nodes to fence. */
public record PlannedTransition(List<ActionPlanner.ResourcePlan> plans, List<SummaryLine> summary,
                                TransitionGraph graph, Map<String, String> fencedNodes) {
    public PlannedTransition {
        plans = List.copyOf(plans);
        summary = List.copyOf(summary);
        fencedNodes = Map.copyOf(fencedNodes);
    }
}
