package io.hapc.engine.cluster;

import static io.hapc.engine.cluster.AttributeSets.parseIntOr;
import static io.hapc.engine.cluster.AttributeSets.truthy;

import io.hapc.engine.bundle.BundleExpansion;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A clone's instances: which recorded history belongs to which instance number (unique clones by
 * the recorded suffix, anonymous ones node by node as Pacemaker numbers them, bundles by guest
 * node), orphan instances beyond clone-max, and the clone's own settings.
 */
final class CloneUnpacker {
    private final Cib cib;
    private final BundleExpansion.Expanded bundles;
    private final AttributeSets attributeSets;
    private final ResourceMetaResolver metaResolver;
    private final HistoryReplay replay;
    private final KnownNodes known;
    private final PrimitiveUnpacker primitives;

    CloneUnpacker(
            Cib cib,
            BundleExpansion.Expanded bundles,
            AttributeSets attributeSets,
            ResourceMetaResolver metaResolver,
            HistoryReplay replay,
            KnownNodes known,
            PrimitiveUnpacker primitives) {
        this.cib = cib;
        this.bundles = bundles;
        this.attributeSets = attributeSets;
        this.metaResolver = metaResolver;
        this.replay = replay;
        this.known = known;
        this.primitives = primitives;
    }

    ResourceTree.CloneOf unpack(Resource.Clone c, Map<String, List<NodeHistory>> histories, int nodeCount) {
        Map<String, String> m = new LinkedHashMap<>(attributeSets.merged(c.metaSets()));
        Map<String, String> rd = attributeSets.merged(cib.rscDefaults());
        rd.forEach(m::putIfAbsent);
        boolean promotable = c.promotableElement() || truthy(m.getOrDefault("promotable", "false"));
        int cloneNodeMax = parseIntOr(m.get("clone-node-max"), 1);
        int cloneMax = parseIntOr(m.get("clone-max"), nodeCount);
        boolean unique = truthy(m.getOrDefault("globally-unique", cloneNodeMax > 1 ? "true" : "false"));
        if (!unique) primitives.markAnonymous(c.id());
        int promotedMax = parseIntOr(m.getOrDefault("promoted-max", m.get("master-max")), 1);
        int promotedNodeMax = parseIntOr(m.getOrDefault("promoted-node-max", m.get("master-node-max")), 1);
        boolean interleave = truthy(m.getOrDefault("interleave", "false"));
        Resource child = c.child();
        List<String> primitiveIds = child instanceof Resource.Group g
                ? g.members().stream().map(Resource.Primitive::id).toList()
                : List.of(child.id());

        // Map recorded histories to instance numbers. Unique clones: by the recorded suffix.
        // Anonymous clones: the suffix means nothing; walking the status node by node, an active history takes the
        // instance already active
        // on that node (a cloned group's other member), else the lowest free instance. A second
        // active history of the same member on one node, one beyond clone-max, or one on a node
        // that is down for a clone not needing fencing (requires=quorum/nothing, fewer instances
        // than nodes: it must not hold a number a clean node could use) becomes an orphan instance
        // numbered after the configured ones, which is stopped.
        List<Map<String, List<NodeHistory>>> perInstance = new ArrayList<>();
        for (int i = 0; i < cloneMax; i++) perInstance.add(new LinkedHashMap<>());
        Map<Integer, String> activeNodeOf = new HashMap<>();
        Set<String> activeMembers = new java.util.HashSet<>();
        // A bundle's inner clone: the instance on guest node B-i is instance i, whatever was recorded.
        List<String> bundleGuests = bundles.guestNodesByClone().getOrDefault(c.id(), List.of());
        Map<String, List<Operation>> opsByPrimitive = new HashMap<>();
        Map<String, Boolean> needsFencing = new HashMap<>();
        if (child instanceof Resource.Group g) g.members().forEach(p -> opsByPrimitive.put(p.id(), p.operations()));
        else opsByPrimitive.put(child.id(), ((Resource.Primitive) child).operations());
        for (NodeRecord ns : inUnpackOrder(cib.status().nodeStates())) {
            String node = known.nameOf(ns.id());
            if (node == null) continue;
            for (ResourceHistory rh : ns.resources()) {
                String hid = rh.id();
                String base = hid.contains(":") ? hid.substring(0, hid.lastIndexOf(':')) : hid;
                if (!primitiveIds.contains(base)) continue;
                NodeHistory h = new NodeHistory(node, rh);
                int inst = -1;
                if (!bundleGuests.isEmpty()) {
                    inst = bundleGuests.indexOf(node);
                    if (inst < 0 || inst >= cloneMax) continue;
                } else if (unique) {
                    if (!hid.contains(":")) continue;
                    inst = parseIntOr(hid.substring(hid.lastIndexOf(':') + 1), -1);
                    if (inst < 0 || inst >= cloneMax) continue;
                } else {
                    if (replay.presenceOf(h, opsByPrimitive.get(base)).isEmpty()) {
                        // Inactive: claims no instance, but what it recorded (a missing agent, a hard
                        // error) still bans the clone there: kept with instance 0, where it adds no presence.
                        if (cloneMax > 0)
                            perInstance
                                    .get(0)
                                    .computeIfAbsent(base, k -> new ArrayList<>())
                                    .add(h);
                        continue;
                    }
                    boolean duplicate = false;
                    int free = -1;
                    for (int i = 0; i < perInstance.size() && inst < 0; i++) {
                        String at = activeNodeOf.get(i);
                        if (at == null) {
                            if (free < 0 && i < cloneMax) free = i;
                        } else if (at.equals(node)) {
                            if (activeMembers.contains(i + "/" + base)) duplicate = true;
                            else inst = i;
                        }
                    }
                    if (inst < 0 && !duplicate) inst = free;
                    boolean down = !known.up(node) && !known.guest(node);
                    if (inst >= 0
                            && inst < cloneMax
                            && down
                            && cloneMax < nodeCount
                            && !needsFencing.computeIfAbsent(
                                    base,
                                    b -> metaResolver
                                            .resolve(childMeta(child, b, c.metaSets()), primitiveOf(child, b), true)
                                            .requires()
                                            .equals("fencing"))) {
                        inst = -1;
                    }
                    if (inst < 0) {
                        inst = perInstance.size();
                        perInstance.add(new LinkedHashMap<>());
                    }
                    activeNodeOf.put(inst, node);
                    activeMembers.add(inst + "/" + base);
                }
                perInstance
                        .get(inst)
                        .computeIfAbsent(base, k -> new ArrayList<>())
                        .add(h);
            }
        }
        List<ResourceTree> instances = new ArrayList<>();
        for (int i = 0; i < perInstance.size(); i++) {
            boolean orphan = i >= cloneMax;
            if (child instanceof Resource.Group g) {
                ResourceTree.GroupOf gi = primitives.group(
                        g,
                        g.id() + ":" + i,
                        Optional.of(c.id()),
                        i,
                        attributeSets.inEffect(c.metaSets()),
                        histories,
                        perInstance.get(i));
                if (orphan)
                    gi = new ResourceTree.GroupOf(
                            gi.id(),
                            gi.configId(),
                            gi.members().stream()
                                    .map(PrimitiveUnpacker::asOrphan)
                                    .toList(),
                            gi.meta());
                instances.add(gi);
            } else {
                Resource.Primitive p = (Resource.Primitive) child;
                ResourceView v = primitives.primitive(
                        p,
                        p.id() + ":" + i,
                        Optional.empty(),
                        Optional.of(c.id()),
                        i,
                        attributeSets.inEffect(c.metaSets()),
                        perInstance.get(i).getOrDefault(p.id(), List.of()));
                instances.add(new ResourceTree.Single(orphan ? PrimitiveUnpacker.asOrphan(v) : v));
            }
        }
        return new ResourceTree.CloneOf(
                c.id(),
                child.id(),
                promotable,
                unique,
                cloneMax,
                cloneNodeMax,
                promotedMax,
                promotedNodeMax,
                interleave,
                parseIntOr(m.get("clone-min"), 0),
                instances,
                metaResolver.resolve(attributeSets.inEffect(c.metaSets()), null, false));
    }

