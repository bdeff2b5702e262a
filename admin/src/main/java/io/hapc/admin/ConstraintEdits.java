package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** constraint location / colocation / order add and remove. Ids follow pcs ("location-RSC-NODE-SCORE"). */
final class ConstraintEdits {
    private ConstraintEdits() {}

    private static final Set<String> ACTIONS = Set.of("start", "stop", "promote", "demote");
    private static final Set<String> DISCOVERY = Set.of("always", "never", "exclusive");

    /** prefers (sign +1) or avoids (sign -1): one fixed-node constraint per node, replacing an earlier one for the same node. */
    static Cib prefers(Cib cib, String rsc, Map<String, String> nodeScores, int sign, Notes notes)
            throws InvalidEditException {
        String verb = sign > 0 ? "prefers" : "avoids";
        String where = "constraint location " + rsc + " " + verb;
        Resources.require(cib, rsc);
        if (nodeScores.isEmpty()) throw new InvalidEditException(where + ": name at least one NODE[=SCORE]");
        Set<String> taken = Ids.all(cib);
        List<Constraint> constraints = new ArrayList<>(cib.constraints());
        List<String> added = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (Map.Entry<String, String> ns : nodeScores.entrySet()) {
            String node = Nodes.require(cib, ns.getKey(), where).uname();
            String text = ns.getValue() == null || ns.getValue().isEmpty() ? "INFINITY" : ns.getValue();
            int score = Values.score(text, where + " " + node);
            if (sign < 0 && score < 0) {
                throw new InvalidEditException(
                        where + " " + node + "=" + text + ": avoids takes a positive score (it is negated); " + "write "
                                + node + "=" + Score.format(-score));
            }
            int signed = sign > 0 ? score : score == Score.INFINITY ? Score.MINUS_INFINITY : -score;
            // The pcs-style simple constraint for the same resource and node is replaced, not doubled.
            constraints.removeIf(c -> {
                boolean same = c instanceof Constraint.Location l
                        && !c.id().startsWith("cli-")
                        && l.rsc().equals(Optional.of(rsc))
                        && l.node().equals(Optional.of(node))
                        && l.rules().isEmpty()
                        && l.role().isEmpty();
                if (same) {
                    replaced.add(c.id());
                    taken.remove(c.id());
                }
                return same;
            });
            String id = Ids.fresh("location-" + rsc + "-" + node + "-" + Score.format(signed), taken);
            constraints.add(new Constraint.Location(
                    id,
                    Optional.of(rsc),
                    Optional.empty(),
                    List.of(),
                    Optional.of(node),
                    Optional.of(signed),
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    Optional.empty()));
            added.add(id + " (" + node + " " + Score.format(signed) + ")");
        }
        notes.message("Added " + String.join(", ", added)
                + (replaced.isEmpty() ? "" : "; replaced " + String.join(", ", replaced)));
        return cib.withConstraints(constraints);
    }

    static Cib locationAdd(Cib cib, CibEdit.LocationAdd e, Notes notes) throws InvalidEditException {
        String where = "constraint location add " + e.id();
        Ids.requireNew(e.id(), "constraint", cib);
        Resources.require(cib, e.resource());
        String node = Nodes.require(cib, e.node(), where).uname();
        int score = Values.score(e.score(), where + " score");
        if (e.resourceDiscovery().isPresent()
                && !DISCOVERY.contains(e.resourceDiscovery().get())) {
            throw new InvalidEditException(where + ": resource-discovery="
                    + e.resourceDiscovery().get() + ": expected always, never or exclusive");
        }
        List<Constraint> constraints = new ArrayList<>(cib.constraints());
        constraints.add(new Constraint.Location(
                e.id(),
                Optional.of(e.resource()),
                Optional.empty(),
                List.of(),
                Optional.of(node),
                Optional.of(score),
                Optional.empty(),
                e.resourceDiscovery(),
                List.of(),
                Optional.empty()));
        notes.message("Added " + e.id() + ": " + e.resource() + " on " + node + " " + Score.format(score));
        return cib.withConstraints(constraints);
    }

