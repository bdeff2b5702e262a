package io.hapc.engine.rules;

import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.cluster.RuleEvaluator;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.OrderKind;
import io.hapc.engine.facts.TicketDependent;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Constraint.ResourceSet;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Small pure functions the .drl files call where a rule needs a calculation (rule matching,
 * resource-set expansion). Decisions stay in the rules; these only compute.
 */
public final class RuleFunctions {
    private RuleFunctions() {}

    public static boolean ruleMatchesNode(Rule rule, NodeView node, Instant now) {
        return RuleEvaluator.matches(rule, RuleEvaluator.Context.forNode(node.attributes(), now));
    }

    /** The score a matching location rule gives a node: its score, or the node attribute named by score-attribute. */
    public static Optional<Integer> ruleScore(Rule rule, NodeView node) {
        if (rule.scoreAttribute().isPresent()) {
            String v = node.attributes().get(rule.scoreAttribute().get());
            if (v == null) return Optional.empty();
            try {
                return Optional.of(Score.parse(v));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(rule.score().orElse(0));
    }

    /** The resources a location constraint names directly: its `rsc`, or the resources of its sets. */
    /**
     * Whether a location constraint names `node` (its fixed node, not banned, or one of its rules
     * matches): with resource-discovery=exclusive, only such nodes may run the resource.
     */
    public static boolean locationNamesNode(Constraint.Location c, NodeView node, Instant now) {
        if (c.node().isPresent()) {
            return c.node().get().equals(node.name())
                    && c.score().map(s -> s > Score.MINUS_INFINITY).orElse(true);
        }
        return c.rules().stream().anyMatch(r -> ruleMatchesNode(r, node, now));
    }

    public static List<String> targetsOf(Constraint.Location c) {
        List<String> out = new ArrayList<>(c.resourceSets());
        c.rsc().ifPresent(out::add);
        return out;
    }

    public static boolean patternMatches(Constraint.Location c, String id) {
        return c.rscPattern().map(p -> Pattern.compile(p).matcher(id).matches()).orElse(false);
    }

    public static boolean isPromotedRole(Optional<Role> role) {
        return role.map(r -> r == Role.PROMOTED).orElse(false);
    }

    public static boolean expired(Optional<String> lifetimeUntil, Instant now) {
        return lifetimeUntil
                .map(u -> !now.isBefore(io.hapc.engine.cluster.PacemakerDates.parse(u)))
                .orElse(false);
    }

    /** Whether failures of `rsc` on `node` reached migration-threshold and have not expired (failure-timeout). */
    public static boolean thresholdReached(ResourceView rsc, String node, int count, Instant now) {
        int threshold = rsc.meta().migrationThreshold();
        if (threshold <= 0 || count < threshold) return false;
        return !failureExpired(rsc, node, now);
    }

    public static boolean failureExpired(ResourceView rsc, String node, Instant now) {
        long timeoutMs = rsc.meta().failureTimeoutMs();
        Long last = rsc.lastFailures().get(node);
        return timeoutMs > 0 && last != null && last * 1000 + timeoutMs <= now.toEpochMilli();
    }

    // ---- tickets ---------------------------------------------------------------------------------

    /** The resources an rsc_ticket makes depend on its ticket: its `rsc`, or every member of its sets. */
    public static List<TicketDependent> ticketDependents(Constraint.Ticket c) {
        Constraint.LossPolicy policy = c.lossPolicy().orElse(Constraint.LossPolicy.STOP);
        List<TicketDependent> out = new ArrayList<>();
        c.rsc()
                .ifPresent(
                        r -> out.add(new TicketDependent(c.id(), c.ticket(), r, isPromotedRole(c.rscRole()), policy)));
        for (ResourceSet s : c.sets()) {
            for (String r : s.resources()) {
                out.add(new TicketDependent(c.id(), c.ticket(), r, isPromotedRole(s.role()), policy));
            }
        }
        return out;
    }

    /** Whether primitive (instance) `r` is `target` or part of it: its group, its clone, or the clone's child. */
    public static boolean partOf(ResourceView r, String target) {
        return r.id().equals(target)
                || r.primitiveId().equals(target)
                || r.groupId()
                        .map(g -> g.equals(target) || withoutInstance(g).equals(target))
                        .orElse(false)
                || r.cloneId().map(c -> c.equals(target)).orElse(false);
    }

    private static String withoutInstance(String id) {
        int colon = id.lastIndexOf(':');
        return colon > 0 ? id.substring(0, colon) : id;
    }

    /** Whether `r` is active on `node` in the role a ticket dependency concerns (any role, or promoted only). */
    public static boolean activeInRole(ResourceView r, String node, boolean promotedOnly) {
        return r.presence().stream()
                .anyMatch(p -> p.node().equals(node)
                        && p.role() != Role.STOPPED
                        && (!promotedOnly || p.role() == Role.PROMOTED));
    }

    // ---- resource sets ---------------------------------------------------------------------------

    /**
     * Colocation sets as pairwise edges: in a sequential set each member is placed with the one
     * before it ("set A B": B with A); with several sets, each set is placed with the set after it.
     */
    public static List<ColocationEdge> colocationEdges(Constraint.Colocation c, String rule) {
        List<ColocationEdge> out = new ArrayList<>();
        List<ResourceSet> sets = c.sets();
        for (ResourceSet s : sets) {
            int score = s.score().orElse(c.score());
            if (s.sequential().orElse(true)) {
                // In a sequential set each member is colocated with the one before it.
                for (int i = 1; i < s.resources().size(); i++) {
                    out.add(new ColocationEdge(
                            s.resources().get(i), s.resources().get(i - 1), score, s.role(), s.role(), c.id(), rule));
                }
            } else if (score <= -Score.INFINITY) {
                // A non-sequential set with -INFINITY keeps every pair of members apart.
                for (int i = 0; i < s.resources().size(); i++) {
                    for (int j = i + 1; j < s.resources().size(); j++) {
                        out.add(new ColocationEdge(
                                s.resources().get(j), s.resources().get(i), score, s.role(), s.role(), c.id(), rule));
                    }
                }
            }
        }
        // Between sets: every member of a set is colocated with the last (sequential) or each member of the next set.
        for (int k = 0; k + 1 < sets.size(); k++) {
            ResourceSet dep = sets.get(k);
            ResourceSet prim = sets.get(k + 1);
            List<String> primaries = linkMembers(prim, true);
            List<String> dependents = linkMembers(dep, false);
            for (String d : dependents) {
                for (String p : primaries) {
                    out.add(new ColocationEdge(d, p, c.score(), dep.role(), prim.role(), c.id(), rule));
                }
            }
        }
        return out;
    }

    /**
     * Whether an ordering set's members are ordered one after the other: sequential (the default),
     * unless require-all=false, where each member stands on its own (any one of them is enough).
     */
    private static boolean chained(ResourceSet s) {
        return s.sequential().orElse(true) && s.requireAll().orElse(true);
    }

    /**
     * The members through which a set is tied to its neighbour set: a sequential set is tied by
     * its last (or first) member, since its members are chained anyway; an unordered set by all.
     */
    private static List<String> linkMembers(ResourceSet s, boolean last) {
        if (!chained(s) || s.resources().isEmpty()) return s.resources();
        return List.of(s.resources().get(last ? s.resources().size() - 1 : 0));
    }

    public static OrderKind orderKind(Optional<String> kind, Optional<Integer> score) {
        if (kind.isPresent()) {
            return switch (kind.get().toLowerCase(Locale.ROOT)) {
                case "optional" -> OrderKind.OPTIONAL;
                case "serialize" -> OrderKind.SERIALIZE;
                default -> OrderKind.MANDATORY;
            };
        }
        return score.map(s -> s > 0 ? OrderKind.MANDATORY : OrderKind.OPTIONAL).orElse(OrderKind.MANDATORY);
    }

    public static String action(Optional<String> action, String fallback) {
        return action.map(a -> a.toLowerCase(Locale.ROOT)).orElse(fallback);
    }

    /** The edges of one simple order constraint, plus the reversed stop ordering when symmetrical. */
    public static List<OrderEdge> orderEdges(Constraint.Order c, String rule) {
        OrderKind kind = orderKind(c.kind(), c.score());
        if (c.sets().isEmpty()) {
            String first = c.first().orElseThrow();
            String then = c.then().orElseThrow();
            String fa = action(c.firstAction(), "start");
            String ta = action(c.thenAction(), fa);
            List<OrderEdge> out = new ArrayList<>();
            out.add(new OrderEdge(first, fa, then, ta, kind, c.id(), rule));
            if (symmetrical(c, kind)) out.add(new OrderEdge(then, inverse(ta), first, inverse(fa), kind, c.id(), rule));
            return out;
        }
        List<OrderEdge> out = new ArrayList<>();
        List<ResourceSet> sets = c.sets();
        for (ResourceSet s : sets) {
            if (!chained(s)) continue;
            String a = action(s.action(), "start");
            OrderKind k = s.kind()
                    .map(x -> orderKind(Optional.of(x), Optional.empty()))
                    .orElse(kind);
            for (int i = 1; i < s.resources().size(); i++) {
                addWithInverse(out, s.resources().get(i - 1), a, s.resources().get(i), a, k, c, rule);
            }
        }
        for (int k = 0; k + 1 < sets.size(); k++) {
            ResourceSet s1 = sets.get(k);
            ResourceSet s2 = sets.get(k + 1);
            List<String> firsts = linkMembers(s1, true);
            List<String> thens = linkMembers(s2, false);
            String fa = action(s1.action(), "start");
            String ta = action(s2.action(), "start");
            for (String f : firsts) {
                for (String t : thens) addWithInverse(out, f, fa, t, ta, kind, c, rule);
            }
        }
        return out;
    }

    /**
     * For each resource set with require-all=false that another set follows: the edges from its
     * members to the next set's members, grouped as "one-or-more:SET" so that one runnable member
     * is enough. They replace their plain twins from {@link #orderEdges}.
     */
    public static List<OrderEdge> anyMemberEdges(Constraint.Order c, String rule) {
        OrderKind kind = orderKind(c.kind(), c.score());
        List<OrderEdge> out = new ArrayList<>();
        List<ResourceSet> sets = c.sets();
        for (int k = 0; k + 1 < sets.size(); k++) {
            ResourceSet s1 = sets.get(k);
            if (s1.requireAll().orElse(true)) continue;
            ResourceSet s2 = sets.get(k + 1);
            String fa = action(s1.action(), "start");
            String ta = action(s2.action(), "start");
            for (String f : linkMembers(s1, true)) {
                for (String t : linkMembers(s2, false)) {
                    out.add(new OrderEdge(f, fa, t, ta, kind, c.id(), rule, "one-or-more:" + s1.id(), 1));
                }
            }
        }
        return out;
    }

    /** Whether the order says require-all=false: `then` needs only one instance of a clone `first`. */
    public static boolean anyOneIsEnough(Constraint.Order c) {
        return c.requireAll().map(all -> !all).orElse(false);
    }

    private static void addWithInverse(
            List<OrderEdge> out,
            String first,
            String fa,
            String then,
            String ta,
            OrderKind kind,
            Constraint.Order c,
            String rule) {
        out.add(new OrderEdge(first, fa, then, ta, kind, c.id(), rule));
        if (symmetrical(c, kind)) out.add(new OrderEdge(then, inverse(ta), first, inverse(fa), kind, c.id(), rule));
    }

    private static boolean symmetrical(Constraint.Order c, OrderKind kind) {
        return c.symmetrical().orElse(kind != OrderKind.SERIALIZE);
    }

    public static String inverse(String action) {
        return switch (action) {
            case "start" -> "stop";
            case "stop" -> "start";
            case "promote" -> "demote";
            case "demote" -> "promote";
            default -> action;
        };
    }

    /**
     * The promotion score the agent set for an instance on a node: master-<instance>,
     * master-<child>, or (instances of anonymous clones are interchangeable) the score recorded
     * there under any instance number of the child.
     */
    public static Optional<Integer> promotionAttribute(ResourceView rsc, NodeView node) {
        List<String> names = new ArrayList<>(List.of(
                "master-" + rsc.id(),
                "master-" + rsc.primitiveId(),
                "promotion-" + rsc.id(),
                "promotion-" + rsc.primitiveId()));
        for (String key : node.attributes().keySet()) {
            if (key.startsWith("master-" + rsc.primitiveId() + ":")) names.add(key);
        }
        for (String name : names) {
            String v = node.attributes().get(name);
            if (v != null) {
                try {
                    return Optional.of(Score.parse(v));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The first utilization attribute the resource needs more of than the node has in total. */
    public static Optional<String> capacityShortfall(ResourceView rsc, NodeView node) {
        for (var e : rsc.utilization().entrySet()) {
            Integer capacity = node.capacity().get(e.getKey());
            if (capacity != null && e.getValue() > capacity) return Optional.of(e.getKey());
        }
        return Optional.empty();
    }
}
