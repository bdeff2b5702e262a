package io.hapc.engine.bundle;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Expands each bundle of a CIB into the resources Pacemaker makes of it, so that the rest of the
 * engine schedules plain primitives, guest nodes and a clone:
 * <ul>
 *   <li>per replica i, an `ocf:heartbeat:IPaddr2` primitive `B-ip-ADDR` (ip-range-start + i) when
 *       the network has an ip-range-start, and the container primitive `B-docker-i` (podman, rkt);
 *   <li>with an inner primitive P: each container carries meta remote-node=`B-i`, making the guest
 *       node B-i (see RemoteNodes), and P becomes a clone of `replicas` instances named like the
 *       bundle itself, so constraints naming the bundle reach it; instance P:i runs on B-i only
 *       (bundles.drl), promotable when the container's promoted-max or the meta promotable say so.
 * </ul>
 * A location constraint naming the bundle (no role or Started) places its containers. The replica
 * parts are placed and ordered relative to each other by the rules of bundles.drl.
 */
public final class BundleExpansion {
    private BundleExpansion() {}

    /** The expanded CIB, the replicas made and the guest nodes of each inner clone in replica order. */
    public record Expanded(Cib cib, List<BundleReplica> replicas, Map<String, List<String>> guestNodesByClone) {
        public Expanded {
            replicas = List.copyOf(replicas);
            guestNodesByClone = Map.copyOf(guestNodesByClone);
        }
    }

    /** Bundle meta attributes that describe the clone of the inner primitive, not each replica's parts. */
    private static final Set<String> CLONE_ONLY_META = Set.of(
            "promotable",
            "promoted-max",
            "master-max",
            "promoted-node-max",
            "master-node-max",
            "clone-max",
            "clone-node-max",
            "notify",
            "interleave",
            "ordered",
            "globally-unique",
            "container-attribute-target");

    public static Expanded expand(Cib cib) {
        if (cib.resources().stream().noneMatch(r -> r instanceof Resource.Bundle)) {
            return new Expanded(cib, List.of(), Map.of());
        }
        List<Resource> resources = new ArrayList<>();
        List<BundleReplica> replicas = new ArrayList<>();
        Map<String, List<String>> guestNodesByClone = new LinkedHashMap<>();
        Map<String, List<String>> containersByBundle = new LinkedHashMap<>();
        for (Resource r : cib.resources()) {
            if (!(r instanceof Resource.Bundle b)) {
                resources.add(r);
                continue;
            }
            List<NvSet> partMeta = partMeta(b);
            List<String> containers = new ArrayList<>();
            List<String> guests = new ArrayList<>();
            Resource.Bundle.Container c = b.container();
            for (int i = 0; i < c.replicas(); i++) {
                Optional<String> ip = b.network()
                        .flatMap(Resource.Bundle.Network::ipRangeStart)
                        .map(BundleExpansion::ipv4Start);
                Optional<String> ipId = Optional.empty();
                if (ip.isPresent()) {
                    String address = offset(ip.get(), i);
                    ipId = Optional.of(b.id() + "-ip-" + address);
                    resources.add(ipPrimitive(b, ipId.get(), address, partMeta));
                }
                String containerId = b.id() + "-" + c.runtime() + "-" + i;
                Optional<String> guest = b.primitive().map(p -> b.id() + "-" + guests.size());
                List<NvSet> containerMeta = new ArrayList<>();
                guest.ifPresent(g -> containerMeta.add(NvSet.of(containerId + "-guest", Map.of("remote-node", g))));
                containerMeta.addAll(partMeta);
                resources.add(new Resource.Primitive(
                        containerId,
                        "ocf",
                        Optional.of("heartbeat"),
                        c.runtime(),
                        List.of(NvSet.of(containerId + "-instance_attributes", Map.of("image", c.image()))),
                        containerMeta,
                        List.of(),
                        List.of(monitor(containerId))));
                containers.add(containerId);
                guest.ifPresent(guests::add);
                int index = i;
                replicas.add(new BundleReplica(
                        b.id(),
                        i,
                        containerId,
                        ipId,
                        guest,
                        b.primitive().map(p -> p.id() + ":" + index),
                        Math.max(1, c.replicasPerHost()),
                        hostAttributes(b)));
            }
            containersByBundle.put(b.id(), containers);
            if (b.primitive().isPresent()) {
                resources.add(innerClone(b));
                guestNodesByClone.put(b.id(), guests);
            }
        }
        List<Constraint> constraints = new ArrayList<>();
        for (Constraint k : cib.constraints()) {
            if (k instanceof Constraint.Location l
                    && l.rsc().isPresent()
                    && containersByBundle.containsKey(l.rsc().get())
                    && l.role().map(role -> role == Role.STARTED).orElse(true)) {
                // A bundle is placed where its containers are: the location places each of them.
                for (String container : containersByBundle.get(l.rsc().get())) {
                    constraints.add(new Constraint.Location(
                            l.id() + "-" + container,
                            Optional.of(container),
                            l.rscPattern(),
                            l.resourceSets(),
                            l.node(),
                            l.score(),
                            l.role(),
                            l.resourceDiscovery(),
                            l.rules(),
                            l.lifetimeUntil()));
                }
            } else {
                constraints.add(k);
            }
        }
        return new Expanded(cib.withResources(resources).withConstraints(constraints), replicas, guestNodesByClone);
    }

