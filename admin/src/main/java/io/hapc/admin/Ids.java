package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** XML ids: what a valid one looks like, every id the configuration uses, and fresh ones for generated elements. */
final class Ids {
    /** Pacemaker ids are XML IDs: a letter or '_' first, then letters, digits, '.', '-', '_'. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");

    private Ids() {}

    static void requireValid(String id, String what) throws InvalidEditException {
        if (id == null || id.isEmpty())
            throw new InvalidEditException(what + " id is empty; give one such as my-" + what.replace(' ', '-'));
        if (!VALID.matcher(id).matches()) {
            throw new InvalidEditException(
                    "'" + id + "' is not a valid " + what + " id: an id starts with a letter or '_' "
                            + "and has only letters, digits, '.', '-' and '_' (e.g. " + suggestion(id) + ")");
        }
    }

    static void requireNew(String id, String what, Cib cib) throws InvalidEditException {
        requireValid(id, what);
        if (all(cib).contains(id)) {
            throw new InvalidEditException(
                    "the id '" + id + "' is already used in the CIB; choose another " + what + " id");
        }
    }

    /** An id made of free text (resource and node names), with the characters ids may not hold replaced. */
    static String sanitize(String text) {
        String s = text.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || !Character.isLetter(s.charAt(0)) && s.charAt(0) != '_' ? "_" + s : s;
    }

    private static String suggestion(String id) {
        return sanitize(id);
    }

    /** `base`, else `base-1`, `base-2`… — the first not in `taken` (which then holds it). */
    static String fresh(String base, Set<String> taken) {
        String id = sanitize(base);
        for (int i = 1; taken.contains(id); i++) id = sanitize(base) + "-" + i;
        taken.add(id);
        return id;
    }

    /** Every id the configuration holds (Pacemaker requires them unique across the document). */
    static Set<String> all(Cib cib) {
        Set<String> ids = new LinkedHashSet<>();
        cib.propertySets().forEach(s -> set(s, ids));
        for (Node n : cib.nodes()) {
            ids.add(n.id());
            n.attributeSets().forEach(s -> set(s, ids));
            n.utilizationSets().forEach(s -> set(s, ids));
        }
        cib.resources().forEach(r -> resource(r, ids));
        for (Constraint c : cib.constraints()) {
            ids.add(c.id());
            if (c instanceof Constraint.Location l) l.rules().forEach(r -> rule(r, ids));
            if (c instanceof Constraint.Colocation col) col.sets().forEach(s -> ids.add(s.id()));
            if (c instanceof Constraint.Order o) o.sets().forEach(s -> ids.add(s.id()));
            if (c instanceof Constraint.Ticket t) t.sets().forEach(s -> ids.add(s.id()));
        }
        cib.rscDefaults().forEach(s -> set(s, ids));
        cib.opDefaults().forEach(s -> set(s, ids));
        for (io.hapc.model.cib.Acls.RoleDef r : cib.acls().roles()) {
            ids.add(r.id());
            r.permissions().forEach(p -> ids.add(p.id()));
        }
        cib.acls().targets().forEach(t -> ids.add(t.id()));
        ids.remove("");
        return ids;
    }

    /** Ids that occur more than once in the configuration, each once. */
    static Set<String> duplicates(Cib cib) {
        List<String> every = new java.util.ArrayList<>();
        cib.propertySets().forEach(s -> every.addAll(setIds(s)));
        for (Node n : cib.nodes()) {
            every.add(n.id());
            n.attributeSets().forEach(s -> every.addAll(setIds(s)));
            n.utilizationSets().forEach(s -> every.addAll(setIds(s)));
        }
        for (Resource r : cib.resources()) every.addAll(resourceIdList(r));
        for (Constraint c : cib.constraints()) every.add(c.id());
        cib.rscDefaults().forEach(s -> every.addAll(setIds(s)));
        cib.opDefaults().forEach(s -> every.addAll(setIds(s)));
        Set<String> seen = new java.util.HashSet<>();
        Set<String> dup = new LinkedHashSet<>();
        for (String id : every) if (!id.isEmpty() && !seen.add(id)) dup.add(id);
        return dup;
    }

    private static List<String> setIds(NvSet s) {
        Set<String> ids = new LinkedHashSet<>();
        set(s, ids);
        return List.copyOf(ids);
    }

    private static List<String> resourceIdList(Resource r) {
        List<String> out = new java.util.ArrayList<>();
        out.add(r.id());
        r.metaSets().forEach(s -> out.addAll(setIds(s)));
        if (r instanceof Resource.Primitive p) {
            p.instanceSets().forEach(s -> out.addAll(setIds(s)));
            p.utilizationSets().forEach(s -> out.addAll(setIds(s)));
            for (Operation o : p.operations()) out.add(o.id());
        } else if (r instanceof Resource.Group g) {
            g.members().forEach(m -> out.addAll(resourceIdList(m)));
        } else if (r instanceof Resource.Clone c) {
            out.addAll(resourceIdList(c.child()));
        }
        return out;
    }

    private static void resource(Resource r, Set<String> ids) {
        ids.addAll(resourceIdList(r));
    }

    private static void set(NvSet s, Set<String> ids) {
        ids.add(s.id());
        s.rule().ifPresent(r -> rule(r, ids));
    }

    private static void rule(Rule r, Set<String> ids) {
        ids.add(r.id());
        for (RuleExpression x : r.expressions()) {
            if (x instanceof Rule nested) rule(nested, ids);
            else ids.add(x.id());
        }
    }
}
