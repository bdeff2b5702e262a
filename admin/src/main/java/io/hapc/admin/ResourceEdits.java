package io.hapc.admin;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentId;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** resource create, delete, update, enable and disable. */
final class ResourceEdits {
    private ResourceEdits() {}

    static Cib create(Cib cib, CibEdit.ResourceCreate e, EditContext ctx, Notes notes) throws InvalidEditException {
        String where = "resource " + e.id();
        Ids.requireNew(e.id(), "resource", cib);
        AgentId agent = AgentChecks.parse(e.agent(), where);
        if (agent.standard().equals("stonith")) {
            throw new InvalidEditException(where + ": " + agent + " is a fence agent; create fencing devices with "
                    + "hapc stonith create " + e.id() + " " + agent.type() + " [NAME=VALUE…]");
        }
        Optional<AgentMetadata> md = Optional.empty();
        if (!e.force()) {
            md = Optional.of(AgentChecks.metadata(ctx, agent, where));
            AgentChecks.checkParams(agent, md.get(), e.params(), Set.of(), p -> false, where, notes);
        }
        Values.checkMeta(e.meta(), where + " meta");
        Set<String> taken = Ids.all(cib);
        taken.add(e.id());
        List<Operation> ops = AgentChecks.operations(e.id(), e.ops(), md, e.noDefaultOps(), taken, notes);
        Map<String, String> meta = Values.setOnly(e.meta());
        if (e.disabled()) meta.put("target-role", "Stopped");
        Resource.Primitive p = new Resource.Primitive(
                e.id(),
                agent.standard(),
                agent.provider(),
                agent.type(),
                e.params().isEmpty()
                        ? List.of()
                        : List.of(NvSet.of(Ids.fresh(e.id() + "-instance_attributes", taken), e.params())),
                meta.isEmpty() ? List.of() : List.of(NvSet.of(Ids.fresh(e.id() + "-meta_attributes", taken), meta)),
                List.of(),
                ops);
        if (e.group().isEmpty()) {
            if (e.before().isPresent() || e.after().isPresent()) {
                throw new InvalidEditException(
                        where + ": --before and --after place a resource within a group; add --group GROUP");
            }
            List<Resource> resources = new ArrayList<>(cib.resources());
            resources.add(p);
            notes.message("Resource '" + e.id() + "' (" + agent + ") created" + (e.disabled() ? ", disabled" : ""));
            return cib.withResources(resources);
        }
        Cib out = Containers.addToGroup(cib, e.group().get(), List.of(p), e.before(), e.after(), notes);
        notes.message("Resource '" + e.id() + "' (" + agent + ") created in group '"
                + e.group().get() + "'" + (e.disabled() ? ", disabled" : ""));
        return out;
    }

    /** Deletes a resource (or fencing device when `fencingOnly`), what it contains, and the constraints naming them. */
    static Cib delete(Cib cib, String id, boolean fencingOnly, Notes notes) throws InvalidEditException {
        Optional<Resources.Found> f = Resources.find(cib.resources(), id);
        boolean fencing = f.map(x -> x.resource() instanceof Resource.Primitive p
                        && p.standard().equals("stonith"))
                .orElse(false);
        if (fencingOnly && !fencing) {
            List<String> devices = Resources.primitives(cib.resources())
                    .filter(p -> p.standard().equals("stonith"))
                    .map(Resource.Primitive::id)
                    .toList();
            throw new InvalidEditException(
                    f.isPresent()
                            ? "'" + id + "' is a " + Resources.kind(f.get().resource())
                                    + ", not a fencing device; delete it with hapc resource delete " + id
                            : "no fencing device '" + id + "' in the CIB ("
                                    + (devices.isEmpty()
                                            ? "none is configured"
                                            : "fencing devices: " + String.join(", ", devices))
                                    + "); see hapc stonith show");
        }
        Resources.Found found = f.isPresent() ? f.get() : Resources.require(cib, id);
        Set<String> gone = new LinkedHashSet<>(Resources.idsUnder(found.resource()));
        List<Resource> resources = new ArrayList<>();
        for (Resource r : cib.resources()) {
            if (gone.contains(r.id())) continue;
            if (r instanceof Resource.Clone c && Resources.idsUnder(c).contains(id)) {
                Resource child = c.child();
                if (child.id().equals(id)
                        || child instanceof Resource.Group g && g.members().size() == 1) {
                    gone.addAll(Resources.idsUnder(c)); // a clone without its child is nothing: it goes too
                    continue;
                }
                Resource.Group g = (Resource.Group) child;
                resources.add(new Resource.Clone(
                        c.id(), c.metaSets(), withoutMember(g, id), c.promotableElement(), c.instanceSets()));
            } else if (r instanceof Resource.Group g && g.members().stream().anyMatch(m -> m.id().equals(id))) {
                if (g.members().size() == 1) {
                    gone.add(g.id()); // an empty group is not valid
                    continue;
                }
                resources.add(withoutMember(g, id));
            } else {
                resources.add(r);
            }
        }
        List<String> removed = new ArrayList<>();
        List<Constraint> constraints = ConstraintRefs.without(cib.constraints(), gone, removed);
        Set<String> also = new LinkedHashSet<>(gone);
        also.remove(id);
        notes.message("Deleted " + Resources.kind(found.resource()) + " '" + id + "'"
                + (also.isEmpty() ? "" : " (with " + String.join(", ", also) + ")")
                + (removed.isEmpty() ? "" : "; removed constraints: " + String.join(", ", removed)));
        return cib.withResources(resources).withConstraints(constraints);
    }

