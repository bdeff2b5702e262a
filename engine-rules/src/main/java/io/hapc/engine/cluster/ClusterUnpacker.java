package io.hapc.engine.cluster;

import static io.hapc.engine.cluster.AttributeSets.durationOr;
import static io.hapc.engine.cluster.AttributeSets.parseIntOr;
import static io.hapc.engine.cluster.AttributeSets.truthy;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.FailureAttribute;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Unpacks a CIB into a {@link ClusterView}, top to bottom: cluster nodes' membership from node_state
 * flags ({@link ClusterNodeUnpacker}), remote and guest nodes from their connections
 * ({@link RemoteNodeUnpacker}), then each resource: primitives and groups ({@link PrimitiveUnpacker}) and
 * clones' instances ({@link CloneUnpacker}), their meta resolved ({@link ResourceMetaResolver}), their
 * current role and failures replayed from the lrm history ({@link HistoryReplay}, {@link FailureCounts}).
 */
public final class ClusterUnpacker {
    private final Cib cib;
    private final Instant now;
    private final ClusterOptions options;
    private final io.hapc.engine.bundle.BundleExpansion.Expanded bundles;
    private final AttributeSets attributeSets;
    private final ResourceMetaResolver metaResolver;
    private final KnownNodes known = new KnownNodes();
    private final HistoryReplay replay;

    private ClusterUnpacker(Cib cib, Instant now) {
        // Bundles become containers, guest nodes and a clone before anything else looks at the CIB.
        this.bundles = io.hapc.engine.bundle.BundleExpansion.expand(cib);
        this.cib = bundles.cib();
        this.now = now;
        this.attributeSets = new AttributeSets(now);
        this.options = unpackOptions(attributeSets.merged(cib.propertySets()));
        this.metaResolver = new ResourceMetaResolver(this.cib, now, options, attributeSets);
        this.replay = new HistoryReplay(known, options, now);
    }

    public static ClusterView unpack(Cib cib, Instant now) {
        return new ClusterUnpacker(cib, now).unpack(null);
    }

    /**
     * The previous unpack, for a DC that decides again and again: when only node states changed,
     * resources with nothing recorded on those nodes keep their previous (identical) views.
     */
    public record Memo(Cib cib, ClusterView view) {}

    /** Unpacks `cib`, reusing what `previous` unpacked where nothing it depends on changed. */
    public static ClusterView unpack(Cib cib, Instant now, Memo previous) {
        ClusterUnpacker u = new ClusterUnpacker(cib, now);
        return u.unpack(previous != null && u.sameConfiguration(previous) ? previous : null);
    }

    private boolean sameConfiguration(Memo m) {
        Cib p = m.cib();
        return p.resources() == cib.resources()
                && p.nodes() == cib.nodes()
                && p.constraints() == cib.constraints()
                && p.propertySets() == cib.propertySets()
                && p.rscDefaults() == cib.rscDefaults()
                && p.opDefaults() == cib.opDefaults()
                && p.haveQuorum() == cib.haveQuorum()
                && p.noQuorumPanic() == cib.noQuorumPanic()
                && m.view().now().equals(now);
    }

    /** Ids of the resources recorded (history, fail counts) on nodes whose state changed since `m`. */
    private Set<String> touchedResources(Memo m) {
        Map<String, NodeRecord> before = new HashMap<>();
        for (NodeRecord s : m.cib().status().nodeStates()) before.put(s.id(), s);
        Set<String> touched = new java.util.HashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (NodeRecord s : cib.status().nodeStates()) {
            seen.add(s.id());
            NodeRecord old = before.get(s.id());
            if (old == s) continue;
            mentioned(s, touched);
            if (old != null) mentioned(old, touched);
        }
        for (NodeRecord old : m.cib().status().nodeStates()) if (!seen.contains(old.id())) mentioned(old, touched);
        return touched;
    }

    private static void mentioned(NodeRecord s, Set<String> into) {
        for (ResourceHistory h : s.resources()) into.add(NodeHistory.baseId(h.id()));
        for (String attr : s.transientAttributes().keySet()) {
            for (String prefix :
                    List.of(FailureAttribute.Kind.FAIL_COUNT.prefix(), FailureAttribute.Kind.LAST_FAILURE.prefix())) {
                if (attr.startsWith(prefix)) {
                    String rest = attr.substring(prefix.length());
                    int hash = rest.indexOf('#');
                    into.add(NodeHistory.baseId(hash >= 0 ? rest.substring(0, hash) : rest));
                }
            }
        }
    }