    static Cib colocationAdd(Cib cib, CibEdit.ColocationAdd e, Notes notes) throws InvalidEditException {
        String where = "constraint colocation add " + e.resource() + " with " + e.withResource();
        Resources.require(cib, e.resource());
        Resources.require(cib, e.withResource());
        if (e.resource().equals(e.withResource()))
            throw new InvalidEditException(where + ": a resource cannot be colocated with itself");
        Optional<Role> role = roleOf(cib, e.role(), e.resource(), where, notes);
        Optional<Role> withRole = roleOf(cib, e.withRole(), e.withResource(), where, notes);
        String scoreText = e.score().orElse("INFINITY");
        int score = Values.score(scoreText, where + " score");
        String id;
        if (e.id().isPresent()) {
            id = e.id().get();
            Ids.requireNew(id, "constraint", cib);
        } else {
            id = Ids.fresh(
                    "colocation-" + e.resource() + "-" + e.withResource() + "-" + Score.format(score), Ids.all(cib));
        }
        List<Constraint> constraints = new ArrayList<>(cib.constraints());
        constraints.add(new Constraint.Colocation(
                id,
                Optional.of(e.resource()),
                Optional.of(e.withResource()),
                score,
                role,
                withRole,
                List.of(),
                Optional.empty()));
        notes.message("Added " + id + ": " + role.map(r -> r.display() + " ").orElse("") + e.resource() + " with "
                + withRole.map(r -> r.display() + " ").orElse("") + e.withResource() + " (" + Score.format(score)
                + ")");
        return cib.withConstraints(constraints);
    }

    private static Optional<Role> roleOf(Cib cib, Optional<String> text, String rsc, String where, Notes notes)
            throws InvalidEditException {
        if (text.isEmpty()) return Optional.empty();
        Role role = Values.role(text.get(), where + " role");
        if ((role == Role.PROMOTED || role == Role.UNPROMOTED) && !promotable(cib, rsc)) {
            notes.warn(
                    where + ": role " + role.display() + " given for '" + rsc + "', which is not a promotable clone");
        }
        return Optional.of(role);
    }

    private static boolean promotable(Cib cib, String rsc) {
        return Resources.find(cib.resources(), rsc)
                .map(f -> f.resource() instanceof Resource.Clone c
                        && (c.promotableElement()
                                || NvSets.value(c.metaSets(), "promotable")
                                        .map(v -> v.equalsIgnoreCase("true"))
                                        .orElse(false)))
                .orElse(false);
    }

    static Cib orderAdd(Cib cib, CibEdit.OrderAdd e, Notes notes) throws InvalidEditException {
        String where = "constraint order " + e.first() + " then " + e.then();
        Resources.require(cib, e.first());
        Resources.require(cib, e.then());
        if (e.first().equals(e.then()))
            throw new InvalidEditException(where + ": a resource cannot be ordered after itself");
        String firstAction = action(e.firstAction().orElse("start"), where);
        String thenAction = action(e.thenAction().orElse(firstAction), where);
        Optional<String> kind = Optional.empty();
        if (e.kind().isPresent()) {
            String k = e.kind().get().toLowerCase(Locale.ROOT);
            if (!Set.of("mandatory", "optional", "serialize").contains(k)) {
                throw new InvalidEditException(
                        where + ": kind=" + e.kind().get() + ": expected Mandatory, Optional or Serialize");
            }
            kind = Optional.of(Character.toUpperCase(k.charAt(0)) + k.substring(1));
        }
        Optional<Boolean> symmetrical = e.symmetrical().isEmpty()
                ? Optional.empty()
                : Optional.of(Values.bool(e.symmetrical().get(), where + " symmetrical"));
        String id;
        if (e.id().isPresent()) {
            id = e.id().get();
            Ids.requireNew(id, "constraint", cib);
        } else {
            id = Ids.fresh(
                    "order-" + e.first() + "-" + e.then() + "-"
                            + kind.orElse("Mandatory").toLowerCase(Locale.ROOT),
                    Ids.all(cib));
        }
        List<Constraint> constraints = new ArrayList<>(cib.constraints());
        constraints.add(new Constraint.Order(
                id,
                Optional.of(e.first()),
                Optional.of(e.then()),
                Optional.of(firstAction),
                Optional.of(thenAction),
                kind,
                Optional.empty(),
                symmetrical,
                List.of()));
        // pcs's wording, then the id the constraint got (pcs leaves it to `constraint config`)
        notes.message("Adding " + e.first() + " " + e.then() + " (kind: " + kind.orElse("Mandatory")
                + ") (Options: first-action=" + firstAction + " then-action=" + thenAction
                + symmetrical.map(s -> " symmetrical=" + s).orElse("") + ") [id " + id + "]");
        return cib.withConstraints(constraints);
    }

