package io.hapc.engine.cluster;

import static io.hapc.engine.cluster.AttributeSets.firstValues;
import static io.hapc.engine.cluster.AttributeSets.truthy;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Durations;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A primitive's (or group's, clone's) meta attributes as they apply: its own sets, then its
 * parents', then rsc_defaults, with Pacemaker's defaults for what none sets (stickiness,
 * requires, migration-threshold…).
 */
final class ResourceMetaResolver {
    private final Cib cib;
    private final Instant now;
    private final ClusterOptions options;
    private final AttributeSets attributeSets;
    /** Whether unfencing is in use: a fencing device provides it, or a resource asks for it. */
    private final boolean unfencingEnabled;

    ResourceMetaResolver(Cib cib, Instant now, ClusterOptions options, AttributeSets attributeSets) {
        this.cib = cib;
        this.now = now;
        this.options = options;
        this.attributeSets = attributeSets;
        this.unfencingEnabled =
                options.fencingEnabled() && cib.resources().stream().anyMatch(ResourceMetaResolver::usesUnfencing);
    }

    /** A fencing device with provides=unfencing (meta, or a parameter as older CIBs have it), or requires=unfencing. */
    static boolean usesUnfencing(Resource r) {
        if (r instanceof Resource.Group g) return g.members().stream().anyMatch(ResourceMetaResolver::usesUnfencing);
        if (r instanceof Resource.Clone c) return usesUnfencing(c.child());
        if (!(r instanceof Resource.Primitive p)) return false;
        if (p.standard().equals("stonith")) return providesUnfencing(p);
        return "unfencing".equals(firstValues(p.metaSets()).get("requires"));
    }

    private static boolean providesUnfencing(Resource.Primitive p) {
        return "unfencing".equals(firstValues(p.metaSets()).get("provides"))
                || "unfencing".equals(firstValues(p.instanceSets()).get("provides"));
    }

    /** Whether the resource a history is about (an instance "rsc:1", or one no longer configured) is managed. */
    boolean managed(String historyId) {
        String base = NodeHistory.baseId(historyId);
        for (Resource r : cib.resources()) {
            Optional<Boolean> m = managed(r, base, List.of());
            if (m.isPresent()) return m.get();
        }
        return resolve(List.of(), null, false).managed();
    }

    private Optional<Boolean> managed(Resource r, String id, List<NvSet> parents) {
        List<NvSet> meta = new ArrayList<>(attributeSets.inEffect(r.metaSets()));
        meta.addAll(parents);
        if (r instanceof Resource.Primitive p) {
            return p.id().equals(id) ? Optional.of(resolve(meta, p, false).managed()) : Optional.empty();
        }
        if (r instanceof Resource.Group g) {
            for (Resource.Primitive m : g.members()) {
                Optional<Boolean> found = managed(m, id, meta);
                if (found.isPresent()) return found;
            }
            return Optional.empty();
        }
        if (r instanceof Resource.Clone c) return managed(c.child(), id, meta);
        return Optional.empty();
    }

    ResourceMeta resolve(List<NvSet> ownThenParents, Resource.Primitive p, boolean cloneInstance) {
        Map<String, String> m = new LinkedHashMap<>();
        for (NvSet s : ownThenParents) s.values().forEach(m::putIfAbsent);
        for (NvSet s : cib.rscDefaults()) {
            boolean applies = s.rule()
                    .map(rule -> p != null
                            && RuleEvaluator.matches(
                                    rule, RuleEvaluator.Context.forResource(p.standard(), p.provider(), p.type(), now)))
                    .orElse(true);
            if (applies) s.values().forEach(m::putIfAbsent);
        }
        int stickiness = m.containsKey("resource-stickiness")
                ? Score.parse(m.get("resource-stickiness"))
                : m.containsKey("default-resource-stickiness")
                        ? Score.parse(m.get("default-resource-stickiness"))
                        : cloneInstance ? 1 : 0;
        Optional<Role> targetRole = Optional.ofNullable(m.get("target-role")).flatMap(AttributeSets::roleOrDefault);
        boolean managed = truthy(m.getOrDefault("is-managed", "true"))
                && !options.maintenanceMode()
                && !truthy(m.getOrDefault("maintenance", "false"));
        boolean device = p != null && p.standard().equals("stonith");
        // Fencing devices need only quorum; with unfencing in use everything else waits for its node's unfencing.
        String requires = m.getOrDefault(
                "requires",
                device ? "quorum" : unfencingEnabled ? "unfencing" : options.fencingEnabled() ? "fencing" : "quorum");
        if (device && requires.equals("unfencing")) requires = "quorum"; // a device cannot wait for what it does itself
        return new ResourceMeta(
                m.containsKey("priority") ? Score.parse(m.get("priority")) : 0,
                stickiness,
                m.containsKey("migration-threshold")
                        ? Math.max(0, Score.parse(m.get("migration-threshold")))
                        : Score.INFINITY,
                m.containsKey("failure-timeout") ? Durations.parseMillis(m.get("failure-timeout")) : 0,
                targetRole,
                managed,
                truthy(m.getOrDefault("maintenance", "false")),
                requires,
                m.getOrDefault("multiple-active", "stop_start"),
                truthy(m.getOrDefault(
                        "allow-migrate",
                        // Pacemaker Remote connections migrate unless told not to.
                        p != null && RemoteNodes.isConnection(p) ? "true" : "false")),
                Optional.ofNullable(m.get("container")).filter(c -> !c.isBlank() && (p == null || !c.equals(p.id()))),
                device && unfencingEnabled && providesUnfencing(p),
                truthy(m.getOrDefault("allow-unhealthy-nodes", "false")));
    }

    static ResourceMeta unmanaged(ResourceMeta m) {
        return new ResourceMeta(
                m.priority(),
                m.stickiness(),
                m.migrationThreshold(),
                m.failureTimeoutMs(),
                m.targetRole(),
                false,
                m.maintenance(),
                m.requires(),
                m.multipleActive(),
                m.allowMigrate(),
                m.container(),
                m.providesUnfencing());
    }
}
