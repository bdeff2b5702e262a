package io.hapc.admin;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentId;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Groups and clones: resource group add, resource clone, resource promotable (and create --group). */
final class Containers {
    private Containers() {}

    static Cib groupAdd(Cib cib, CibEdit.GroupAdd e, Notes notes) throws InvalidEditException {
        if (e.resources().isEmpty()) {
            throw new InvalidEditException("group " + e.group()
                    + ": name the resources to add (hapc resource group add " + e.group() + " RSC…)");
        }
        Set<String> moving = new LinkedHashSet<>();
        List<Resource.Primitive> members = new ArrayList<>();
        for (String id : e.resources()) {
            if (!moving.add(id)) throw new InvalidEditException("group " + e.group() + ": '" + id + "' is named twice");
            if (id.equals(e.group()))
                throw new InvalidEditException("group " + e.group() + ": a group cannot contain itself");
            Resources.Found f = Resources.require(cib, id);
            if (!(f.resource() instanceof Resource.Primitive p)) {
                throw new InvalidEditException("group " + e.group() + ": '" + id + "' is a "
                        + Resources.kind(f.resource()) + "; groups hold primitives only");
            }
            if (p.standard().equals("stonith")) {
                throw new InvalidEditException(
                        "group " + e.group() + ": '" + id + "' is a fencing device; fencing devices are not grouped");
            }
            if (f.inClone().isPresent()
                    && !f.inGroup().map(g -> g.id().equals(e.group())).orElse(false)) {
                throw new InvalidEditException("group " + e.group() + ": '" + id + "' is inside clone '"
                        + f.inClone().get().id() + "'; a clone's resources stay in it");
            }
            members.add(p);
        }
        return addToGroup(cib, e.group(), members, e.before(), e.after(), notes);
    }

    /**
     * Puts primitives into group `groupId` (created where the first of them was, or at the end),
     * taking them out of wherever they are; a group they leave empty goes, with its constraints.
     */
    static Cib addToGroup(
            Cib cib,
            String groupId,
            List<Resource.Primitive> adding,
            Optional<String> before,
            Optional<String> after,
            Notes notes)
            throws InvalidEditException {
        String where = "group " + groupId;
        Optional<Resources.Found> existing = Resources.find(cib.resources(), groupId);
        if (existing.isPresent() && !(existing.get().resource() instanceof Resource.Group)) {
            throw new InvalidEditException(where + ": '" + groupId + "' is a "
                    + Resources.kind(existing.get().resource()) + ", not a group; choose another group name");
        }
        if (existing.isEmpty()) Ids.requireNew(groupId, "group", cib);
        if (before.isPresent() && after.isPresent())
            throw new InvalidEditException(where + ": give --before or --after, not both");
        Set<String> moving = new LinkedHashSet<>();
        adding.forEach(p -> moving.add(p.id()));
        List<Resource.Primitive> base =
                existing.map(f -> ((Resource.Group) f.resource()).members()).orElse(List.of()).stream()
                        .filter(m -> !moving.contains(m.id()))
                        .toList();
        List<Resource.Primitive> members = new ArrayList<>(base);
        Optional<String> anchor = before.or(() -> after);
        int at = members.size();
        if (anchor.isPresent()) {
            int i = indexOf(members, anchor.get());
            if (i < 0) {
                throw new InvalidEditException(
                        where + ": --" + (before.isPresent() ? "before" : "after") + " " + anchor.get()
                                + ": '" + anchor.get() + "' is not one of the group's other members ("
                                + (base.isEmpty()
                                        ? "it has none"
                                        : String.join(
                                                ", ",
                                                base.stream()
                                                        .map(Resource.Primitive::id)
                                                        .toList()))
                                + ")");
            }
            at = before.isPresent() ? i : i + 1;
        }
        members.addAll(at, adding);

        // Rebuild the resource list: moved primitives leave their old places; the target group is
        // replaced (or placed where the first moved top-level primitive was).
        List<Resource> out = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        Resource.Group target = new Resource.Group(
                groupId,
                existing.map(f -> f.resource().metaSets()).orElse(List.of()),
                members,
                existing.map(f -> f.resource() instanceof Resource.Group g ? g.instanceSets() : List.<NvSet>of())
                        .orElse(List.of()));
        boolean placed = false;
        for (Resource r : cib.resources()) {
            if (r instanceof Resource.Primitive p && moving.contains(p.id())) {
                if (existing.isEmpty() && !placed) {
                    out.add(target);
                    placed = true;
                }
                continue;
            }
            Optional<Resource> kept = withoutMoved(r, groupId, target, moving, emptied);
            kept.ifPresent(out::add);
        }
        if (existing.isEmpty() && !placed) out.add(target);
        List<String> removedConstraints = new ArrayList<>();
        List<Constraint> constraints =
                ConstraintRefs.without(cib.constraints(), new LinkedHashSet<>(emptied), removedConstraints);
        for (String g : emptied) notes.warn("group '" + g + "' is empty now and was removed");
        if (!removedConstraints.isEmpty())
            notes.warn("removed constraints of removed groups: " + String.join(", ", removedConstraints));
        notes.message((existing.isEmpty() ? "Created group '" : "Group '") + groupId + "'"
                + (existing.isEmpty() ? " with " : " now has ")
                + String.join(", ", members.stream().map(Resource.Primitive::id).toList()));
        return cib.withResources(out).withConstraints(constraints);
    }