    private static String action(String text, String where) throws InvalidEditException {
        String a = text.toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(a))
            throw new InvalidEditException(where + ": '" + text + "' is not an action (start, stop, promote, demote)");
        return a;
    }

    static Cib remove(Cib cib, List<String> ids, Notes notes) throws InvalidEditException {
        if (ids.isEmpty())
            throw new InvalidEditException(
                    "constraint remove: name the constraint ids (hapc constraint list shows them)");
        Set<String> existing = new LinkedHashSet<>();
        cib.constraints().forEach(c -> existing.add(c.id()));
        List<String> unknown = ids.stream().filter(i -> !existing.contains(i)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidEditException("constraint remove: no constraint "
                    + String.join(", ", unknown.stream().map(u -> "'" + u + "'").toList())
                    + " in the CIB ("
                    + (existing.isEmpty()
                            ? "no constraints are configured"
                            : "constraints: "
                                    + String.join(
                                            ", ", existing.stream().limit(20).toList())
                                    + (existing.size() > 20 ? ", …" : ""))
                    + ")");
        }
        notes.message("Removed " + String.join(", ", ids));
        return cib.withConstraints(
                cib.constraints().stream().filter(c -> !ids.contains(c.id())).toList());
    }

    static Cib colocationRemove(Cib cib, CibEdit.ColocationRemove e, Notes notes) throws InvalidEditException {
        List<String> removed = new ArrayList<>();
        List<Constraint> kept = new ArrayList<>();
        for (Constraint c : cib.constraints()) {
            boolean match = c instanceof Constraint.Colocation col
                    && col.sets().isEmpty()
                    && col.rsc().equals(Optional.of(e.resource()))
                    && col.withRsc().equals(Optional.of(e.withResource()));
            if (match) removed.add(c.id());
            else kept.add(c);
        }
        if (removed.isEmpty()) {
            throw new InvalidEditException(
                    "constraint colocation remove: no colocation of '" + e.resource() + "' with '" + e.withResource()
                            + "' (hapc constraint list shows the colocations; the dependent comes first)");
        }
        notes.message("Removed " + String.join(", ", removed));
        return cib.withConstraints(kept);
    }

    static Cib orderRemove(Cib cib, CibEdit.OrderRemove e, Notes notes) throws InvalidEditException {
        if (e.resources().isEmpty()) throw new InvalidEditException("constraint order remove: name the resources");
        Set<String> gone = new LinkedHashSet<>(e.resources());
        List<Constraint> orders = cib.constraints().stream()
                .filter(c -> c instanceof Constraint.Order)
                .toList();
        List<String> unused = e.resources().stream()
                .filter(r -> orders.stream()
                        .noneMatch(o -> ConstraintRefs.resources(o).contains(r)))
                .toList();
        if (!unused.isEmpty()) {
            throw new InvalidEditException("constraint order remove: " + String.join(", ", unused)
                    + " is in no order constraint" + " (hapc constraint list shows them)");
        }
        List<String> removed = new ArrayList<>();
        List<Constraint> kept = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Constraint c : cib.constraints()) {
            if (!(c instanceof Constraint.Order)) {
                kept.add(c);
                continue;
            }
            List<String> gonePart = new ArrayList<>();
            List<Constraint> one = ConstraintRefs.without(List.of(c), gone, gonePart);
            removed.addAll(gonePart);
            if (!one.isEmpty()) {
                if (!one.get(0).equals(c)) changed.add(c.id());
                kept.add(one.get(0));
            }
        }
        notes.message((removed.isEmpty() ? "" : "Removed " + String.join(", ", removed))
                + (changed.isEmpty()
                        ? ""
                        : (removed.isEmpty() ? "" : "; ") + "took " + String.join(", ", e.resources()) + " out of "
                                + String.join(", ", changed)));
        return cib.withConstraints(kept);
    }
}
