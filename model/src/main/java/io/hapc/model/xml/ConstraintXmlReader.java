package io.hapc.model.xml;

import static io.hapc.model.xml.XmlValues.required;
import static io.hapc.model.xml.XmlValues.role;
import static io.hapc.model.xml.XmlValues.score;

import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The CIB's constraints: rsc_location, rsc_colocation, rsc_order, rsc_ticket, with their resource sets and rules. */
final class ConstraintXmlReader {
    /** Follows an element's id-ref. */
    private final UnaryOperator<XmlElement> resolve;

    private final Function<XmlElement, Rule> rule;
    /** validate-with="none": no schema stands behind the document, so Pacemaker resets some bad values instead. */
    private final boolean unvalidated;

    ConstraintXmlReader(UnaryOperator<XmlElement> resolve, Function<XmlElement, Rule> rule, boolean unvalidated) {
        this.resolve = resolve;
        this.rule = rule;
        this.unvalidated = unvalidated;
    }

    Constraint constraint(XmlElement e) {
        return switch (e.name()) {
            case "rsc_location" -> location(e);
            case "rsc_colocation" -> colocation(e);
            case "rsc_order" -> order(e);
            case "rsc_ticket" -> ticket(e);
            default ->
                throw new CibXmlReader.Bad(
                        e,
                        "unsupported constraint <" + e.name()
                                + "> (supported: rsc_location, rsc_colocation, rsc_order, rsc_ticket)");
        };
    }

    private Constraint.Location location(XmlElement e) {
        String id = required(e, "id");
        List<String> setMembers = new ArrayList<>();
        for (XmlElement s : e.children("resource_set"))
            s.children("resource_ref").forEach(r -> setMembers.add(required(r, "id")));
        if (e.attr("rsc").isEmpty() && e.attr("rsc-pattern").isEmpty() && setMembers.isEmpty()) {
            throw new CibXmlReader.Bad(e, "needs 'rsc', 'rsc-pattern' or a resource_set naming what it places");
        }
        List<Rule> rules = e.children("rule").stream().map(rule).toList();
        Optional<Integer> score = e.attr("score").map(s -> score(e, "score", s));
        if (e.attr("node").isPresent() && score.isEmpty())
            throw new CibXmlReader.Bad(e, "a location with 'node' needs a 'score'");
        if (e.attr("node").isEmpty() && rules.isEmpty())
            throw new CibXmlReader.Bad(e, "needs 'node' and 'score', or a <rule>");
        return new Constraint.Location(
                id,
                e.attr("rsc"),
                e.attr("rsc-pattern"),
                setMembers,
                e.attr("node"),
                score,
                role(e, "role"),
                e.attr("resource-discovery"),
                rules,
                Optional.empty());
    }

    private Constraint.Colocation colocation(XmlElement e) {
        String id = required(e, "id");
        List<Constraint.ResourceSet> sets = resourceSets(e);
        // Without a score a colocation scores 0 (Pacemaker's default): it orders assignment, nothing more.
        int sc = score(e, "score", e.attr("score").orElse("0"));
        if (sets.isEmpty()) {
            required(e, "rsc");
            required(e, "with-rsc");
        }
        return new Constraint.Colocation(
                id,
                e.attr("rsc"),
                e.attr("with-rsc"),
                sc,
                role(e, "rsc-role"),
                role(e, "with-rsc-role"),
                sets,
                e.attr("node-attribute"),
                e.attr("influence").map(XmlValues::bool));
    }

    private Constraint.Order order(XmlElement e) {
        String id = required(e, "id");
        List<Constraint.ResourceSet> sets = resourceSets(e);
        if (sets.isEmpty()) {
            required(e, "first");
            required(e, "then");
        }
        Optional<String> kind = e.attr("kind");
        if (kind.isPresent()
                && !Set.of("mandatory", "optional", "serialize")
                        .contains(kind.get().toLowerCase(Locale.ROOT))) {
            // A schema refuses it; without one Pacemaker resets the order to Mandatory (a configuration error it logs).
            if (!unvalidated) {
                throw new CibXmlReader.Bad(
                        e, "attribute 'kind' value '" + kind.get() + "' is not Mandatory, Optional or Serialize");
            }
            kind = Optional.of("Mandatory");
        }
        return new Constraint.Order(
                id,
                e.attr("first"),
                e.attr("then"),
                e.attr("first-action"),
                e.attr("then-action"),
                kind,
                e.attr("score").map(s -> score(e, "score", s)),
                e.attr("symmetrical").map(XmlValues::bool),
                sets,
                e.attr("require-all").map(XmlValues::bool));
    }

    private Constraint.Ticket ticket(XmlElement e) {
        String id = required(e, "id");
        String ticket = required(e, "ticket");
        List<Constraint.ResourceSet> sets = resourceSets(e);
        if (sets.isEmpty() && e.attr("rsc").filter(v -> !v.isBlank()).isEmpty()) {
            throw new CibXmlReader.Bad(
                    e, "needs 'rsc' or a resource_set naming the resources that depend on ticket '" + ticket + "'");
        }
        Optional<Constraint.LossPolicy> loss = e.attr("loss-policy")
                .map(v -> Constraint.LossPolicy.parse(v)
                        .orElseThrow(() -> new CibXmlReader.Bad(
                                e,
                                "attribute 'loss-policy' value '" + v
                                        + "' is not stop, demote, fence or freeze (leave it out for stop)")));
        return new Constraint.Ticket(id, e.attr("rsc"), role(e, "rsc-role"), ticket, loss, sets);
    }

    private List<Constraint.ResourceSet> resourceSets(XmlElement e) {
        List<Constraint.ResourceSet> out = new ArrayList<>();
        for (XmlElement raw : e.children("resource_set")) {
            XmlElement s = resolve.apply(raw);
            List<String> refs = s.children("resource_ref").stream()
                    .map(r -> required(r, "id"))
                    .toList();
            out.add(new Constraint.ResourceSet(
                    s.attr("id").orElse(""),
                    refs,
                    s.attr("sequential").map(XmlValues::bool),
                    s.attr("require-all").map(XmlValues::bool),
                    s.attr("action"),
                    role(s, "role"),
                    s.attr("kind"),
                    s.attr("score").map(v -> score(s, "score", v))));
        }
        return out;
    }
}
