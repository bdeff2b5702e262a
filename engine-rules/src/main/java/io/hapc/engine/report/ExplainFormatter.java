package io.hapc.engine.report;

import io.hapc.engine.Decision;
import io.hapc.engine.assign.Explanation;
import io.hapc.engine.assign.ScoreReason;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Says in plain words why a resource lands where it lands: every score per node with its reason. */
public final class ExplainFormatter {
    private ExplainFormatter() {}

    public static String explain(Decision d, String resource) {
        List<String> ids = idsFor(d, resource);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("--explain " + resource + ": no such resource (resources: "
                    + String.join(
                            ", ",
                            d.cluster().primitivesById().keySet().stream()
                                    .sorted()
                                    .toList()) + ")");
        }
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            Explanation e = d.placement().explanations().get(id);
            sb.append("Why ").append(id).append(" ");
            if (e == null) {
                sb.append("has no decision recorded\n");
                continue;
            }
            sb.append(e.verdict()).append(":\n");
            for (Map.Entry<String, Integer> t : e.totals().entrySet().stream()
                    .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                    .toList()) {
                String node = t.getKey();
                sb.append("  ").append(node).append(": ").append(Score.format(t.getValue()));
                d.derived().unavailableNodes().stream()
                        .filter(u -> u.node().equals(node))
                        .findFirst()
                        .ifPresent(u ->
                                sb.append("  (unavailable: ").append(u.reason()).append(")"));
                if (e.chosen().map(node::equals).orElse(false)) sb.append("  <- chosen");
                sb.append('\n');
                List<ScoreReason> reasons = e.contributions().getOrDefault(node, List.of());
                if (reasons.isEmpty()) sb.append("      0  base score (symmetric cluster)\n");
                for (ScoreReason r : reasons) {
                    sb.append(String.format("    %9s  %s  [rule \"%s\"]%n", signed(r.score()), r.reason(), r.rule()));
                }
            }
            promotion(d, id, sb);
            d.transition().summary().stream()
                    .filter(l -> l.subject().equals(id))
                    .forEach(l -> sb.append("  action: ")
                            .append(l.verb())
                            .append(' ')
                            .append(l.details())
                            .append(l.reason().map(r -> " due to " + r).orElse(""))
                            .append(l.blocked() ? " (blocked)" : "")
                            .append('\n'));
        }
        return sb.toString();
    }

    /** What decides whether a promotable instance is promoted, node by node (agent scores, Promoted-role constraints, tickets). */
    private static void promotion(Decision d, String id, StringBuilder sb) {
        List<PromotionContribution> scores = d.derived().promotionScores().stream()
                .filter(p -> p.target().equals(id))
                .sorted(java.util.Comparator.comparing(PromotionContribution::node)
                        .thenComparing(PromotionContribution::rule))
                .toList();
        if (scores.isEmpty()) return;
        sb.append("  promotion scores:\n");
        for (PromotionContribution p : scores) {
            sb.append(String.format(
                    "    %s: %9s  %s  [rule \"%s\"]%n", p.node(), signed(p.score()), p.reason(), p.rule()));
        }
    }

    private static String signed(int score) {
        return score > 0 ? "+" + Score.format(score) : Score.format(score);
    }

    private static List<String> idsFor(Decision d, String resource) {
        List<String> out = new ArrayList<>();
        if (d.placement().explanations().containsKey(resource)
                && !d.cluster().primitivesById().containsKey(resource)) {
            out.add(resource); // a group: explain the group decision first
        }
        for (ResourceView r : d.cluster().primitivesById().values()) {
            if (r.id().equals(resource)
                    || r.primitiveId().equals(resource)
                    || r.groupId().map(resource::equals).orElse(false)
                    || r.cloneId().map(resource::equals).orElse(false)) {
                out.add(r.id());
            }
        }
        return out.stream().distinct().toList();
    }
}