    private ClusterView unpack(Memo previous) {
        List<NodeView> nodes = new ArrayList<>(
                new ClusterNodeUnpacker(cib, now, options, attributeSets, metaResolver, replay).unpack());
        RemoteNodeUnpacker remoteNodes = new RemoteNodeUnpacker(cib, options, attributeSets, known, replay);
        for (NodeView n : nodes) known.register(n);
        List<RemoteNodes.Definition> remotes = new ArrayList<>(RemoteNodes.find(cib));
        remotes.addAll(remoteNodes.orphanedRemoteNodes(remotes, nodes));
        List<Resource> resources = new ArrayList<>(cib.resources());
        resources.addAll(RemoteNodes.implicitConnections(
                remotes,
                cib.resources(),
                bundles.replicas().stream()
                        .map(io.hapc.engine.bundle.BundleReplica::container)
                        .collect(java.util.stream.Collectors.toSet())));
        if (!remotes.isEmpty()) {
            // A remote node's state follows its connection (and container) on the cluster nodes.
            previous = null;
            // Remote nodes first: a guest's container may run on one of them (its history is recorded
            // there), so guests are read once the remote nodes' histories can be found.
            int base = nodes.size();
            NodeView[] made = new NodeView[remotes.size()];
            for (boolean guests : new boolean[] {false, true}) {
                Map<String, List<NodeHistory>> clusterHistories = collectHistories();
                for (int i = 0; i < remotes.size(); i++) {
                    RemoteNodes.Definition d = remotes.get(i);
                    if (d.remote().guest() != guests) continue;
                    NodeView n = remoteNodes.remoteNode(d, base + i, resources, clusterHistories);
                    made[i] = n;
                    known.register(n);
                    d.configured().ifPresent(c -> known.alsoKnownAs(c.id(), n.name()));
                }
            }
            nodes.addAll(List.of(made));
        }
        Map<String, List<NodeHistory>> histories = collectHistories();
        PrimitiveUnpacker primitives = new PrimitiveUnpacker(
                cib,
                now,
                bundles,
                attributeSets,
                metaResolver,
                replay,
                new FailureCounts(cib, known),
                known,
                histories);
        CloneUnpacker clones = new CloneUnpacker(cib, bundles, attributeSets, metaResolver, replay, known, primitives);
        List<ResourceTree> trees = new ArrayList<>();
        Set<String> configured = new LinkedHashSet<>();
        Set<String> touched = previous == null ? null : touchedResources(previous);
        Map<String, ResourceTree> reusable = new HashMap<>();
        if (previous != null) previous.view().resources().forEach(t -> reusable.put(t.id(), t));
        for (Resource r : resources) {
            Set<String> ids = new LinkedHashSet<>();
            collectIds(r, ids);
            ResourceTree old = reusable.get(r.id());
            boolean unchanged = old != null && ids.stream().noneMatch(touched::contains);
            // A bundle's guest nodes host only the bundle's own instances: clone-max does not count them.
            trees.add(
                    unchanged
                            ? old
                            : unpackResource(
                                    primitives,
                                    clones,
                                    r,
                                    histories,
                                    nodes.size()
                                            - bundles.replicas().stream()
                                                    .filter(b -> b.guestNode().isPresent())
                                                    .toList()
                                                    .size()));
            configured.addAll(ids);
        }
        trees.addAll(orphans(histories, configured));
        return new ClusterView(
                options,
                cib.haveQuorum(),
                now,
                nodes,
                trees,
                cib.constraints(),
                tickets(),
                bundles.replicas(),
                cib.noQuorumPanic());
    }

    /** The tickets the status records, then those only an rsc_ticket names (never granted here). */
    private List<TicketView> tickets() {
        Map<String, TicketView> out = new LinkedHashMap<>();
        for (Status.TicketState t : cib.status().tickets()) {
            out.put(t.id(), new TicketView(t.id(), t.granted(), t.standby()));
        }
        for (Constraint c : cib.constraints()) {
            if (c instanceof Constraint.Ticket t) {
                out.putIfAbsent(t.ticket(), new TicketView(t.ticket(), false, false));
            }
        }
        return List.copyOf(out.values());
    }

