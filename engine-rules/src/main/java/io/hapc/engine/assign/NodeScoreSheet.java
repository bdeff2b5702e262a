package io.hapc.engine.assign;

import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of one resource (or group, or clone instance) on each candidate node while it is
 * being assigned, with every contribution kept so the decision can be explained. Arrays indexed
 * by node position: one sheet per resource is made for every decision, so it must be cheap.
 */
final class NodeScoreSheet {
    private final NodeIndex index;
    private final int[] totals;
    private final boolean[] allowed;
    private final List<ScoreReason>[] reasons;

    /** Node names and their positions, shared by every sheet of one decision. */
    record NodeIndex(List<String> names, Map<String, Integer> positions) {
        static NodeIndex of(List<String> names) {
            Map<String, Integer> positions = new java.util.HashMap<>();
            for (int i = 0; i < names.size(); i++) positions.put(names.get(i), i);
            return new NodeIndex(List.copyOf(names), positions);
        }
    }

    @SuppressWarnings("unchecked")
    NodeScoreSheet(NodeIndex index) {
        this.index = index;
        this.totals = new int[index.names().size()];
        this.allowed = new boolean[index.names().size()];
        this.reasons = new List[index.names().size()];
    }

    private int at(String node) {
        Integer i = index.positions().get(node);
        return i == null ? -1 : i;
    }

    void allow(String node) {
        int i = at(node);
        if (i >= 0) allowed[i] = true;
    }

    boolean contains(String node) {
        int i = at(node);
        return i >= 0 && allowed[i];
    }

    void add(String node, int score, String reason, String rule) {
        int i = at(node);
        if (i < 0) return;
        allowed[i] = true;
        totals[i] = Score.add(totals[i], score);
        if (reasons[i] == null) reasons[i] = new ArrayList<>(2);
        reasons[i].add(new ScoreReason(score, reason, rule));
    }

    int score(String node) {
        int i = at(node);
        return i >= 0 && allowed[i] ? totals[i] : Score.MINUS_INFINITY;
    }

    Iterable<String> nodes() {
        List<String> out = new ArrayList<>(totals.length);
        for (int i = 0; i < totals.length; i++)
            if (allowed[i]) out.add(index.names().get(i));
        return out;
    }

    Map<String, Integer> totals() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < totals.length; i++)
            if (allowed[i]) out.put(index.names().get(i), totals[i]);
        return Collections.unmodifiableMap(out);
    }

    NodeScoreSheet copy() {
        NodeScoreSheet c = new NodeScoreSheet(index);
        System.arraycopy(totals, 0, c.totals, 0, totals.length);
        System.arraycopy(allowed, 0, c.allowed, 0, allowed.length);
        for (int i = 0; i < reasons.length; i++) if (reasons[i] != null) c.reasons[i] = new ArrayList<>(reasons[i]);
        return c;
    }

    Map<String, List<ScoreReason>> reasons() {
        Map<String, List<ScoreReason>> out = new LinkedHashMap<>();
        for (int i = 0; i < totals.length; i++) {
            if (allowed[i]) out.put(index.names().get(i), reasons[i] == null ? List.of() : List.copyOf(reasons[i]));
        }
        return out;
    }
}
