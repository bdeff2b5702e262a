package io.hapc.engine.cluster;

import io.hapc.model.cib.Constraint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CIB unpacked into what the scheduler reasons about: one immutable snapshot. tickets are the
 * tickets the status records or an rsc_ticket constraint names (multi-site clusters). quorumLost:
 * without quorum after having had it (the CIB's no-quorum-panic), as opposed to never quorate.
 */
public record ClusterView(
        ClusterOptions options,
        boolean quorate,
        Instant now,
        List<NodeView> nodes,
        List<ResourceTree> resources,
        List<Constraint> constraints,
        Map<String, NodeView> nodesByName,
        Map<String, ResourceView> primitivesById,
        Map<String, ResourceTree> treesById,
        List<TicketView> tickets,
        List<io.hapc.engine.bundle.BundleReplica> bundleReplicas,
        boolean quorumLost) {

    public ClusterView {
        tickets = tickets == null ? List.of() : List.copyOf(tickets);
        bundleReplicas = bundleReplicas == null ? List.of() : List.copyOf(bundleReplicas);
    }

    /** Without bundles. */
    public ClusterView(
            ClusterOptions options,
            boolean quorate,
            Instant now,
            List<NodeView> nodes,
            List<ResourceTree> resources,
            List<Constraint> constraints,
            Map<String, NodeView> nodesByName,
            Map<String, ResourceView> primitivesById,
            Map<String, ResourceTree> treesById,
            List<TicketView> tickets) {
        this(
                options,
                quorate,
                now,
                nodes,
                resources,
                constraints,
                nodesByName,
                primitivesById,
                treesById,
                tickets,
                List.of(),
                false);
    }

    /** A snapshot without tickets (no rsc_ticket constraint depends on any). */
    public ClusterView(
            ClusterOptions options,
            boolean quorate,
            Instant now,
            List<NodeView> nodes,
            List<ResourceTree> resources,
            List<Constraint> constraints) {
        this(options, quorate, now, nodes, resources, constraints, List.of());
    }

    public ClusterView(
            ClusterOptions options,
            boolean quorate,
            Instant now,
            List<NodeView> nodes,
            List<ResourceTree> resources,
            List<Constraint> constraints,
            List<TicketView> tickets) {
        this(options, quorate, now, nodes, resources, constraints, tickets, List.of(), false);
    }

    /** bundleReplicas: the replicas the bundles of the configuration were expanded into (BundleExpansion). */
    public ClusterView(
            ClusterOptions options,
            boolean quorate,
            Instant now,
            List<NodeView> nodes,
            List<ResourceTree> resources,
            List<Constraint> constraints,
            List<TicketView> tickets,
            List<io.hapc.engine.bundle.BundleReplica> bundleReplicas,
            boolean quorumLost) {
        this(
                options,
                quorate,
                now,
                List.copyOf(nodes),
                List.copyOf(resources),
                List.copyOf(constraints),
                nodes.stream().collect(Collectors.toUnmodifiableMap(NodeView::name, n -> n)),
                resources.stream()
                        .flatMap(ResourceTree::primitives)
                        .collect(Collectors.toUnmodifiableMap(ResourceView::id, r -> r, (a, b) -> a)),
                indexTrees(resources),
                tickets,
                bundleReplicas,
                quorumLost);
    }

    private static Map<String, ResourceTree> indexTrees(List<ResourceTree> resources) {
        var map = new java.util.LinkedHashMap<String, ResourceTree>();
        for (ResourceTree t : resources) {
            map.put(t.id(), t);
            if (t instanceof ResourceTree.CloneOf c) {
                for (ResourceTree i : c.instances()) {
                    map.put(i.id(), i);
                    if (i instanceof ResourceTree.GroupOf g)
                        g.members().forEach(m -> map.put(m.id(), new ResourceTree.Single(m)));
                }
            } else if (t instanceof ResourceTree.GroupOf g) {
                g.members().forEach(m -> map.put(m.id(), new ResourceTree.Single(m)));
            }
        }
        return Map.copyOf(map);
    }

    public Optional<NodeView> node(String name) {
        return Optional.ofNullable(nodesByName.get(name));
    }

    /** A configured fencing device, or watchdog self-fencing (have-watchdog): some way to fence a node. */
    public boolean hasFencingDevice() {
        return options.watchdogFencing()
                || primitivesById.values().stream().anyMatch(r -> r.isFencingDevice() && !r.orphan());
    }
}
