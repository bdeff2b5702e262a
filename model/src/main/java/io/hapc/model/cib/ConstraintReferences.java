package io.hapc.model.cib;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which resources a constraint names, and the references to resources a CIB does not have. */
public final class ConstraintReferences {
    private ConstraintReferences() {}

    /** A constraint naming a resource that does not exist. */
    public record Dangling(String constraintId, String resource) {
        public String describe() {
            return "constraint " + constraintId + " names resource '" + resource + "', which does not exist";
        }
    }

    /** Every resource id the constraint names (rsc-pattern excluded: it names none in particular). */
    public static Set<String> resources(Constraint c) {
        Set<String> out = new LinkedHashSet<>();
        if (c instanceof Constraint.Location l) {
            l.rsc().ifPresent(out::add);
            out.addAll(l.resourceSets());
        } else if (c instanceof Constraint.Colocation col) {
            col.rsc().ifPresent(out::add);
            col.withRsc().ifPresent(out::add);
            col.sets().forEach(s -> out.addAll(s.resources()));
        } else if (c instanceof Constraint.Order o) {
            o.first().ifPresent(out::add);
            o.then().ifPresent(out::add);
            o.sets().forEach(s -> out.addAll(s.resources()));
        } else if (c instanceof Constraint.Ticket t) {
            t.rsc().ifPresent(out::add);
            t.sets().forEach(s -> out.addAll(s.resources()));
        }
        return out;
    }

    /** The ids of every resource of the CIB, groups' and clones' own ids and their members'. */
    public static Set<String> resourceIds(List<Resource> resources) {
        Set<String> ids = new HashSet<>();
        for (Resource r : resources) addIds(r, ids);
        return ids;
    }

    private static void addIds(Resource r, Set<String> ids) {
        ids.add(r.id());
        if (r instanceof Resource.Group g) g.members().forEach(m -> ids.add(m.id()));
        if (r instanceof Resource.Clone c) addIds(c.child(), ids);
        if (r instanceof Resource.Bundle b) b.primitive().ifPresent(p -> ids.add(p.id()));
    }

    /** Every reference of a constraint to a resource the CIB does not have, in CIB order. */
    public static List<Dangling> dangling(Cib cib) {
        Set<String> ids = resourceIds(cib.resources());
        List<Dangling> out = new ArrayList<>();
        for (Constraint c : cib.constraints()) {
            for (String r : resources(c)) {
                if (!ids.contains(r)) out.add(new Dangling(c.id(), r));
            }
        }
        return out;
    }
}
