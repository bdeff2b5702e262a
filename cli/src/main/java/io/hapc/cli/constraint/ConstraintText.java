package io.hapc.cli.constraint;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * `hapc constraint list` as pcs prints constraints: location by resource, then ordering, then
 * colocation, then ticket constraints (when there are any), each with its id.
 */
public final class ConstraintText {
    private ConstraintText() {}

    public static String text(Cib cib) {
        StringBuilder sb = new StringBuilder("Location Constraints:\n");
        Map<String, List<Constraint.Location>> byResource = new LinkedHashMap<>();
        for (Constraint c : cib.constraints()) {
            if (c instanceof Constraint.Location l) {
                String key = l.rsc()
                        .map(r -> "Resource: " + r)
                        .or(() -> l.rscPattern().map(p -> "Resource pattern: " + p))
                        .orElse("Resource Set: " + String.join(" ", l.resourceSets()));
                byResource.computeIfAbsent(key, k -> new ArrayList<>()).add(l);
            }
        }
        byResource.forEach((rsc, list) -> {
            sb.append("  ").append(rsc).append('\n');
            List<Constraint.Location> enabled = list.stream()
                    .filter(l -> l.node().isPresent() && l.score().orElse(0) >= 0)
                    .toList();
            List<Constraint.Location> disabled = list.stream()
                    .filter(l -> l.node().isPresent() && l.score().orElse(0) < 0)
                    .toList();
            if (!enabled.isEmpty()) {
                sb.append("    Enabled on:\n");
                enabled.forEach(l -> sb.append("      Node: ").append(fixed(l)).append('\n'));
            }
            if (!disabled.isEmpty()) {
                sb.append("    Disabled on:\n");
                disabled.forEach(l -> sb.append("      Node: ").append(fixed(l)).append('\n'));
            }
            for (Constraint.Location l : list) {
                if (l.rules().isEmpty()) continue;
                sb.append("    Constraint: ")
                        .append(l.id())
                        .append(l.role().map(r -> " (role:" + r.display() + ")").orElse(""))
                        .append('\n');
                l.rules().forEach(r -> rule(sb, r, "      "));
            }
        });
        sb.append("Ordering Constraints:\n");
        for (Constraint c : cib.constraints()) {
            if (!(c instanceof Constraint.Order o)) continue;
            if (o.sets().isEmpty()) {
                String fa = o.firstAction().orElse("start");
                sb.append("  ")
                        .append(fa)
                        .append(' ')
                        .append(o.first().orElse("?"))
                        .append(" then ")
                        .append(o.thenAction().orElse(fa))
                        .append(' ')
                        .append(o.then().orElse("?"))
                        .append(" (kind:")
                        .append(o.kind()
                                .orElse(o.score()
                                        .map(s -> s > 0 ? "Mandatory" : "Optional")
                                        .orElse("Mandatory")))
                        .append(')')
                        .append(o.symmetrical()
                                .map(s -> " (symmetrical:" + s + ")")
                                .orElse(""))
                        .append(" (id:")
                        .append(o.id())
                        .append(")\n");
            } else {
                sb.append("  ")
                        .append(sets(o.sets()))
                        .append(" (id:")
                        .append(o.id())
                        .append(")\n");
            }
        }
        sb.append("Colocation Constraints:\n");
        for (Constraint c : cib.constraints()) {
            if (!(c instanceof Constraint.Colocation col)) continue;
            if (col.sets().isEmpty()) {
                sb.append("  ")
                        .append(role(col.rscRole()))
                        .append(col.rsc().orElse("?"))
                        .append(" with ")
                        .append(role(col.withRscRole()))
                        .append(col.withRsc().orElse("?"))
                        .append(" (score:")
                        .append(Score.format(col.score()))
                        .append(") (id:")
                        .append(col.id())
                        .append(")\n");
            } else {
                sb.append("  ")
                        .append(sets(col.sets()))
                        .append(" (score:")
                        .append(Score.format(col.score()))
                        .append(") (id:")
                        .append(col.id())
                        .append(")\n");
            }
        }
        List<Constraint.Ticket> tickets = cib.constraints().stream()
                .filter(c -> c instanceof Constraint.Ticket)
                .map(c -> (Constraint.Ticket) c)
                .toList();
        if (!tickets.isEmpty()) {
            sb.append("Ticket Constraints:\n");
            for (Constraint.Ticket t : tickets) {
                String what = t.sets().isEmpty() ? role(t.rscRole()) + t.rsc().orElse("?") : sets(t.sets());
                sb.append("  ")
                        .append(what)
                        .append(" ticket=")
                        .append(t.ticket())
                        .append(t.lossPolicy()
                                .map(p -> " loss-policy=" + p.xml())
                                .orElse(""))
                        .append(" (id:")
                        .append(t.id())
                        .append(")\n");
            }
        }
        return sb.toString();
    }

    private static String fixed(Constraint.Location l) {
        return l.node().orElse("?") + " (score:" + l.score().map(Score::format).orElse("?") + ")"
                + l.role().map(r -> " (role:" + r.display() + ")").orElse("")
                + l.resourceDiscovery()
                        .map(d -> " (resource-discovery=" + d + ")")
                        .orElse("") + " (id:" + l.id() + ")";
    }

    private static String role(Optional<Role> role) {
        return role.map(r -> r.display() + " ").orElse("");
    }

    private static String sets(List<Constraint.ResourceSet> sets) {
        List<String> out = new ArrayList<>();
        for (Constraint.ResourceSet s : sets) {
            out.add("set " + String.join(" ", s.resources())
                    + s.action().map(a -> " action=" + a).orElse("")
                    + s.role().map(r -> " role=" + r.display()).orElse("")
                    + s.sequential().map(q -> " sequential=" + q).orElse("")
                    + s.requireAll().map(q -> " require-all=" + q).orElse(""));
        }
        return String.join(" ", out);
    }

    private static void rule(StringBuilder sb, Rule r, String indent) {
        sb.append(indent)
                .append("Rule: ")
                .append(r.booleanOp() == Rule.BooleanOp.OR ? "boolean-op=or " : "")
                .append(r.score()
                        .map(s -> "score=" + Score.format(s))
                        .or(() -> r.scoreAttribute().map(a -> "score-attribute=" + a))
                        .orElse(""))
                .append(r.role().map(x -> " role=" + x.display()).orElse(""))
                .append(" (id:")
                .append(r.id())
                .append(")\n");
        for (RuleExpression x : r.expressions()) {
            if (x instanceof Rule nested) {
                rule(sb, nested, indent + "  ");
            } else if (x instanceof RuleExpression.AttributeExpression a) {
                sb.append(indent)
                        .append("  Expression: ")
                        .append(a.attribute())
                        .append(' ')
                        .append(a.operation())
                        .append(a.value().map(v -> " " + v).orElse(""))
                        .append(" (id:")
                        .append(a.id())
                        .append(")\n");
            } else if (x instanceof RuleExpression.DateExpression d) {
                sb.append(indent)
                        .append("  Expression: date ")
                        .append(d.operation())
                        .append(d.start().map(s -> " start=" + s).orElse(""))
                        .append(d.end().map(e -> " end=" + e).orElse(""))
                        .append(" (id:")
                        .append(d.id())
                        .append(")\n");
            } else {
                sb.append(indent).append("  Expression: ").append(x).append('\n');
            }
        }
    }
}
