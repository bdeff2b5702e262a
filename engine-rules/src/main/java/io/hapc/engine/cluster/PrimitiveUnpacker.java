package io.hapc.engine.cluster;

import static io.hapc.engine.cluster.AttributeSets.parseIntOr;

import io.hapc.engine.bundle.BundleExpansion;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Durations;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A primitive's view (and a group's, made of its members'): resolved meta, where it is active and
 * failed from its history, fail counts, hard failures, changed definitions (agent, digests),
 * shutdown locks and migrations.
 */
final class PrimitiveUnpacker {
    private final Cib cib;
    private final Instant now;
    private final BundleExpansion.Expanded bundles;
    private final AttributeSets attributeSets;
    private final ResourceMetaResolver metaResolver;
    private final HistoryReplay replay;
    private final FailureCounts failureCounts;
    private final KnownNodes known;
    /** Every lrm_resource recorded, by its recorded id. */
    private final Map<String, List<NodeHistory>> recorded;
    /** The instance attribute sets of a primitive's group and clone, nearest first (they give it parameters too). */
    private final Map<String, List<NvSet>> inheritedInstanceSets = new HashMap<>();
    /** Clones whose instances are interchangeable: a failure recorded under any instance name counts for all. */
    private final Set<String> anonymousClones = new java.util.HashSet<>();

    PrimitiveUnpacker(
            Cib cib,
            Instant now,
            BundleExpansion.Expanded bundles,
            AttributeSets attributeSets,
            ResourceMetaResolver metaResolver,
            HistoryReplay replay,
            FailureCounts failureCounts,
            KnownNodes known,
            Map<String, List<NodeHistory>> recorded) {
        this.cib = cib;
        this.now = now;
        this.bundles = bundles;
        this.attributeSets = attributeSets;
        this.metaResolver = metaResolver;
        this.replay = replay;
        this.failureCounts = failureCounts;
        this.known = known;
        this.recorded = recorded;
        for (Resource r : cib.resources()) collectInheritedInstanceSets(r, List.of());
    }

    /** A clone whose instances are interchangeable (not globally-unique): failures add up under every instance name. */
    void markAnonymous(String cloneId) {
        anonymousClones.add(cloneId);
    }

    private void collectInheritedInstanceSets(Resource r, List<NvSet> fromAbove) {
        if (r instanceof Resource.Primitive p) {
            if (!fromAbove.isEmpty()) inheritedInstanceSets.put(p.id(), fromAbove);
        } else if (r instanceof Resource.Group g) {
            List<NvSet> sets = new ArrayList<>(g.instanceSets());
            sets.addAll(fromAbove);
            g.members().forEach(m -> collectInheritedInstanceSets(m, sets));
        } else if (r instanceof Resource.Clone c) {
            collectInheritedInstanceSets(c.child(), c.instanceSets());
        }
    }

    List<NodeHistory> historiesOf(Map<String, List<NodeHistory>> histories, String id) {
        return histories.getOrDefault(id, List.of());
    }

    ResourceTree.GroupOf group(
            Resource.Group g,
            String id,
            Optional<String> cloneId,
            int instance,
            List<NvSet> parentMeta,
            Map<String, List<NodeHistory>> histories,
            Map<String, List<NodeHistory>> instanceHistories) {
        List<NvSet> meta = new ArrayList<>(attributeSets.inEffect(g.metaSets()));
        meta.addAll(parentMeta);
        List<ResourceView> members = new ArrayList<>();
        for (Resource.Primitive p : g.members()) {
            String memberId = instance < 0 ? p.id() : p.id() + ":" + instance;
            List<NodeHistory> h =
                    instance < 0 ? historiesOf(histories, p.id()) : instanceHistories.getOrDefault(p.id(), List.of());
            members.add(primitive(p, memberId, Optional.of(id), cloneId, instance, meta, h));
        }
        ResourceMeta groupMeta = metaResolver.resolve(meta, null, cloneId.isPresent());
        // A group configured with multiple-active=block is blocked as a whole when one member is.
        if (groupMeta.multipleActive().equals("block")
                && members.stream().anyMatch(v -> multiplyActive(v.presence()))) {
            members.replaceAll(v -> v.meta().managed() ? withMeta(v, ResourceMetaResolver.unmanaged(v.meta())) : v);
        }
        return new ResourceTree.GroupOf(id, g.id(), members, groupMeta);
    }

    /** Active (in any role) on more than one node. */
    static boolean multiplyActive(List<Presence> presence) {
        return presence.stream()
                        .filter(pr -> pr.role() != Role.STOPPED)
                        .map(Presence::node)
                        .distinct()
                        .count()
                > 1;
    }

