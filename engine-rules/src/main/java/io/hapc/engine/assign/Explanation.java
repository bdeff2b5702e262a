package io.hapc.engine.assign;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a resource sits where it sits: its final score per node with every contribution, the node
 * chosen (empty: it cannot run anywhere) and, in words, why that node won.
 */
public record Explanation(
        String resource,
        Map<String, Integer> totals,
        Map<String, List<ScoreReason>> contributions,
        Optional<String> chosen,
        String verdict) {
    public Explanation {
        totals = Map.copyOf(totals);
        contributions = Map.copyOf(contributions);
    }
}