    /**
     * The node states in the order Pacemaker reads their histories (which numbers anonymous clone
     * instances): cluster nodes first, then the remote and guest nodes that are up, then the others
     * (a remote or guest node to be fenced is read last).
     */
    private List<NodeRecord> inUnpackOrder(List<NodeRecord> states) {
        List<NodeRecord> out = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            for (NodeRecord ns : states) {
                String node = known.nameOf(ns.id());
                int p = node == null || !known.remote(node) ? 0 : known.up(node) ? 1 : 2;
                if (p == pass) out.add(ns);
            }
        }
        return out;
    }

    private static Resource.Primitive primitiveOf(Resource child, String id) {
        if (child instanceof Resource.Group g) {
            return g.members().stream()
                    .filter(m -> m.id().equals(id))
                    .findFirst()
                    .orElseThrow();
        }
        return (Resource.Primitive) child;
    }

    /** The meta sets a clone's primitive inherits: its own, its group's, the clone's. */
    private List<NvSet> childMeta(Resource child, String id, List<NvSet> cloneMeta) {
        List<NvSet> meta =
                new ArrayList<>(attributeSets.inEffect(primitiveOf(child, id).metaSets()));
        if (child instanceof Resource.Group g) meta.addAll(attributeSets.inEffect(g.metaSets()));
        meta.addAll(attributeSets.inEffect(cloneMeta));
        return meta;
    }
}