    private static ResourceView withMeta(ResourceView v, ResourceMeta m) {
        return new ResourceView(
                v.id(),
                v.primitiveId(),
                v.standard(),
                v.provider(),
                v.type(),
                v.groupId(),
                v.cloneId(),
                v.instance(),
                m,
                v.presence(),
                v.failCounts(),
                v.lastFailures(),
                v.utilization(),
                v.operations(),
                v.orphan(),
                v.hardFailures(),
                v.definitionChanges(),
                v.historyNodes(),
                v.shutdownLocks(),
                v.migration());
    }

    /** An instance beyond the configured ones: it only stops. */
    static ResourceView asOrphan(ResourceView v) {
        return new ResourceView(
                v.id(),
                v.primitiveId(),
                v.standard(),
                v.provider(),
                v.type(),
                v.groupId(),
                v.cloneId(),
                v.instance(),
                v.meta(),
                v.presence(),
                v.failCounts(),
                v.lastFailures(),
                v.utilization(),
                v.operations(),
                true,
                v.hardFailures(),
                v.definitionChanges(),
                v.presence().stream().map(Presence::node).collect(java.util.stream.Collectors.toSet()),
                Map.of(),
                MigrationHistory.NONE,
                v.lrmNames());
    }

    ResourceView primitive(
            Resource.Primitive p,
            String id,
            Optional<String> groupId,
            Optional<String> cloneId,
            int instance,
            List<NvSet> parentMeta,
            List<NodeHistory> histories) {
        List<NvSet> meta = new ArrayList<>(attributeSets.inEffect(p.metaSets()));
        meta.addAll(parentMeta);
        ResourceMeta rm = metaResolver.resolve(meta, p, cloneId.isPresent());
        List<Operation> ops = withOpDefaults(p.operations());
        Map<String, Integer> utilization = new LinkedHashMap<>();
        attributeSets.merged(p.utilizationSets()).forEach((k, v) -> utilization.put(k, parseIntOr(v, 0)));
        List<Presence> ownPresence = new ArrayList<>();
        // Where it is active, the record that says so names it on that node (a clone instance's history may
        // carry another number, or none).
        Map<String, String> recordedAs = new LinkedHashMap<>();
        for (NodeHistory h : histories)
            replay.presenceOf(h, ops, rm.failureTimeoutMs(), rm.container().isPresent())
                    .ifPresent(pr -> {
                        ownPresence.add(pr);
                        recordedAs.putIfAbsent(h.node(), h.history().id());
                    });
        boolean anonymous = cloneId.map(anonymousClones::contains).orElse(false);
        MigrationReplay.Result migrations = replay.migrations(histories, ownPresence);
        List<Presence> presence = migrations.presence();
        List<HardFailure> hardFailures = new ArrayList<>();
        for (NodeHistory h : histories) hardFailures.addAll(replay.hardFailures(h, ops));
        List<DefinitionChange> definitionChanges = new ArrayList<>();
        if (rm.managed()) {
            for (NodeHistory h : histories) {
                if (presence.stream().anyMatch(pr -> pr.node().equals(h.node()) && pr.role() != Role.STOPPED)) {
                    ResourceHistory rh = h.history();
                    // Another agent ran it there: it restarts with the configured one (digests say nothing then).
                    if (!rh.standard().equals(p.standard())
                            || !rh.type().equals(p.type())
                            || !rh.provider().equals(p.provider())) {
                        definitionChanges.add(new DefinitionChange(h.node(), "start", 0, DefinitionChange.Kind.AGENT));
                    } else {
                        definitionChanges.addAll(definitionChanges(p, h, ops));
                    }
                }
            }
        }
        // multiple-active=block: a resource found active on several nodes is left alone (unmanaged) for
        // the administrator to sort out.
        if (multiplyActive(presence) && rm.multipleActive().equals("block")) rm = ResourceMetaResolver.unmanaged(rm);
        Map<String, Integer> failCounts = new LinkedHashMap<>();
        Map<String, Long> lastFailures = new LinkedHashMap<>();
        failureCounts.collect(p.id(), id, anonymous, ops, failCounts, lastFailures);
        // A history recorded by another agent (class, provider or type changed) is deleted with its
        // fail count on that node: what the old agent did says nothing about the configured one.
        for (NodeHistory h : histories) {
            ResourceHistory rh = h.history();
            if (!rh.standard().equals(p.standard())
                    || !rh.type().equals(p.type())
                    || !rh.provider().equals(p.provider())) {
                failCounts.remove(h.node());
                lastFailures.remove(h.node());
                hardFailures.removeIf(f -> f.node().equals(h.node()));
            }
        }
        Map<String, Long> shutdownLocks = new LinkedHashMap<>();
        for (NodeHistory h : histories) h.history().shutdownLock().ifPresent(t -> shutdownLocks.put(h.node(), t));
        Set<String> historyNodes = new LinkedHashSet<>();
        histories.forEach(h -> historyNodes.add(h.node()));
        // Its own histories by key; only a clone's instances ("id:N") need a walk of all recorded ids (a walk for
        // every primitive made 32 nodes x 10,000 resources with history take 20 s instead of 4).
        List<NodeHistory> own = recorded.get(p.id());
        if (own != null) own.forEach(h -> historyNodes.add(h.node()));
        if (cloneId.isPresent()) {
            recorded.forEach((rid, hs) -> {
                if (rid.startsWith(p.id() + ":")) hs.forEach(h -> historyNodes.add(h.node()));
            });
        }
        return new ResourceView(
                id,
                p.id(),
                p.standard(),
                p.provider(),
                p.type(),
                groupId,
                cloneId,
                instance,
                rm,
                List.copyOf(presence),
                Map.copyOf(failCounts),
                Map.copyOf(lastFailures),
                Map.copyOf(utilization),
                ops,
                false,
                hardFailures,
                definitionChanges,
                historyNodes,
                shutdownLocks,
                migrations.migration(),
                new LrmNames(recordedAs, anonymous ? p.id() : id));
    }