    private static boolean hostAttributes(Resource.Bundle b) {
        return b.metaSets().stream()
                .map(s -> s.values().get("container-attribute-target"))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .map(v -> v.trim().equalsIgnoreCase("host"))
                .orElse(false);
    }

    /** The bundle's own meta attributes that every replica part inherits (target-role, is-managed...). */
    private static List<NvSet> partMeta(Resource.Bundle b) {
        List<NvSet> out = new ArrayList<>();
        for (NvSet s : b.metaSets()) {
            Map<String, String> kept = new LinkedHashMap<>(s.values());
            kept.keySet().removeAll(CLONE_ONLY_META);
            out.add(new NvSet(s.id(), kept, s.rule(), s.score()));
        }
        return out;
    }

    private static Resource.Clone innerClone(Resource.Bundle b) {
        Resource.Bundle.Container c = b.container();
        Map<String, String> own = new LinkedHashMap<>();
        own.put("clone-max", Integer.toString(c.replicas()));
        own.put("clone-node-max", "1");
        own.put("globally-unique", "false");
        if (c.promotedMax() > 0) {
            own.put("promotable", "true");
            own.put("promoted-max", Integer.toString(c.promotedMax()));
        }
        List<NvSet> meta = new ArrayList<>();
        meta.add(NvSet.of(b.id() + "-clone-meta", own));
        meta.addAll(b.metaSets());
        return new Resource.Clone(b.id(), meta, b.primitive().get(), false);
    }

    private static Resource.Primitive ipPrimitive(Resource.Bundle b, String id, String address, List<NvSet> meta) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ip", address);
        b.network().map(n -> n.attributes().get("host-interface")).ifPresent(v -> params.put("nic", v));
        b.network().map(n -> n.attributes().get("host-netmask")).ifPresent(v -> params.put("cidr_netmask", v));
        return new Resource.Primitive(
                id,
                "ocf",
                Optional.of("heartbeat"),
                "IPaddr2",
                List.of(NvSet.of(id + "-instance_attributes", params)),
                meta,
                List.of(),
                List.of(monitor(id)));
    }

    private static Operation monitor(String id) {
        return new Operation(
                id + "-monitor-60s",
                "monitor",
                60_000,
                Optional.of(20_000L),
                Optional.empty(),
                Optional.empty(),
                true,
                Map.of());
    }

    private static String ipv4Start(String text) {
        return text.trim();
    }

    /** An IPv4 address `i` further on ("192.168.122.131" + 2 = "192.168.122.133"); other forms get "-i". */
    static String offset(String address, int i) {
        String[] parts = address.split("\\.");
        if (parts.length != 4) return i == 0 ? address : address + "-" + i;
        try {
            long v = 0;
            for (String p : parts) v = v * 256 + Integer.parseInt(p);
            v += i;
            return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
        } catch (NumberFormatException e) {
            return i == 0 ? address : address + "-" + i;
        }
    }
}
