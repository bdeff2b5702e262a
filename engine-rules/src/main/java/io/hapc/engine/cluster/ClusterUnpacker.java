package io.hapc.engine.cluster;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Durations;
import io.hapc.model.cib.FailureAttribute;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Unpacks a CIB into a {@link ClusterView}: node membership from node_state flags, resolved meta
 * attributes, and each resource's current role and failures from its operation history.
 */
public final class ClusterUnpacker {
    private final Cib cib;
    private final Instant now;
    private final ClusterOptions options;
    private final Map<String, String> nodeNameById = new HashMap<>();
    private final Set<String> uncleanNodes = new java.util.HashSet<>();
    private final Set<String> cleanlyDownNodes = new java.util.HashSet<>();
    /** Nodes (cluster or remote) that are online and clean. */
    private final Set<String> upNodes = new java.util.HashSet<>();

    private final Set<String> guestNodes = new java.util.HashSet<>();
    private final Set<String> remoteNodes = new java.util.HashSet<>();
    /** Attributes of each node by name, for instance attribute rules (op digests are per node). */
    private final Map<String, Map<String, String>> nodeAttributes = new HashMap<>();

    private final io.hapc.engine.bundle.BundleExpansion.Expanded bundles;
    /** Whether unfencing is in use: a fencing device provides it, or a resource asks for it. */
    private final boolean unfencingEnabled;
    /** Every lrm_resource recorded, by its recorded id (set once the nodes are known). */
    private Map<String, List<History>> recorded = Map.of();
    /** The instance attribute sets of a primitive's group and clone, nearest first (they give it parameters too). */
    private final Map<String, List<NvSet>> inheritedInstanceSets = new HashMap<>();
    /** Clones whose instances are interchangeable: a failure recorded under any instance name counts for all. */
    private final Set<String> anonymousClones = new java.util.HashSet<>();

    private ClusterUnpacker(Cib cib, Instant now) {
        // Bundles become containers, guest nodes and a clone before anything else looks at the CIB.
        this.bundles = io.hapc.engine.bundle.BundleExpansion.expand(cib);
        this.cib = bundles.cib();
        this.now = now;
        this.options = unpackOptions(merged(cib.propertySets()));
        this.unfencingEnabled =
                options.fencingEnabled() && this.cib.resources().stream().anyMatch(ClusterUnpacker::usesUnfencing);
        for (Resource r : this.cib.resources()) collectInheritedInstanceSets(r, List.of());
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

    /** A fencing device with provides=unfencing (meta, or a parameter as older CIBs have it), or requires=unfencing. */
    private static boolean usesUnfencing(Resource r) {
        if (r instanceof Resource.Group g) return g.members().stream().anyMatch(ClusterUnpacker::usesUnfencing);
        if (r instanceof Resource.Clone c) return usesUnfencing(c.child());
        if (!(r instanceof Resource.Primitive p)) return false;
        if (p.standard().equals("stonith")) return providesUnfencing(p);
        return "unfencing".equals(firstValues(p.metaSets()).get("requires"));
    }

    private static boolean providesUnfencing(Resource.Primitive p) {
        return "unfencing".equals(firstValues(p.metaSets()).get("provides"))
                || "unfencing".equals(firstValues(p.instanceSets()).get("provides"));
    }

    /** Every set's values, the first set naming an attribute winning (rules and scores not looked at). */
    private static Map<String, String> firstValues(List<NvSet> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : sets) s.values().forEach(out::putIfAbsent);
        return out;
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
        for (ResourceHistory h : s.resources()) into.add(baseId(h.id()));
        for (String attr : s.transientAttributes().keySet()) {
            for (String prefix :
                    List.of(FailureAttribute.Kind.FAIL_COUNT.prefix(), FailureAttribute.Kind.LAST_FAILURE.prefix())) {
                if (attr.startsWith(prefix)) {
                    String rest = attr.substring(prefix.length());
                    int hash = rest.indexOf('#');
                    into.add(baseId(hash >= 0 ? rest.substring(0, hash) : rest));
                }
            }
        }
    }

    private static String baseId(String id) {
        int colon = id.lastIndexOf(':');
        return colon > 0 ? id.substring(0, colon) : id;
    }

