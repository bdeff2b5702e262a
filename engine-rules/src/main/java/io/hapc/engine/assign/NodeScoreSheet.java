package io.hapc.engine.assign;

import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of one resource (or group, or clone instance) on each candidate node while it is
 * being assigned, with every contribution kept so the decision can be explained.
 */
final class NodeScoreSheet {
    private final Map<String, Integer> totals = new LinkedHashMap<>();
    private final Map<String, List<ScoreReason>> reasons = new LinkedHashMap<>();

    void allow(String node) {
        totals.putIfAbsent(node, 0);
        reasons.computeIfAbsent(node, k -> new ArrayList<>());
    }

    boolean contains(String node) {
        return totals.containsKey(node);
    }

    void add(String node, int score, String reason, String rule) {
        allow(node);
        totals.put(node, Score.add(totals.get(node), score));
        reasons.get(node).add(new ScoreReason(score, reason, rule));
    }

    int score(String node) {
        return totals.getOrDefault(node, Score.MINUS_INFINITY);
    }

    Iterable<String> nodes() {
        return List.copyOf(totals.keySet());
    }

    Map<String, Integer> totals() {
        return Collections.unmodifiableMap(totals);
    }

    NodeScoreSheet copy() {
        NodeScoreSheet c = new NodeScoreSheet();
        c.totals.putAll(totals);
        reasons.forEach((k, v) -> c.reasons.put(k, new ArrayList<>(v)));
        return c;
    }

    Map<String, List<ScoreReason>> reasons() {
        Map<String, List<ScoreReason>> out = new LinkedHashMap<>();
        reasons.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}