    private static ClusterOptions unpackOptions(Map<String, String> p) {
        String fencing = p.getOrDefault("fencing-enabled", p.getOrDefault("stonith-enabled", "true"));
        return new ClusterOptions(
                truthy(fencing),
                p.getOrDefault("fencing-action", p.getOrDefault("stonith-action", "reboot")),
                p.getOrDefault("no-quorum-policy", "stop").toLowerCase(Locale.ROOT),
                truthy(p.getOrDefault("symmetric-cluster", "true")),
                p.getOrDefault("placement-strategy", "default").toLowerCase(Locale.ROOT),
                truthy(p.getOrDefault("maintenance-mode", "false")),
                truthy(p.getOrDefault("stop-all-resources", "false")),
                truthy(p.getOrDefault("start-failure-is-fatal", "true")),
                truthy(p.getOrDefault("startup-fencing", "true")),
                truthy(p.getOrDefault("concurrent-fencing", "true")),
                new NodeHealthPolicy(
                        p.getOrDefault("node-health-strategy", "none").trim().toLowerCase(Locale.ROOT),
                        parseIntOr(p.get("node-health-red"), 0),
                        parseIntOr(p.get("node-health-yellow"), 0),
                        parseIntOr(p.get("node-health-green"), 0),
                        parseIntOr(p.get("node-health-base"), 0)),
                durationOr(p.get("priority-fencing-delay"), 0),
                truthy(p.getOrDefault("shutdown-lock", "false")),
                durationOr(p.get("shutdown-lock-limit"), 0),
                truthy(p.getOrDefault("have-watchdog", "false")));
    }

    private Map<String, List<NodeHistory>> collectHistories() {
        Map<String, List<NodeHistory>> out = new LinkedHashMap<>();
        for (NodeRecord s : cib.status().nodeStates()) {
            String node = known.nameOf(s.id());
            if (node == null) continue;
            for (ResourceHistory h : s.resources())
                out.computeIfAbsent(h.id(), k -> new ArrayList<>()).add(new NodeHistory(node, h));
        }
        return out;
    }

    static void collectIds(Resource r, Set<String> ids) {
        ids.add(r.id());
        if (r instanceof Resource.Group g) g.members().forEach(m -> ids.add(m.id()));
        if (r instanceof Resource.Clone c) collectIds(c.child(), ids);
    }

    private static ResourceTree unpackResource(
            PrimitiveUnpacker primitives,
            CloneUnpacker clones,
            Resource r,
            Map<String, List<NodeHistory>> histories,
            int nodeCount) {
        if (r instanceof Resource.Primitive p) {
            return new ResourceTree.Single(primitives.primitive(
                    p,
                    p.id(),
                    Optional.empty(),
                    Optional.empty(),
                    -1,
                    List.of(),
                    primitives.historiesOf(histories, p.id())));
        }
        if (r instanceof Resource.Group g)
            return primitives.group(g, g.id(), Optional.empty(), -1, List.of(), histories, Map.of());
        return clones.unpack((Resource.Clone) r, histories, nodeCount);
    }

    private List<ResourceTree> orphans(Map<String, List<NodeHistory>> histories, Set<String> configured) {
        List<ResourceTree> out = new ArrayList<>();
        for (Map.Entry<String, List<NodeHistory>> e : histories.entrySet()) {
            String id = e.getKey();
            String base = id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : id;
            if (configured.contains(id) || configured.contains(base)) continue;
            ResourceHistory first = e.getValue().get(0).history();
            List<Presence> presence = new ArrayList<>();
            for (NodeHistory h : e.getValue()) replay.presenceOf(h, List.of()).ifPresent(presence::add);
            if (presence.isEmpty()) continue;
            ResourceMeta meta = new ResourceMeta(
                    0, 0, Score.INFINITY, 0, Optional.of(Role.STOPPED), true, false, "quorum", "stop_start");
            out.add(new ResourceTree.Single(new ResourceView(
                    id,
                    id,
                    first.standard(),
                    first.provider(),
                    first.type(),
                    Optional.empty(),
                    Optional.empty(),
                    -1,
                    meta,
                    List.copyOf(presence),
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    List.of(),
                    true)));
        }
        return out;
    }
}