    private ClusterView unpack(Memo previous) {
        List<NodeView> nodes = new ArrayList<>(unpackNodes());
        for (NodeView n : nodes) registerNode(n);
        List<RemoteNodes.Definition> remotes = new ArrayList<>(RemoteNodes.find(cib));
        remotes.addAll(orphanedRemoteNodes(remotes, nodes));
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
                Map<String, List<History>> clusterHistories = collectHistories();
                for (int i = 0; i < remotes.size(); i++) {
                    RemoteNodes.Definition d = remotes.get(i);
                    if (d.remote().guest() != guests) continue;
                    NodeView n = remoteNode(d, base + i, resources, clusterHistories);
                    made[i] = n;
                    registerNode(n);
                    d.configured().ifPresent(c -> nodeNameById.putIfAbsent(c.id(), n.name()));
                }
            }
            nodes.addAll(List.of(made));
        }
        Map<String, List<History>> histories = collectHistories();
        recorded = histories;
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
                options, cib.haveQuorum(), now, nodes, trees, cib.constraints(), tickets(), bundles.replicas());
    }

    private void registerNode(NodeView n) {
        nodeNameById.put(n.id(), n.name());
        nodeAttributes.put(n.name(), n.attributes());
        if (n.state() == NodeState.UNCLEAN) uncleanNodes.add(n.name());
        if (n.state() == NodeState.ONLINE) upNodes.add(n.name());
        if (n.guestNode()) guestNodes.add(n.name());
        if (n.remoteNode()) remoteNodes.add(n.name());
        // A node in maintenance is left alone: what its history says runs there is still taken as running.
        if (n.state() == NodeState.OFFLINE && !(n.maintenance() && !n.remoteNode())) {
            cleanlyDownNodes.add(n.name());
        }
    }

    /**
     * A remote or guest node, online while its connection runs (Pacemaker's rules): unclean when
     * its container failed or the cluster node hosting the container is unclean (a guest), or when
     * its connection failed; offline when the connection (or container) is stopped. The history
     * recorded on an offline remote node is not trusted (it is treated as cleanly down).
     */
    private NodeView remoteNode(
            RemoteNodes.Definition d,
            int index,
            List<Resource> resources,
            Map<String, List<History>> clusterHistories) {
        var ONLINE = NodeState.ONLINE;
        var OFFLINE = NodeState.OFFLINE;
        var UNCLEAN = NodeState.UNCLEAN;
        List<Presence> connection = presences(d.remote().connection(), resources, clusterHistories);
        // A connection that failed to start never reached the node: it is offline, not unclean.
        boolean connectionFailed = connection.stream()
                .anyMatch(
                        p -> p.failed() && !p.failedTask().map("start"::equals).orElse(false));
        boolean connectionStarted = connection.stream().anyMatch(p -> p.role() != Role.STOPPED && !p.failed());
        NodeState state;
        Optional<String> reason = Optional.empty();
        boolean hostLost = false;
        if (d.remote().guest()) {
            List<Presence> container = presences(d.remote().container().get(), resources, clusterHistories);
            boolean containerFailed = container.stream().anyMatch(Presence::failed);
            boolean containerRunning = container.stream().anyMatch(p -> p.role() != Role.STOPPED);
            boolean hostUnclean = container.stream().anyMatch(p -> uncleanNodes.contains(p.node()))
                    || connection.stream().anyMatch(p -> uncleanNodes.contains(p.node()));
            if (containerFailed || connectionStarted && hostUnclean) {
                state = UNCLEAN;
                reason = Optional.of("guest is unclean");
                hostLost = !containerFailed;
            } else if (connectionFailed) {
                // A guest is recovered through its container whatever failed: Pacemaker names it so.
                state = UNCLEAN;
                reason = Optional.of("guest is unclean");
            } else {
                state = connectionStarted && containerRunning ? ONLINE : OFFLINE;
            }
        } else if (connectionFailed) {
            state = UNCLEAN;
            reason = Optional.of("remote connection is unrecoverable");
        } else {
            state = connectionStarted ? ONLINE : OFFLINE;
        }
        Optional<NodeRecord> st = cib.status()
                .forNode(d.name())
                .or(() -> d.configured().flatMap(c -> cib.status().forNode(c.id())));
        Optional<String> activeThere = st.flatMap(this::firstActive);
        // Resources active on the guest make its fencing a recovery of the container, not just a move.
        RemoteNode remote = hostLost && activeThere.isEmpty() ? d.remote().withHostLost() : d.remote();
        if (state == OFFLINE && options.fencingEnabled() && activeThere.isPresent()) {
            // Resources recorded active on a node that is down: their state is unknown until it is reset.
            state = UNCLEAN;
            if (d.remote().guest()) {
                reason = Optional.of("guest is unclean");
            } else if (connection.stream().anyMatch(Presence::failed)) {
                reason = Optional.of(activeThere.get() + " is thought to be active there");
            } else {
                reason =
                        Optional.of(activeThere.get() + " is active there (fencing will be revoked if remote connection"
                                + " can be re-established elsewhere)");
                remote = remote.withFencingRevocable();
            }
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        d.configured().ifPresent(c -> attrs.putAll(merged(c.attributeSets())));
        st.ifPresent(s -> s.transientAttributes().forEach(attrs::put));
        attrs.put("#uname", d.name());
        attrs.put("#id", d.configured().map(io.hapc.model.cib.Node::id).orElse(d.name()));
        attrs.put("#kind", d.remote().guest() ? "container" : "remote");
        attrs.put("#is_dc", "false");
        Map<String, Integer> capacity = new LinkedHashMap<>();
        d.configured().ifPresent(c -> merged(c.utilizationSets()).forEach((k, v) -> capacity.put(k, parseIntOr(v, 0))));
        boolean shutdown = st.flatMap(NodeRecord::shutdown)
                .map(s -> !s.isBlank() && !s.equals("0"))
                .orElse(false);
        return new NodeView(
                d.name(),
                d.name(),
                index,
                state,
                reason,
                truthy(attrs.getOrDefault("standby", "false")),
                truthy(attrs.getOrDefault("maintenance", "false")),
                shutdown && state == ONLINE,
                Map.copyOf(attrs),
                Map.copyOf(capacity),
                Optional.of(remote));
    }

    /** Whether the resource a history is about (an instance "rsc:1", or one no longer configured) is managed. */
    private boolean managed(String historyId) {
        String base = baseId(historyId);
        for (Resource r : cib.resources()) {
            Optional<Boolean> m = managed(r, base, List.of());
            if (m.isPresent()) return m.get();
        }
        return resolveMeta(List.of(), null, false).managed();
    }

    private Optional<Boolean> managed(Resource r, String id, List<NvSet> parents) {
        List<NvSet> meta = new ArrayList<>(inEffect(r.metaSets()));
        meta.addAll(parents);
        if (r instanceof Resource.Primitive p) {
            return p.id().equals(id) ? Optional.of(resolveMeta(meta, p, false).managed()) : Optional.empty();
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

    /** The first resource a node's history shows active (in status order), if any. */
    private Optional<String> firstActive(NodeRecord s) {
        for (ResourceHistory h : s.resources()) {
            if (presenceOf(new History(s.id(), h), List.of())
                    .filter(p -> p.role() != Role.STOPPED)
                    .isPresent()) {
                return Optional.of(h.id());
            }
        }
        return Optional.empty();
    }

    /** Where a top-level primitive (or group member) is active on the cluster nodes, from its history. */
    private List<Presence> presences(
            String primitiveId, List<Resource> resources, Map<String, List<History>> histories) {
        List<Operation> ops = List.of();
        for (Resource r : resources) {
            if (r instanceof Resource.Primitive p && p.id().equals(primitiveId)) ops = p.operations();
            if (r instanceof Resource.Group g) {
                for (Resource.Primitive m : g.members()) if (m.id().equals(primitiveId)) ops = m.operations();
            }
        }
        List<Presence> out = new ArrayList<>();
        List<History> own = histories.getOrDefault(primitiveId, List.of());
        for (History h : own) presenceOf(h, ops).ifPresent(out::add);
        return migrations(own, out).presence();
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

    // ---- options ------------------------------------------------------------------------------

    /** The sets' values as Pacemaker resolves them: sets whose rule holds now, higher score first. */
    private Map<String, String> merged(List<NvSet> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : inEffect(sets)) s.values().forEach(out::putIfAbsent);
        return out;
    }

    /**
     * One element's attribute sets in the order they apply: sets whose rule does not hold at the
     * effective time are left out (no node: expressions on node attributes fail), the others by
     * score, highest first (document order between equal scores).
     */
    private List<NvSet> inEffect(List<NvSet> sets) {
        if (sets.stream().allMatch(s -> s.rule().isEmpty() && s.score() == 0)) return sets;
        RuleEvaluator.Context ctx = RuleEvaluator.Context.forNode(Map.of(), now);
        List<NvSet> out = new ArrayList<>();
        for (NvSet s : sets) {
            if (s.rule().map(r -> RuleEvaluator.matches(r, ctx)).orElse(true)) out.add(s);
        }
        out.sort(Comparator.comparingInt(NvSet::score).reversed());
        return out;
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

    /** A duration property in ms (Pacemaker's forms: "15", "15s", "500ms", "PT1M"); unreadable counts as `otherwise`. */
    private static long durationOr(String v, long otherwise) {
        if (v == null || v.isBlank()) return otherwise;
        try {
            return io.hapc.model.cib.Durations.parseMillis(v);
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    /** "#default" (and anything unknown) means "not set", as Pacemaker treats it. */
    private static Optional<Role> roleOrDefault(String v) {
        try {
            return Optional.of(Role.parse(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean truthy(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "on", "1" -> true;
            default -> false;
        };
    }

    // ---- nodes --------------------------------------------------------------------------------

    private List<NodeView> unpackNodes() {
        List<NodeView> out = new ArrayList<>();
        int index = 0;
        for (io.hapc.model.cib.Node n : cib.nodes()) {
            if (n.type() != null && n.type().equals("remote"))
                continue; // remote nodes follow their connection: RemoteNodes
            Optional<NodeRecord> st = cib.status().forNode(n.id());
            Map<String, String> attrs = new LinkedHashMap<>(merged(n.attributeSets()));
            st.ifPresent(s -> s.transientAttributes().forEach(attrs::put));
            attrs.put("#uname", n.uname());
            attrs.put("#id", n.id());
            attrs.put("#kind", "cluster");
            st.flatMap(NodeRecord::expected).ifPresent(e -> attrs.put("#expected", e));
            attrs.put(
                    "#is_dc", Boolean.toString(cib.dcUuid().map(n.id()::equals).orElse(false)));
            Map<String, Integer> capacity = new LinkedHashMap<>();
            merged(n.utilizationSets()).forEach((k, v) -> capacity.put(k, parseIntOr(v, 0)));
            NodeRecord state = st.orElse(null);
            NodeStatus status = membership(state);
            // terminate=true (stonith_admin/crm_node asking to fence a member): its state is no longer trusted.
            if (options.fencingEnabled()
                    && status.state() == NodeState.ONLINE
                    && truthy(attrs.getOrDefault("terminate", "false"))) {
                status = new NodeStatus(NodeState.UNCLEAN, Optional.of("fencing was requested"));
            }
            // A node that left without stopping what it ran (its history shows it still active): with
            // fencing, what ran there is in an unknown state until the node is reset (Pacemaker fences it).
            // (A node in maintenance is left alone: what it ran is taken as still running there.)
            if (options.fencingEnabled()
                    && status.state() == NodeState.OFFLINE
                    && state != null
                    && !truthy(attrs.getOrDefault("maintenance", "false"))) {
                Optional<String> active = firstActive(state).filter(this::managed);
                if (active.isPresent()) {
                    status = new NodeStatus(
                            NodeState.UNCLEAN, Optional.of(active.get() + " is thought to be active there"));
                }
            }
            // The controller asks a node to shut down with its transient attribute "shutdown" (the time asked);
            // older CIBs carry it on node_state.
            boolean shutdown = state != null
                            && state.shutdown()
                                    .map(s -> !s.isBlank() && !s.equals("0"))
                                    .orElse(false)
                    || Optional.ofNullable(
                                    st.isPresent()
                                            ? st.get().transientAttributes().get("shutdown")
                                            : null)
                            .map(s -> !s.isBlank() && !s.equals("0"))
                            .orElse(false);
            out.add(new NodeView(
                    n.uname(),
                    n.id(),
                    index++,
                    status.state(),
                    status.uncleanReason(),
                    truthy(attrs.getOrDefault("standby", "false")),
                    truthy(attrs.getOrDefault("maintenance", "false")),
                    shutdown && status.state() == NodeState.ONLINE,
                    Map.copyOf(attrs),
                    Map.copyOf(capacity)));
        }
        return out;
    }

    private record NodeStatus(NodeState state, Optional<String> uncleanReason) {}

    /** Membership from node_state, as Pacemaker's scheduler derives it (with and without fencing). */
    private NodeStatus membership(NodeRecord s) {
        var ONLINE = NodeState.ONLINE;
        var OFFLINE = NodeState.OFFLINE;
        var UNCLEAN = NodeState.UNCLEAN;
        if (s == null) {
            return options.fencingEnabled() && options.startupFencing()
                    ? new NodeStatus(UNCLEAN, Optional.of("node is unclean"))
                    : new NodeStatus(OFFLINE, Optional.empty());
        }
        boolean inCcm = s.inCcm().map(ClusterUnpacker::truthyOrTimestamp).orElse(false);
        boolean crmdOnline =
                s.crmd().map(c -> c.equals("online") || truthyOrTimestamp(c)).orElse(false);
        String join = s.join().orElse("down");
        String expected = s.expected().orElse("");
        if (!options.fencingEnabled()) {
            return inCcm && crmdOnline && join.equals("member")
                    ? new NodeStatus(ONLINE, Optional.empty())
                    : new NodeStatus(OFFLINE, Optional.empty());
        }
        // With fencing, as Pacemaker's scheduler reads a node_state. A node asked to shut down is up
        // while its controller is (it cannot be shut down once dead).
        if (shuttingDown(s)) return new NodeStatus(crmdOnline ? ONLINE : OFFLINE, Optional.empty());
        // A node the cluster does not expect as a member (expected="down", or nothing recorded yet) is
        // cleanly down, or still coming up when it is seen in the membership or its controller runs;
        // one that stays in the membership without its controller past node-pending-timeout is fenced.
        boolean expectedDown = s.expected().map("down"::equals).orElse(true);
        if (expectedDown && !join.equals("banned")) {
            if (pendingTooLong(s)) {
                return new NodeStatus(UNCLEAN, Optional.of("peer pending timed out on joining the process group"));
            }
            return inCcm || crmdOnline
                    ? new NodeStatus(NodeState.PENDING, Optional.empty())
                    : new NodeStatus(OFFLINE, Optional.empty());
        }
        if (inCcm && crmdOnline && join.equals("member")) return new NodeStatus(ONLINE, Optional.empty());
        if (inCcm && crmdOnline) {
            return join.equals("down") || join.equals("banned") && !expected.equals("member")
                    ? new NodeStatus(OFFLINE, Optional.empty())
                    : new NodeStatus(NodeState.PENDING, Optional.empty());
        }
        if (!inCcm) return new NodeStatus(UNCLEAN, Optional.of("peer is no longer part of the cluster"));
        return new NodeStatus(UNCLEAN, Optional.of("peer process is no longer available"));
    }

    /** The controller asked this node to shut down (its "shutdown" time, on node_state or as a transient attribute). */
    private static boolean shuttingDown(NodeRecord s) {
        return s.shutdown().map(v -> !v.isBlank() && !v.equals("0")).orElse(false)
                || Optional.ofNullable(s.transientAttributes().get("shutdown"))
                        .map(v -> !v.isBlank() && !v.equals("0"))
                        .orElse(false);
    }

    /**
     * A node in the membership since a recorded time (in_ccm as a timestamp) whose controller never came
     * online, for longer than node-pending-timeout (0, the default, waits for ever).
     */
    private boolean pendingTooLong(NodeRecord s) {
        long timeoutMs = durationOr(merged(cib.propertySets()).get("node-pending-timeout"), 0);
        if (timeoutMs <= 0) return false;
        Optional<Long> memberSince =
                s.inCcm().filter(v -> v.matches("\\d+")).map(Long::parseLong).filter(v -> v > 0);
        boolean controllerUp = s.crmd()
                .map(c -> c.equals("online") || truthyOrTimestamp(c) && !c.equals("0"))
                .orElse(false);
        return memberSince.isPresent() && !controllerUp && now.toEpochMilli() >= memberSince.get() * 1000 + timeoutMs;
    }

    /**
     * Remote nodes whose connection is no longer configured but still recorded (an orphaned
     * `ocf:pacemaker:remote` history, and a node state of that name): Pacemaker still knows the
     * node until its connection is stopped, so what runs there is stopped or moved.
     */
    private List<RemoteNodes.Definition> orphanedRemoteNodes(
            List<RemoteNodes.Definition> known, List<NodeView> clusterNodes) {
        Set<String> taken = new java.util.HashSet<>();
        known.forEach(d -> taken.add(d.name()));
        clusterNodes.forEach(n -> taken.add(n.name()));
        Set<String> configured = new java.util.HashSet<>();
        for (Resource r : cib.resources()) collectIds(r, configured);
        Set<String> stateNames = new java.util.HashSet<>();
        for (NodeRecord ns : cib.status().nodeStates()) {
            stateNames.add(ns.id());
            ns.uname().ifPresent(stateNames::add);
        }
        List<RemoteNodes.Definition> out = new ArrayList<>();
        for (NodeRecord ns : cib.status().nodeStates()) {
            for (ResourceHistory rh : ns.resources()) {
                String id = rh.id();
                if (!rh.standard().equals("ocf")
                        || !rh.provider().map("pacemaker"::equals).orElse(false)
                        || !rh.type().equals("remote")) continue;
                if (taken.contains(id) || configured.contains(id) || !stateNames.contains(id)) continue;
                taken.add(id);
                out.add(new RemoteNodes.Definition(id, new RemoteNode(id, Optional.empty()), Optional.empty()));
            }
        }
        return out;
    }

    private static boolean truthyOrTimestamp(String v) {
        return truthy(v) || v.matches("\\d{2,}");
    }

    // ---- resources ------------------------------------------------------------------------------

    /** History of one lrm_resource on one node. */
    private record History(String node, ResourceHistory history) {}

    private Map<String, List<History>> collectHistories() {
        Map<String, List<History>> out = new LinkedHashMap<>();
        for (NodeRecord s : cib.status().nodeStates()) {
            String node = nodeNameById.get(s.id());
            if (node == null) continue;
            for (ResourceHistory h : s.resources())
                out.computeIfAbsent(h.id(), k -> new ArrayList<>()).add(new History(node, h));
        }
        return out;
    }

    private static void collectIds(Resource r, Set<String> ids) {
        ids.add(r.id());
        if (r instanceof Resource.Group g) g.members().forEach(m -> ids.add(m.id()));
        if (r instanceof Resource.Clone c) collectIds(c.child(), ids);
    }

    private ResourceTree unpackResource(Resource r, Map<String, List<History>> histories, int nodeCount) {
        if (r instanceof Resource.Primitive p) {
            return new ResourceTree.Single(primitive(
                    p, p.id(), Optional.empty(), Optional.empty(), -1, List.of(), historiesOf(histories, p.id())));
        }
        if (r instanceof Resource.Group g)
            return group(g, g.id(), Optional.empty(), -1, List.of(), histories, Map.of());
        return clone((Resource.Clone) r, histories, nodeCount);
    }

    private List<History> historiesOf(Map<String, List<History>> histories, String id) {
        return histories.getOrDefault(id, List.of());
    }

    private ResourceTree.GroupOf group(
            Resource.Group g,
            String id,
            Optional<String> cloneId,
            int instance,
            List<NvSet> parentMeta,
            Map<String, List<History>> histories,
            Map<String, List<History>> instanceHistories) {
        List<NvSet> meta = new ArrayList<>(inEffect(g.metaSets()));
        meta.addAll(parentMeta);
        List<ResourceView> members = new ArrayList<>();
        for (Resource.Primitive p : g.members()) {
            String memberId = instance < 0 ? p.id() : p.id() + ":" + instance;
            List<History> h =
                    instance < 0 ? historiesOf(histories, p.id()) : instanceHistories.getOrDefault(p.id(), List.of());
            members.add(primitive(p, memberId, Optional.of(id), cloneId, instance, meta, h));
        }
        ResourceMeta groupMeta = resolveMeta(meta, null, cloneId.isPresent());
        // A group configured with multiple-active=block is blocked as a whole when one member is.
        if (groupMeta.multipleActive().equals("block")
                && members.stream().anyMatch(v -> multiplyActive(v.presence()))) {
            members.replaceAll(v -> v.meta().managed() ? withMeta(v, unmanaged(v.meta())) : v);
        }
        return new ResourceTree.GroupOf(id, g.id(), members, groupMeta);
    }

    /** Active (in any role) on more than one node. */
    private static boolean multiplyActive(List<Presence> presence) {
        return presence.stream()
                        .filter(pr -> pr.role() != Role.STOPPED)
                        .map(Presence::node)
                        .distinct()
                        .count()
                > 1;
    }

    private static ResourceMeta unmanaged(ResourceMeta m) {
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

    private ResourceTree.CloneOf clone(Resource.Clone c, Map<String, List<History>> histories, int nodeCount) {
        Map<String, String> m = new LinkedHashMap<>(merged(c.metaSets()));
        Map<String, String> rd = merged(cib.rscDefaults());
        rd.forEach(m::putIfAbsent);
        boolean promotable = c.promotableElement() || truthy(m.getOrDefault("promotable", "false"));
        int cloneNodeMax = parseIntOr(m.get("clone-node-max"), 1);
        int cloneMax = parseIntOr(m.get("clone-max"), nodeCount);
        boolean unique = truthy(m.getOrDefault("globally-unique", cloneNodeMax > 1 ? "true" : "false"));
        if (!unique) anonymousClones.add(c.id());
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
        List<Map<String, List<History>>> perInstance = new ArrayList<>();
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
            String node = nodeNameById.get(ns.id());
            if (node == null) continue;
            for (ResourceHistory rh : ns.resources()) {
                String hid = rh.id();
                String base = hid.contains(":") ? hid.substring(0, hid.lastIndexOf(':')) : hid;
                if (!primitiveIds.contains(base)) continue;
                History h = new History(node, rh);
                int inst = -1;
                if (!bundleGuests.isEmpty()) {
                    inst = bundleGuests.indexOf(node);
                    if (inst < 0 || inst >= cloneMax) continue;
                } else if (unique) {
                    if (!hid.contains(":")) continue;
                    inst = parseIntOr(hid.substring(hid.lastIndexOf(':') + 1), -1);
                    if (inst < 0 || inst >= cloneMax) continue;
                } else {
                    if (presenceOf(h, opsByPrimitive.get(base)).isEmpty()) {
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
                    boolean down = !upNodes.contains(node) && !guestNodes.contains(node);
                    if (inst >= 0
                            && inst < cloneMax
                            && down
                            && cloneMax < nodeCount
                            && !needsFencing.computeIfAbsent(
                                    base,
                                    b -> resolveMeta(childMeta(child, b, c.metaSets()), primitiveOf(child, b), true)
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
                ResourceTree.GroupOf gi = group(
                        g,
                        g.id() + ":" + i,
                        Optional.of(c.id()),
                        i,
                        inEffect(c.metaSets()),
                        histories,
                        perInstance.get(i));
                if (orphan)
                    gi = new ResourceTree.GroupOf(
                            gi.id(),
                            gi.configId(),
                            gi.members().stream().map(ClusterUnpacker::asOrphan).toList(),
                            gi.meta());
                instances.add(gi);
            } else {
                Resource.Primitive p = (Resource.Primitive) child;
                ResourceView v = primitive(
                        p,
                        p.id() + ":" + i,
                        Optional.empty(),
                        Optional.of(c.id()),
                        i,
                        inEffect(c.metaSets()),
                        perInstance.get(i).getOrDefault(p.id(), List.of()));
                instances.add(new ResourceTree.Single(orphan ? asOrphan(v) : v));
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
                resolveMeta(inEffect(c.metaSets()), null, false));
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
                String node = nodeNameById.get(ns.id());
                int p = node == null || !remoteNodes.contains(node) ? 0 : upNodes.contains(node) ? 1 : 2;
                if (p == pass) out.add(ns);
            }
        }
        return out;
    }

    /** An instance beyond the configured ones: it only stops. */
    private static ResourceView asOrphan(ResourceView v) {
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
                v.definitionChanges());
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
        List<NvSet> meta = new ArrayList<>(inEffect(primitiveOf(child, id).metaSets()));
        if (child instanceof Resource.Group g) meta.addAll(inEffect(g.metaSets()));
        meta.addAll(inEffect(cloneMeta));
        return meta;
    }

    private ResourceMeta resolveMeta(List<NvSet> ownThenParents, Resource.Primitive p, boolean cloneInstance) {
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
        Optional<Role> targetRole = Optional.ofNullable(m.get("target-role")).flatMap(ClusterUnpacker::roleOrDefault);
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

    private ResourceView primitive(
            Resource.Primitive p,
            String id,
            Optional<String> groupId,
            Optional<String> cloneId,
            int instance,
            List<NvSet> parentMeta,
            List<History> histories) {
        List<NvSet> meta = new ArrayList<>(inEffect(p.metaSets()));
        meta.addAll(parentMeta);
        ResourceMeta rm = resolveMeta(meta, p, cloneId.isPresent());
        List<Operation> ops = withOpDefaults(p.operations());
        Map<String, Integer> utilization = new LinkedHashMap<>();
        merged(p.utilizationSets()).forEach((k, v) -> utilization.put(k, parseIntOr(v, 0)));
        List<Presence> ownPresence = new ArrayList<>();
        for (History h : histories)
            presenceOf(h, ops, rm.failureTimeoutMs(), rm.container().isPresent())
                    .ifPresent(ownPresence::add);
        MigrationReplay.Result migrations = migrations(histories, ownPresence);
        List<Presence> presence = migrations.presence();
        List<HardFailure> hardFailures = new ArrayList<>();
        for (History h : histories) hardFailures.addAll(hardFailures(h, ops));
        List<DefinitionChange> definitionChanges = new ArrayList<>();
        if (rm.managed()) {
            for (History h : histories) {
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
        if (multiplyActive(presence) && rm.multipleActive().equals("block")) rm = unmanaged(rm);
        Map<String, Integer> failCounts = new LinkedHashMap<>();
        Map<String, Long> lastFailures = new LinkedHashMap<>();
        collectFailures(
                p.id(), id, cloneId.map(anonymousClones::contains).orElse(false), ops, failCounts, lastFailures);
        // A history recorded by another agent (class, provider or type changed) is deleted with its
        // fail count on that node: what the old agent did says nothing about the configured one.
        for (History h : histories) {
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
        for (History h : histories) h.history().shutdownLock().ifPresent(t -> shutdownLocks.put(h.node(), t));
        Set<String> historyNodes = new LinkedHashSet<>();
        histories.forEach(h -> historyNodes.add(h.node()));
        recorded.forEach((rid, hs) -> {
            if (rid.equals(p.id()) || rid.startsWith(p.id() + ":") && cloneId.isPresent())
                hs.forEach(h -> historyNodes.add(h.node()));
        });
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
                migrations.migration());
    }

    /** What the resource's live migrations imply across nodes (nodes that left cleanly recorded nothing that counts). */
    private MigrationReplay.Result migrations(List<History> histories, List<Presence> presence) {
        List<MigrationReplay.NodeOps> nodes = new ArrayList<>();
        for (History h : histories) {
            if (!cleanlyDownNodes.contains(h.node()))
                nodes.add(new MigrationReplay.NodeOps(h.node(), h.history().operations()));
        }
        return MigrationReplay.replay(nodes, presence, upNodes, ClusterUnpacker::expectedRc);
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
    private List<DefinitionChange> definitionChanges(Resource.Primitive p, History h, List<Operation> ops) {
        // A bundle's containers, addresses and connections are made from the bundle's definition, with parameters
        // Pacemaker derives its own way: their recorded digests can not be compared with ours.
        if (bundleMade(p.id())) return List.of();
        List<OperationRecord> records = new ArrayList<>(h.history().operations());
        records.sort(Comparator.comparingInt(OperationRecord::callId));
        int from = 0;
        for (int i = 0; i < records.size(); i++) {
            String task = records.get(i).operation();
            if (task.equals("start") || task.equals("migrate_from")) from = i;
        }
        Map<String, String> params = instanceParams(p, h.node());
        Optional<Long> defaultTimeout = Optional.ofNullable(
                        merged(cib.opDefaults()).get("timeout"))
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
        Map<String, String> attrs = nodeAttributes.getOrDefault(node, Map.of());
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

    /** The results on one node that say the resource cannot run there (or anywhere): failures.drl bans it. */
    private List<HardFailure> hardFailures(History h, List<Operation> ops) {
        List<HardFailure> out = new ArrayList<>();
        for (OperationRecord op : h.history().operations()) {
            // Only a completed result is read by its rc (an "error" status is an ordinary failure),
            // except "not installed", which an agent that cannot run reports with an error status.
            // The executor not finding the agent at all (op-status 7) is "not installed" whatever on-fail says.
            boolean agentMissing = op.opStatus() == 7;
            if (!agentMissing
                    && (op.opStatus() != 0 && !(op.opStatus() == 4 && op.rcCode() == 5)
                            || op.rcCode() == expectedRc(op))) continue;
            if (!agentMissing && onFailFor(op.operation(), op.intervalMs(), ops) == OnFail.IGNORE) continue;
            int rc = agentMissing ? 5 : op.rcCode();
            HardFailure.severityOf(rc)
                    .ifPresent(sev -> out.add(new HardFailure(
                            h.node(),
                            sev,
                            op.operation()
                                    + (op.intervalMs() > 0
                                            ? " (" + op.intervalMs() + "ms)"
                                            : op.operation().equals("monitor") ? " (probe)" : ""),
                            rc,
                            op.lastRcChange())));
        }
        return out;
    }

    private List<Operation> withOpDefaults(List<Operation> ops) {
        return ops; // op_defaults only set timeouts/intervals, which do not change placement decisions
    }

    /** anyInstance: an anonymous clone's instance, whose failures on a node add up under every instance name. */
    private void collectFailures(
            String primitiveId,
            String instanceId,
            boolean anyInstance,
            List<Operation> ops,
            Map<String, Integer> failCounts,
            Map<String, Long> lastFailures) {
        for (NodeRecord s : cib.status().nodeStates()) {
            String node = nodeNameById.get(s.id());
            if (node == null) continue;
            int count = 0;
            long last = 0;
            for (Map.Entry<String, String> a : s.transientAttributes().entrySet()) {
                String name = a.getKey();
                if (ignoredFailure(name, ops)) continue;
                if (matchesFailAttr(
                        name, FailureAttribute.Kind.FAIL_COUNT.prefix(), primitiveId, instanceId, anyInstance)) {
                    count = Score.add(count, Score.parse(a.getValue()));
                } else if (matchesFailAttr(
                        name, FailureAttribute.Kind.LAST_FAILURE.prefix(), primitiveId, instanceId, anyInstance)) {
                    last = Math.max(last, parseLongOr(a.getValue(), 0));
                }
            }
            if (count != 0) failCounts.put(node, count);
            if (last != 0) lastFailures.put(node, last);
        }
    }

    /** Failures of an operation with on-fail=ignore never count ("fail-count-rsc#monitor_10000"). */
    private static boolean ignoredFailure(String attribute, List<Operation> ops) {
        int hash = attribute.indexOf('#');
        if (hash < 0) return false;
        String opKey = attribute.substring(hash + 1);
        int us = opKey.lastIndexOf('_');
        if (us < 0) return false;
        String name = opKey.substring(0, us);
        long interval = parseLongOr(opKey.substring(us + 1), -1);
        return ops.stream()
                .anyMatch(o -> o.name().equals(name)
                        && o.intervalMs() == interval
                        && o.onFail().map(f -> f.equalsIgnoreCase("ignore")).orElse(false));
    }

    private static boolean matchesFailAttr(
            String name, String prefix, String primitiveId, String instanceId, boolean anyInstance) {
        if (!name.startsWith(prefix)) return false;
        String rest = name.substring(prefix.length());
        int hash = rest.indexOf('#');
        String rsc = hash >= 0 ? rest.substring(0, hash) : rest;
        if (rsc.equals(primitiveId) || rsc.equals(instanceId)) return true;
        return anyInstance
                && rsc.startsWith(primitiveId + ":")
                && rsc.substring(primitiveId.length() + 1).chars().allMatch(Character::isDigit);
    }

    /** Replays one resource's operation history on one node: its role there and any failure needing recovery. */
    private Optional<Presence> presenceOf(History h, List<Operation> ops) {
        return presenceOf(h, ops, 0, false);
    }

    /**
     * failureTimeoutMs: the resource's failure-timeout; a recurring monitor's failure older than it
     * has expired and is ignored (the resource counts as running there), unless on-fail=block keeps
     * it blocked. inContainer: the resource runs inside a container (meta container), whose
     * restart recovers its failures.
     */
    private Optional<Presence> presenceOf(History h, List<Operation> ops, long failureTimeoutMs, boolean inContainer) {
        if (cleanlyDownNodes.contains(h.node())) return Optional.empty(); // a node that left cleanly runs nothing
        List<OperationRecord> records = new ArrayList<>(h.history().operations());
        records.sort(Comparator.comparingInt(OperationRecord::callId));
        Role role = Role.STOPPED;
        boolean failed = false;
        Optional<String> failedTask = Optional.empty();
        OnFail failedOnFail = OnFail.RESTART;
        for (OperationRecord op : records) {
            String task = op.operation();
            if (op.opStatus() == 1) continue; // cancelled
            if (op.opStatus() == -1 || op.opStatus() == 193) { // still pending: assume it will succeed
                if (task.equals("start") || task.equals("migrate_from")) role = Role.STARTED;
                if (task.equals("promote")) role = Role.PROMOTED;
                continue;
            }
            int expected = expectedRc(op);
            int rc = op.rcCode();
            boolean probe = task.equals("monitor") && op.intervalMs() == 0;
            // A probe finding the agent not installed: not running there (failures.drl bans the node).
            if (probe && rc == 5) {
                role = Role.STOPPED;
                failed = false;
                failedTask = Optional.empty();
                continue;
            }
            // Like Pacemaker, trust the rc over a recorded "error" status: an rc that matches the
            // expected one is a success whatever op-status says (done = 0, error = 4).
            // An error rc (1-6, 9) is a failure even when the controller expected it (as a simulation may).
            boolean errorRc = rc >= 1 && rc <= 6 || rc == 9;
            boolean ok = (op.opStatus() == 0 || op.opStatus() == 4)
                    && (rc == expected && !errorRc
                            || rc == 190
                            || rc == 191
                            || probe && (rc == 7 || rc == 0 || rc == 8));
            if (ok && rc == 7) {
                // "not running" as expected (a probe, or any action the controller expected it from)
                role = Role.STOPPED;
                failed = false;
                failedTask = Optional.empty();
                continue;
            }
            if (ok) {
                switch (task) {
                    case "start", "migrate_from" -> role = Role.STARTED;
                    case "stop", "migrate_to" -> role = Role.STOPPED;
                    case "promote" -> role = Role.PROMOTED;
                    case "demote" -> role = Role.UNPROMOTED;
                    case "monitor" -> {
                        if (rc == 7) role = Role.STOPPED;
                        else if (rc == 8 || rc == 191) role = Role.PROMOTED;
                        else if (role == Role.STOPPED || role == Role.PROMOTED && probe) role = Role.STARTED;
                    }
                    default -> {}
                }
                if (!task.equals("monitor") || rc == 7 || probe) {
                    failed = false;
                    failedTask = Optional.empty();
                }
                continue;
            }
            OnFail onFail = onFailFor(task, op.intervalMs(), ops, inContainer);
            // Any failed operation expires, not only a recurring monitor's (a failed stop too), except a
            // missing agent.
            if (failureTimeoutMs > 0
                    && (onFail != OnFail.BLOCK || op.intervalMs() == 0)
                    && rc != 5
                    && op.opStatus() != 7
                    && op.lastRcChange() > 0
                    && op.lastRcChange() * 1000 + failureTimeoutMs <= now.toEpochMilli()) {
                continue; // an expired failure: as if it had not happened
            }
            // on-fail=ignore does not cover an agent the executor could not find (op-status 7): that always
            // needs recovery. (An agent that ran and said its tools are missing, rc 5, is ignored.)
            if (onFail == OnFail.IGNORE && op.opStatus() != 7) {
                if (task.equals("stop")) role = Role.STOPPED;
                continue;
            }
            failed = true;
            failedTask = Optional.of(task);
            failedOnFail = onFail;
            switch (task) {
                case "start", "migrate_from" -> role = Role.STARTED;
                // A failed stop inside a container: restarting the container stops it for sure
                // (Pacemaker shows it failed, "failure ignored", and not running).
                case "stop" ->
                    role = onFail == OnFail.RESTART_CONTAINER
                            ? Role.STOPPED
                            : role == Role.STOPPED ? Role.STARTED : role;
                case "promote" -> role = Role.PROMOTED;
                // A failed demote: still promoted only if on-fail=block keeps it as it is; else
                // (as Pacemaker) unpromoted, since recovery stops it before any promotion.
                case "demote" ->
                    role = onFail == OnFail.BLOCK ? Role.PROMOTED : rc == 7 ? Role.STOPPED : Role.UNPROMOTED;
                case "monitor" -> {
                    // A promoted monitor with on-fail=demote: it stays promoted until demoted.
                    if (onFail == OnFail.DEMOTE && expected == 8) role = Role.PROMOTED;
                    else if (rc == 7) role = Role.STOPPED;
                    else if (rc == 9 || rc == 8) role = Role.PROMOTED;
                    else if (role == Role.STOPPED) role = Role.STARTED;
                }
                default -> {}
            }
        }
        if (uncleanNodes.contains(h.node())) failed = false; // fencing the node settles whatever failed there
        // on-fail=demote: a promoted instance whose promote or promoted monitor failed is demoted,
        // not recovered; the failure is kept (failedTask) for the rule that demotes it.
        if (failed && failedOnFail == OnFail.DEMOTE && role == Role.PROMOTED) failed = false;
        if (role == Role.STOPPED && !failed) return Optional.empty();
        if (role == Role.STOPPED) {
            // Failed and found not running: nothing to stop, but the failure still counts for recovery.
            return Optional.of(new Presence(h.node(), Role.STOPPED, true, failedTask, failedOnFail));
        }
        return Optional.of(new Presence(h.node(), role, failed, failedTask, failedOnFail));
    }

    private static int expectedRc(OperationRecord op) {
        // transition-key "action:transition:target-rc:uuid"
        return op.transitionKey()
                .map(k -> {
                    String[] parts = k.split(":");
                    return parts.length >= 3 ? parseIntOr(parts[2], 0) : 0;
                })
                .orElse(0);
    }

    private OnFail onFailFor(String task, long intervalMs, List<Operation> ops) {
        return onFailFor(task, intervalMs, ops, false);
    }

    /** The op's on-fail, else the default: a failed stop fences (or blocks), except inside a container, which restarts. */
    private OnFail onFailFor(String task, long intervalMs, List<Operation> ops, boolean inContainer) {
        for (Operation o : ops) {
            if (o.name().equals(task)
                    && o.intervalMs() == intervalMs
                    && o.onFail().isPresent()) {
                return OnFail.parse(o.onFail().get());
            }
        }
        if (task.equals("stop") && inContainer) return OnFail.RESTART_CONTAINER;
        if (task.equals("stop")) return options.fencingEnabled() ? OnFail.FENCE : OnFail.BLOCK;
        return OnFail.RESTART;
    }

    private List<ResourceTree> orphans(Map<String, List<History>> histories, Set<String> configured) {
        List<ResourceTree> out = new ArrayList<>();
        for (Map.Entry<String, List<History>> e : histories.entrySet()) {
            String id = e.getKey();
            String base = id.contains(":") ? id.substring(0, id.lastIndexOf(':')) : id;
            if (configured.contains(id) || configured.contains(base)) continue;
            ResourceHistory first = e.getValue().get(0).history();
            List<Presence> presence = new ArrayList<>();
            for (History h : e.getValue()) presenceOf(h, List.of()).ifPresent(presence::add);
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

    static int parseIntOr(String s, int fallback) {
        if (s == null) return fallback;
        try {
            return Score.parse(s);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static long parseLongOr(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
