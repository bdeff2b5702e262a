package io.hapc.cli.simulate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hapc.engine.Decision;
import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.SummaryLine;
import io.hapc.engine.actions.TransitionGraph;
import io.hapc.engine.assign.Explanation;
import io.hapc.engine.assign.ScoreReason;
import io.hapc.engine.report.ClusterStates;
import io.hapc.engine.report.ResourceState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shape of `hapc simulate --output json` (a contract for scripts):
 * {"summary": [{"action", "resource"|"node", "details", "reason", "blocked"}],
 *  "placement": {rsc: {"node", "role"}}, "fencing": [{"node", "reason"}],
 *  "graph": {"actions": [...], "edges": [...]},
 *  "explain": {rsc: {"resource", "chosen" (null: nowhere), "verdict", "totals": {node: score},
 *              "contributions": {node: [{"score", "reason", "rule"}]}}},
 *  "warnings": [...], "decisionMillis": N}
 */
final class SimulationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimulationJson() {}

    record Line(String action, String resource, String node, String details, String reason, boolean blocked) {}

    record Place(String node, String role) {}

    record Fence(String node, String reason) {}

    record JsonAction(
            int id, String type, String resource, String node, long intervalMs, boolean runnable, boolean pseudo) {}

    record JsonGraph(List<JsonAction> actions, List<TransitionGraph.Edge> edges) {}

    /** One resource's explanation; "chosen" is null when it cannot run anywhere. */
    record JsonExplanation(
            String resource,
            String chosen,
            String verdict,
            Map<String, Integer> totals,
            Map<String, List<ScoreReason>> contributions) {
        static JsonExplanation of(Explanation e) {
            return new JsonExplanation(
                    e.resource(),
                    e.chosen().orElse(null),
                    e.verdict(),
                    new TreeMap<>(e.totals()),
                    new TreeMap<>(e.contributions()));
        }
    }

    static String render(Decision d, List<String> explain) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        for (SummaryLine l : d.transition().summary()) {
            lines.add(
                    l.isFence()
                            ? new Line(
                                    l.verb(), null, l.subject(), "", l.reason().orElse(null), false)
                            : new Line(
                                    l.verb(),
                                    l.subject(),
                                    null,
                                    l.details(),
                                    l.reason().orElse(null),
                                    l.blocked()));
        }
        root.put("summary", lines);
        Map<String, Place> placement = new LinkedHashMap<>();
        Map<String, List<ResourceState>> after = ClusterStates.revised(d.cluster(), d.transition());
        for (String id : d.cluster().primitivesById().keySet().stream().sorted().toList()) {
            List<ResourceState> s = after.getOrDefault(id, List.of());
            placement.put(
                    id,
                    s.isEmpty()
                            ? new Place(null, "Stopped")
                            : new Place(s.get(0).node(), s.get(0).role().display()));
        }
        root.put("placement", placement);
        List<Fence> fencing = new ArrayList<>();
        d.transition().fencedNodes().forEach((n, r) -> fencing.add(new Fence(n, r)));
        root.put("fencing", fencing);
        root.put("graph", graphOf(d));
        Map<String, JsonExplanation> explanations = new LinkedHashMap<>();
        for (String rsc : explain) {
            d.placement().explanations().forEach((k, v) -> {
                if (k.equals(rsc) || k.startsWith(rsc + ":")) explanations.put(k, JsonExplanation.of(v));
            });
        }
        root.put("explain", explanations);
        root.put(
                "warnings",
                d.derived().warnings().stream().map(w -> w.message()).toList());
        root.put("decisionMillis", d.elapsed().toMillis());
        return write(root);
    }

    static String graph(Decision d) {
        return write(graphOf(d));
    }

    private static JsonGraph graphOf(Decision d) {
        List<JsonAction> actions = new ArrayList<>();
        for (Action a : d.transition().graph().actions()) {
            actions.add(new JsonAction(
                    a.id(),
                    a.type().task(),
                    a.resource().orElse(null),
                    a.node(),
                    a.intervalMs(),
                    a.runnable(),
                    a.pseudo()));
        }
        return new JsonGraph(actions, d.transition().graph().edges());
    }

    private static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