    private static Optional<Resource> withoutMoved(
            Resource r, String targetId, Resource.Group target, Set<String> moving, List<String> emptied) {
        if (r instanceof Resource.Group g) {
            if (g.id().equals(targetId)) return Optional.of(target);
            if (g.members().stream().noneMatch(m -> moving.contains(m.id()))) return Optional.of(g);
            List<Resource.Primitive> left =
                    g.members().stream().filter(m -> !moving.contains(m.id())).toList();
            if (left.isEmpty()) {
                emptied.add(g.id());
                return Optional.empty();
            }
            return Optional.of(new Resource.Group(g.id(), g.metaSets(), left, g.instanceSets()));
        }
        if (r instanceof Resource.Clone c && c.child() instanceof Resource.Group) {
            Optional<Resource> child = withoutMoved(c.child(), targetId, target, moving, emptied);
            if (child.isEmpty()) {
                emptied.add(c.id());
                return Optional.empty();
            }
            return Optional.of(
                    new Resource.Clone(c.id(), c.metaSets(), child.get(), c.promotableElement(), c.instanceSets()));
        }
        return Optional.of(r);
    }

    private static int indexOf(List<Resource.Primitive> members, String id) {
        for (int i = 0; i < members.size(); i++) if (members.get(i).id().equals(id)) return i;
        return -1;
    }

    /**
     * Wraps a top-level primitive or group in a clone (promotable: meta promotable=true). Constraints
     * naming the resource now name the clone, as the clone is what the engine places.
     */
    static Cib clone(
            Cib cib,
            String id,
            Optional<String> cloneIdGiven,
            Map<String, String> meta,
            boolean promotable,
            EditContext ctx,
            Notes notes)
            throws InvalidEditException {
        String verb = promotable ? "promotable" : "clone";
        Resources.Found f = Resources.require(cib, id);
        if (f.inClone().isPresent()) {
            throw new InvalidEditException(
                    "'" + id + "' is already in clone '" + f.inClone().get().id() + "'");
        }
        if (f.inGroup().isPresent()) {
            throw new InvalidEditException("'" + id + "' is a member of group '"
                    + f.inGroup().get().id() + "'; clone the whole group: hapc resource " + verb + " "
                    + f.inGroup().get().id());
        }
        if (f.resource() instanceof Resource.Clone) throw new InvalidEditException("'" + id + "' is a clone already");
        if (f.resource() instanceof Resource.Primitive p && p.standard().equals("stonith")) {
            throw new InvalidEditException("'" + id + "' is a fencing device; fencing devices are not cloned");
        }
        String cloneId = cloneIdGiven.orElse(id + "-clone");
        Ids.requireNew(cloneId, "clone", cib);
        Values.checkMeta(meta, "clone " + cloneId + " meta");
        Map<String, String> values = new LinkedHashMap<>();
        if (promotable) values.put("promotable", "true");
        values.putAll(Values.setOnly(meta));
        if (promotable) warnIfNotPromotable(f.resource(), ctx, notes);
        Set<String> taken = Ids.all(cib);
        List<NvSet> metaSets = List.of(NvSet.of(Ids.fresh(cloneId + "-meta_attributes", taken), values));
        Resource clone = new Resource.Clone(cloneId, metaSets, f.resource(), false);
        List<Resource> resources = Resources.replace(cib.resources(), id, r -> clone);
        List<String> renamed = new ArrayList<>();
        List<Constraint> constraints = new ArrayList<>();
        for (Constraint c : cib.constraints()) {
            if (ConstraintRefs.resources(c).contains(id)) {
                renamed.add(c.id());
                constraints.add(ConstraintRefs.renamed(c, r -> r.equals(id) ? cloneId : r));
            } else {
                constraints.add(c);
            }
        }
        notes.message("Created " + (promotable ? "promotable clone '" : "clone '") + cloneId + "' of '" + id + "'"
                + (renamed.isEmpty() ? "" : "; constraints now naming the clone: " + String.join(", ", renamed)));
        return cib.withResources(resources).withConstraints(constraints);
    }

    private static void warnIfNotPromotable(Resource r, EditContext ctx, Notes notes) {
        for (Resource.Primitive p : Resources.primitives(r).toList()) {
            if (!p.standard().equals("ocf")) continue;
            try {
                boolean promotes =
                        ctx.agents().metadata(new AgentId(p.standard(), p.provider(), p.type())).actions().stream()
                                .anyMatch(a -> a.name().equals("promote"));
                if (!promotes)
                    notes.warn("'" + p.id() + "' (" + p.agent() + ") has no promote action: it can never be promoted");
            } catch (AgentException e) {
                notes.warn("'" + p.id() + "': cannot check that " + p.agent() + " can be promoted: " + e.getMessage());
            }
        }
    }
}