    private static Resource.Group withoutMember(Resource.Group g, String id) {
        return new Resource.Group(
                g.id(),
                g.metaSets(),
                g.members().stream().filter(m -> !m.id().equals(id)).toList(),
                g.instanceSets());
    }

    static Cib update(Cib cib, CibEdit.ResourceUpdate e, EditContext ctx, Notes notes) throws InvalidEditException {
        String where = "resource " + e.id();
        Resources.Found found = Resources.require(cib, e.id());
        if (!(found.resource() instanceof Resource.Primitive)
                && (!e.params().isEmpty() || !e.ops().isEmpty())) {
            throw new InvalidEditException(where + " is a " + Resources.kind(found.resource())
                    + ": only primitives have "
                    + "parameters and operations; update its primitives ("
                    + String.join(
                            ", ",
                            Resources.primitives(found.resource())
                                    .map(Resource.Primitive::id)
                                    .toList()) + ") or set meta attributes");
        }
        Values.checkMeta(e.meta(), where + " meta");
        Set<String> taken = Ids.all(cib);
        Resource updated = found.resource();
        if (!e.meta().isEmpty()) {
            updated = Resources.withMeta(
                    updated, NvSets.change(updated.metaSets(), e.meta(), e.id() + "-meta_attributes", taken));
        }
        if (updated instanceof Resource.Primitive p) {
            List<NvSet> instance = NvSets.change(p.instanceSets(), e.params(), e.id() + "-instance_attributes", taken);
            List<Operation> ops = p.operations();
            if (!e.ops().isEmpty()) {
                Set<String> replaced = new LinkedHashSet<>();
                e.ops().forEach(s -> replaced.add(s.action()));
                List<Operation> kept = new ArrayList<>(
                        ops.stream().filter(o -> !replaced.contains(o.name())).toList());
                ops.stream().filter(o -> replaced.contains(o.name())).forEach(o -> taken.remove(o.id()));
                List<String> warnings = new ArrayList<>();
                for (OpSpec s : e.ops()) kept.add(Values.operation(e.id(), s, taken, warnings));
                warnings.forEach(notes::warn);
                AgentChecks.requireDistinct(e.id(), kept);
                ops = kept;
            }
            if (!e.params().isEmpty() && !p.standard().equals("stonith"))
                checkAgainstAgent(p, instance, ctx, where, notes);
            updated = new Resource.Primitive(
                    p.id(), p.standard(), p.provider(), p.type(), instance, p.metaSets(), p.utilizationSets(), ops);
        }
        Resource result = updated;
        notes.message(
                result.equals(found.resource())
                        ? "Nothing to change for '" + e.id() + "'"
                        : "Resource '" + e.id() + "' updated");
        return cib.withResources(Resources.replace(cib.resources(), e.id(), r -> result));
    }

    /** An update may not remove a required parameter; when the agent is not installed here, say it was not checked. */
    private static void checkAgainstAgent(
            Resource.Primitive p, List<NvSet> instance, EditContext ctx, String where, Notes notes)
            throws InvalidEditException {
        AgentId agent = new AgentId(p.standard(), p.provider(), p.type());
        AgentMetadata md;
        try {
            md = ctx.agents().metadata(agent);
        } catch (AgentException ex) {
            notes.warn(where + ": parameters not checked: " + ex.getMessage());
            return;
        }
        AgentChecks.checkParams(agent, md, NvSets.merged(instance), Set.of(), x -> false, where, notes);
    }

    static Cib enable(Cib cib, List<String> ids, Notes notes) throws InvalidEditException {
        requireSome(ids, "enable");
        Set<String> taken = Ids.all(cib);
        List<Resource> resources = cib.resources();
        for (String id : ids) {
            Resources.Found found = Resources.require(cib, id);
            for (String inner : Resources.idsUnder(found.resource())) {
                resources = Resources.replace(
                        resources,
                        inner,
                        r -> Resources.withMeta(
                                r,
                                NvSets.change(
                                        r.metaSets(), Map.of("target-role", ""), inner + "-meta_attributes", taken)));
            }
            for (Resource container : List.of(found.inGroup(), found.inClone()).stream()
                    .flatMap(Optional::stream)
                    .toList()) {
                if (NvSets.value(container.metaSets(), "target-role")
                        .filter("Stopped"::equalsIgnoreCase)
                        .isPresent()) {
                    notes.warn("'" + id + "' is inside " + Resources.kind(container) + " '" + container.id()
                            + "', which is disabled too: hapc resource enable " + container.id());
                }
            }
        }
        notes.message("Enabled " + String.join(", ", ids));
        return cib.withResources(resources);
    }

    static Cib disable(Cib cib, List<String> ids, Notes notes) throws InvalidEditException {
        requireSome(ids, "disable");
        Set<String> taken = Ids.all(cib);
        List<Resource> resources = cib.resources();
        for (String id : ids) {
            Resources.require(cib, id);
            resources = Resources.replace(
                    resources,
                    id,
                    r -> Resources.withMeta(
                            r,
                            NvSets.change(
                                    r.metaSets(), Map.of("target-role", "Stopped"), id + "-meta_attributes", taken)));
        }
        notes.message("Disabled " + String.join(", ", ids) + " (target-role=Stopped)");
        return cib.withResources(resources);
    }

    private static void requireSome(List<String> ids, String verb) throws InvalidEditException {
        if (ids.isEmpty())
            throw new InvalidEditException(
                    "resource " + verb + ": name at least one resource (hapc resource " + verb + " ID…)");
    }
}
