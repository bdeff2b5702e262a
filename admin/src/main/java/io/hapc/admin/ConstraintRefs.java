package io.hapc.admin;

import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Constraint.ResourceSet;
import io.hapc.model.cib.ConstraintReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** Which resources a constraint names, and constraints with resource references removed or renamed. */
final class ConstraintRefs {
    private ConstraintRefs() {}

    /** Every resource id the constraint names (rsc-pattern excluded: it names none in particular). */
    static Set<String> resources(Constraint c) {
        return ConstraintReferences.resources(c);
    }

    /**
     * The constraints without any mention of `gone`: a pair naming one goes whole; a set loses the
     * member (and goes when empty); a set constraint goes when no set is left. `removedIds` collects
     * the ids of constraints that went.
     */
    static List<Constraint> without(List<Constraint> constraints, Set<String> gone, List<String> removedIds) {
        List<Constraint> out = new ArrayList<>();
        for (Constraint c : constraints) {
            Optional<Constraint> kept = without(c, gone);
            if (kept.isPresent()) out.add(kept.get());
            else removedIds.add(c.id());
        }
        return out;
    }

    private static Optional<Constraint> without(Constraint c, Set<String> gone) {
        if (resources(c).stream().noneMatch(gone::contains)) return Optional.of(c);
        if (c instanceof Constraint.Location l) {
            if (l.rsc().filter(gone::contains).isPresent()) return Optional.empty();
            List<String> members =
                    l.resourceSets().stream().filter(r -> !gone.contains(r)).toList();
            if (members.isEmpty()) return Optional.empty();
            return Optional.of(new Constraint.Location(
                    l.id(),
                    l.rsc(),
                    l.rscPattern(),
                    members,
                    l.node(),
                    l.score(),
                    l.role(),
                    l.resourceDiscovery(),
                    l.rules(),
                    l.lifetimeUntil()));
        }
        if (c instanceof Constraint.Colocation col) {
            if (col.sets().isEmpty()) return Optional.empty();
            List<ResourceSet> sets = sets(col.sets(), gone);
            if (sets.isEmpty()) return Optional.empty();
            return Optional.of(new Constraint.Colocation(
                    col.id(),
                    col.rsc(),
                    col.withRsc(),
                    col.score(),
                    col.rscRole(),
                    col.withRscRole(),
                    sets,
                    col.nodeAttribute()));
        }
        if (c instanceof Constraint.Ticket t) {
            if (t.sets().isEmpty()) return Optional.empty();
            List<ResourceSet> sets = sets(t.sets(), gone);
            if (sets.isEmpty()) return Optional.empty();
            return Optional.of(new Constraint.Ticket(t.id(), t.rsc(), t.rscRole(), t.ticket(), t.lossPolicy(), sets));
        }
        Constraint.Order o = (Constraint.Order) c;
        if (o.sets().isEmpty()) return Optional.empty();
        List<ResourceSet> sets = sets(o.sets(), gone);
        if (sets.isEmpty()) return Optional.empty();
        return Optional.of(new Constraint.Order(
                o.id(),
                o.first(),
                o.then(),
                o.firstAction(),
                o.thenAction(),
                o.kind(),
                o.score(),
                o.symmetrical(),
                sets,
                o.requireAll()));
    }

    private static List<ResourceSet> sets(List<ResourceSet> sets, Set<String> gone) {
        List<ResourceSet> out = new ArrayList<>();
        for (ResourceSet s : sets) {
            List<String> members =
                    s.resources().stream().filter(r -> !gone.contains(r)).toList();
            if (!members.isEmpty()) {
                out.add(new ResourceSet(
                        s.id(), members, s.sequential(), s.requireAll(), s.action(), s.role(), s.kind(), s.score()));
            }
        }
        return out;
    }

    /** The constraint with every reference to a resource renamed by `rename` (ids unchanged map to themselves). */
    static Constraint renamed(Constraint c, UnaryOperator<String> rename) {
        if (c instanceof Constraint.Location l) {
            return new Constraint.Location(
                    l.id(),
                    l.rsc().map(rename),
                    l.rscPattern(),
                    l.resourceSets().stream().map(rename).toList(),
                    l.node(),
                    l.score(),
                    l.role(),
                    l.resourceDiscovery(),
                    l.rules(),
                    l.lifetimeUntil());
        }
        if (c instanceof Constraint.Colocation col) {
            return new Constraint.Colocation(
                    col.id(),
                    col.rsc().map(rename),
                    col.withRsc().map(rename),
                    col.score(),
                    col.rscRole(),
                    col.withRscRole(),
                    renamedSets(col.sets(), rename),
                    col.nodeAttribute());
        }
        if (c instanceof Constraint.Ticket t) {
            return new Constraint.Ticket(
                    t.id(),
                    t.rsc().map(rename),
                    t.rscRole(),
                    t.ticket(),
                    t.lossPolicy(),
                    renamedSets(t.sets(), rename));
        }
        Constraint.Order o = (Constraint.Order) c;
        return new Constraint.Order(
                o.id(),
                o.first().map(rename),
                o.then().map(rename),
                o.firstAction(),
                o.thenAction(),
                o.kind(),
                o.score(),
                o.symmetrical(),
                renamedSets(o.sets(), rename),
                o.requireAll());
    }

    private static List<ResourceSet> renamedSets(List<ResourceSet> sets, UnaryOperator<String> rename) {
        return sets.stream()
                .map(s -> new ResourceSet(
                        s.id(),
                        s.resources().stream().map(rename).toList(),
                        s.sequential(),
                        s.requireAll(),
                        s.action(),
                        s.role(),
                        s.kind(),
                        s.score()))
                .toList();
    }
}
