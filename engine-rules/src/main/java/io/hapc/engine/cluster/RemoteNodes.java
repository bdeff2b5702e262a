package io.hapc.engine.cluster;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Pacemaker Remote and guest nodes a configuration defines (as Pacemaker does): every
 * `ocf:pacemaker:remote` primitive makes a remote node named after it; every primitive with the
 * meta attribute `remote-node=NAME` makes a guest node NAME living in that primitive (its
 * container), reached through an implicit `ocf:pacemaker:remote` connection resource also named
 * NAME. A `<node type="remote">` entry of the same name only adds attributes.
 */
public final class RemoteNodes {
    private RemoteNodes() {}

    /** One remote or guest node: its name, connection resource, container (guests) and configured entry. */
    public record Definition(String name, RemoteNode remote, Optional<Node> configured) {}

    public static boolean isConnection(Resource.Primitive p) {
        return p.standard().equals("ocf")
                && p.provider().map("pacemaker"::equals).orElse(false)
                && p.type().equals("remote");
    }

    /** The guest node name a container primitive defines (its `remote-node` meta attribute), if any. */
    public static Optional<String> guestName(Resource.Primitive p) {
        for (NvSet s : p.metaSets()) {
            String v = s.values().get("remote-node");
            if (v != null && !v.isBlank()) return Optional.of(v.trim());
        }
        return Optional.empty();
    }

    /** The remote and guest nodes in resource order; clones never define nodes. */
    public static List<Definition> find(Cib cib) {
        Map<String, Node> configured = new LinkedHashMap<>();
        for (Node n : cib.nodes()) {
            if ("remote".equals(n.type())) {
                configured.putIfAbsent(n.uname(), n);
                configured.putIfAbsent(n.id(), n);
            }
        }
        Map<String, Definition> out = new LinkedHashMap<>();
        for (Resource.Primitive p : topLevelPrimitives(cib.resources())) {
            if (isConnection(p)) {
                RemoteNode remote =
                        new RemoteNode(p.id(), Optional.empty()).withReconnectInterval(reconnectInterval(p));
                out.putIfAbsent(p.id(), new Definition(p.id(), remote, Optional.ofNullable(configured.get(p.id()))));
            }
            guestName(p)
                    .ifPresent(g -> out.putIfAbsent(
                            g,
                            new Definition(
                                    g,
                                    new RemoteNode(g, Optional.of(p.id())),
                                    Optional.ofNullable(configured.get(g)))));
        }
        return List.copyOf(out.values());
    }

    /** The implicit connection resource of each guest node (Pacemaker creates one per container). */
    public static List<Resource.Primitive> implicitConnections(
            List<Definition> defs, List<Resource> configuredResources) {
        return implicitConnections(defs, configuredResources, java.util.Set.of());
    }

    /** Meta attributes a bundle's guest connection takes from its bundle (as every part of a replica does). */
    private static final List<String> FROM_BUNDLE = List.of("is-managed", "maintenance");

    /**
     * The same; the connections of guests living in `bundleContainers` are parts of their bundle's
     * replica and, like its container, take the bundle's management meta attributes (an unmanaged
     * bundle's connection is not started either).
     */
    public static List<Resource.Primitive> implicitConnections(
            List<Definition> defs, List<Resource> configuredResources, java.util.Set<String> bundleContainers) {
        Map<String, Resource.Primitive> byId = new LinkedHashMap<>();
        for (Resource.Primitive p : topLevelPrimitives(configuredResources)) byId.put(p.id(), p);
        List<Resource.Primitive> out = new ArrayList<>();
        for (Definition d : defs) {
            if (!d.remote().guest() || byId.containsKey(d.name())) continue;
            // Placed and ordered with its container by remote.drl's guest rules. It can move live
            // only with its container (remote-allow-migrate, else the container's allow-migrate).
            Resource.Primitive container = byId.get(d.remote().container().get());
            String migrate = meta(container, "remote-allow-migrate")
                    .filter(v -> container != null
                            && meta(container, "allow-migrate")
                                    .map(RemoteNodes::truthy)
                                    .orElse(false))
                    .or(() -> meta(container, "allow-migrate"))
                    .orElse("false");
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("allow-migrate", migrate);
            if (bundleContainers.contains(d.remote().container().get())) {
                for (String name : FROM_BUNDLE) meta(container, name).ifPresent(v -> meta.put(name, v));
            }
            out.add(new Resource.Primitive(
                    d.name(),
                    "ocf",
                    Optional.of("pacemaker"),
                    "remote",
                    List.of(),
                    List.of(NvSet.of(d.name() + "-meta_attributes", meta)),
                    List.of(),
                    List.<Operation>of()));
        }
        return out;
    }

    private static Optional<String> meta(Resource.Primitive p, String name) {
        if (p == null) return Optional.empty();
        for (NvSet s : p.metaSets()) {
            String v = s.values().get(name);
            if (v != null) return Optional.of(v);
        }
        return Optional.empty();
    }

    private static boolean truthy(String v) {
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "y", "on", "1" -> true;
            default -> false;
        };
    }

    private static long reconnectInterval(Resource.Primitive p) {
        for (NvSet s : p.instanceSets()) {
            String v = s.values().get("reconnect_interval");
            if (v == null) continue;
            try {
                return io.hapc.model.cib.Durations.parseMillis(v);
            } catch (IllegalArgumentException e) {
                return 0;
            }
        }
        return 0;
    }

    private static List<Resource.Primitive> topLevelPrimitives(List<Resource> resources) {
        List<Resource.Primitive> out = new ArrayList<>();
        for (Resource r : resources) {
            if (r instanceof Resource.Primitive p) out.add(p);
            else if (r instanceof Resource.Group g) out.addAll(g.members());
        }
        return out;
    }
}
