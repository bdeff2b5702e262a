package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** Finding and replacing resources anywhere in the tree (top level, group member, clone child). */
final class Resources {
    private Resources() {}

    /** A resource and what contains it. */
    record Found(Resource resource, Optional<Resource.Group> inGroup, Optional<Resource.Clone> inClone) {
        boolean topLevel() {
            return inGroup.isEmpty() && inClone.isEmpty();
        }

        /** The top-level resource it belongs to (itself, its group, or its clone). */
        Resource top() {
            return inClone.<Resource>map(c -> c).or(() -> inGroup.map(g -> g)).orElse(resource);
        }
    }

    static Optional<Found> find(List<Resource> resources, String id) {
        for (Resource r : resources) {
            if (r.id().equals(id)) return Optional.of(new Found(r, Optional.empty(), Optional.empty()));
            if (r instanceof Resource.Group g) {
                for (Resource.Primitive m : g.members()) {
                    if (m.id().equals(id)) return Optional.of(new Found(m, Optional.of(g), Optional.empty()));
                }
            } else if (r instanceof Resource.Clone c) {
                if (c.child().id().equals(id))
                    return Optional.of(new Found(c.child(), Optional.empty(), Optional.of(c)));
                if (c.child() instanceof Resource.Group g) {
                    for (Resource.Primitive m : g.members()) {
                        if (m.id().equals(id)) return Optional.of(new Found(m, Optional.of(g), Optional.of(c)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    static Found require(Cib cib, String id) throws InvalidEditException {
        Optional<Found> f = find(cib.resources(), id);
        if (f.isPresent()) return f.get();
        throw new InvalidEditException(
                "no resource '" + id + "' in the CIB (" + known(cib) + "); see hapc resource show");
    }

    /** "resources: a, b, c" (at most 20), or "no resources configured". */
    static String known(Cib cib) {
        List<String> ids = allIds(cib.resources());
        if (ids.isEmpty()) return "no resources are configured";
        return "resources: " + String.join(", ", ids.subList(0, Math.min(20, ids.size())))
                + (ids.size() > 20 ? ", …" : "");
    }

    static List<String> allIds(List<Resource> resources) {
        List<String> out = new ArrayList<>();
        resources.forEach(r -> out.addAll(idsUnder(r)));
        return out;
    }

    /** The resource's id and those of everything inside it, outermost first. */
    static Set<String> idsUnder(Resource r) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(r.id());
        if (r instanceof Resource.Group g) g.members().forEach(m -> ids.add(m.id()));
        if (r instanceof Resource.Clone c) ids.addAll(idsUnder(c.child()));
        if (r instanceof Resource.Bundle b) b.primitive().ifPresent(p -> ids.add(p.id()));
        return ids;
    }

    static Stream<Resource.Primitive> primitives(List<Resource> resources) {
        return resources.stream().flatMap(Resources::primitives);
    }

    static Stream<Resource.Primitive> primitives(Resource r) {
        if (r instanceof Resource.Primitive p) return Stream.of(p);
        if (r instanceof Resource.Group g) return g.members().stream();
        if (r instanceof Resource.Bundle b) return b.primitive().stream();
        return primitives(((Resource.Clone) r).child());
    }

    /** The tree with the resource `id` replaced by `change` applied to it (a group member must stay a primitive). */
    static List<Resource> replace(List<Resource> resources, String id, UnaryOperator<Resource> change) {
        List<Resource> out = new ArrayList<>(resources.size());
        for (Resource r : resources) out.add(replaceIn(r, id, change));
        return out;
    }

    private static Resource replaceIn(Resource r, String id, UnaryOperator<Resource> change) {
        if (r.id().equals(id)) return change.apply(r);
        if (r instanceof Resource.Group g) {
            List<Resource.Primitive> members = new ArrayList<>();
            for (Resource.Primitive m : g.members())
                members.add(m.id().equals(id) ? (Resource.Primitive) change.apply(m) : m);
            return new Resource.Group(g.id(), g.metaSets(), members, g.instanceSets());
        }
        if (r instanceof Resource.Clone c) {
            return new Resource.Clone(
                    c.id(), c.metaSets(), replaceIn(c.child(), id, change), c.promotableElement(), c.instanceSets());
        }
        return r;
    }

    static Resource withMeta(Resource r, List<NvSet> meta) {
        if (r instanceof Resource.Primitive p) {
            return new Resource.Primitive(
                    p.id(),
                    p.standard(),
                    p.provider(),
                    p.type(),
                    p.instanceSets(),
                    meta,
                    p.utilizationSets(),
                    p.operations());
        }
        if (r instanceof Resource.Group g) return new Resource.Group(g.id(), meta, g.members(), g.instanceSets());
        if (r instanceof Resource.Bundle b) {
            return new Resource.Bundle(b.id(), meta, b.container(), b.network(), b.storage(), b.primitive());
        }
        Resource.Clone c = (Resource.Clone) r;
        return new Resource.Clone(c.id(), meta, c.child(), c.promotableElement(), c.instanceSets());
    }

    static String kind(Resource r) {
        if (r instanceof Resource.Primitive p) return p.standard().equals("stonith") ? "fencing device" : "primitive";
        if (r instanceof Resource.Group) return "group";
        if (r instanceof Resource.Bundle) return "bundle";
        return "clone";
    }
}