    private boolean bundleMade(String id) {
        for (io.hapc.engine.bundle.BundleReplica r : bundles.replicas()) {
            if (r.container().equals(id)
                    || r.ip().filter(id::equals).isPresent()
                    || r.guestNode().filter(id::equals).isPresent()) return true;
        }
        return false;
    }

    /**
     * The operations recorded since the resource last started on a node (its start, probes,
     * promotions, recurring monitors) whose parameters differ from the configuration's now.
     */
    private List<DefinitionChange> definitionChanges(Resource.Primitive p, NodeHistory h, List<Operation> ops) {
        // A bundle's containers, addresses and connections are made from the bundle's definition, with parameters
        // Pacemaker derives its own way: their recorded digests can not be compared with ours.
        if (bundleMade(p.id())) return List.of();
        List<OperationRecord> records = OperationHistory.inCallOrder(h.history());
        int from = 0;
        for (int i = 0; i < records.size(); i++) {
            String task = records.get(i).operation();
            if (task.equals("start") || task.equals("migrate_from")) from = i;
        }
        Map<String, String> params = instanceParams(p, h.node());
        Optional<Long> defaultTimeout = Optional.ofNullable(
                        attributeSets.merged(cib.opDefaults()).get("timeout"))
                .flatMap(t -> {
                    try {
                        return Optional.of(Durations.parseMillis(t));
                    } catch (IllegalArgumentException e) {
                        return Optional.empty();
                    }
                });
        List<DefinitionChange> out = new ArrayList<>();
        for (OperationRecord op : records.subList(from, records.size())) {
            if (op.opStatus() != 0) continue;
            String task = op.operation();
            boolean checked = op.intervalMs() > 0
                    || task.equals("monitor")
                    || task.equals("start")
                    || task.equals("promote")
                    || task.equals("migrate_from");
            if (!checked) continue;
            OperationDigests.compare(
                            op, params, ops, defaultTimeout, p.standard().equals("stonith"))
                    .ifPresent(kind -> out.add(new DefinitionChange(h.node(), task, op.intervalMs(), kind)));
        }
        return out;
    }

    /** The resource's instance attributes as they apply on a node: sets by score, rules evaluated there. */
    private Map<String, String> instanceParams(Resource.Primitive p, String node) {
        Map<String, String> attrs = known.attributes(node);
        List<NvSet> sets = new ArrayList<>(p.instanceSets());
        sets.sort(Comparator.comparingInt(NvSet::score).reversed());
        // Then the group's and the clone's parameters, which the primitive's own values override.
        sets.addAll(inheritedInstanceSets.getOrDefault(p.id(), List.of()));
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : sets) {
            boolean applies = s.rule()
                    .map(r -> RuleEvaluator.matches(r, RuleEvaluator.Context.forNode(attrs, now)))
                    .orElse(true);
            if (applies) s.values().forEach(out::putIfAbsent);
        }
        out.values().removeIf("#default"::equals); // "#default" means unset
        return out;
    }

    private List<Operation> withOpDefaults(List<Operation> ops) {
        return ops; // op_defaults only set timeouts/intervals, which do not change placement decisions
    }
}
