package io.hapc.daemon.dc;

import io.hapc.daemon.dc.NodeTrack.Join;
import io.hapc.daemon.lrm.LrmHistory;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.transport.Membership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC's knowledge of the nodes: who is a member, what each runs (its lrm history), its transient
 * attributes, who is leaving, who is still probing; and the CIB status section built from it.
 */
final class NodeTracker {
    private static final Logger log = LoggerFactory.getLogger(NodeTracker.class);

    /** A resource whose history an edit changed (a cleanup) on a member: it is probed there again. */
    record Reprobe(String node, String resource) {}

    private final java.util.function.Consumer<DcEvent> publish;
    private final Map<String, NodeTrack> tracks = new TreeMap<>();
    private final Map<String, Map<String, String>> attributes = new TreeMap<>();
    /** Members asked to probe new resources, and until when the DC waits for them before deciding. */
    private final Map<String, Instant> probing = new HashMap<>();
    /**
     * Resources a cleanup made a member forget and probe again, each until its answer (or the deadline): one
     * answer of the node does not answer the others (each forget is answered with the node's whole history, so
     * the first came while the others were still forgotten and unprobed, and the DC started one of those elsewhere
     * while it still ran there: found by the fault campaign).
     */
    private final Map<Reprobe, Instant> reprobing = new HashMap<>();

    private Membership membership;

    /** What the previous DC knew: failures stay; what runs where is asked again of every member (and stands until it answers). */
    NodeTracker(
            Cib start,
            Membership membership,
            Instant now,
            String warningPrefix,
            java.util.function.Consumer<DcEvent> publish) {
        this.publish = publish;
        this.membership = membership;
        for (NodeRecord s : start.status().nodeStates()) {
            String name = s.uname().orElse(s.id());
            Map<String, String> attrs = new LinkedHashMap<>(s.transientAttributes());
            attrs.keySet().removeIf(k -> k.startsWith(warningPrefix)); // a previous DC's warnings are its own
            attributes.put(name, attrs);
            boolean cleanlyDown = s.expected().map("down"::equals).orElse(false)
                    || s.join().map("down"::equals).orElse(false)
                            && s.expected().isEmpty();
            NodeTrack t = new NodeTrack(membership.contains(name) ? Join.PENDING : cleanlyDown ? Join.DOWN : Join.LOST);
            // A member's answer replaces this; until then (a member slower than the join timeout) what the CIB last
            // recorded there stands: forgotten, its resources would start elsewhere while it still runs them.
            t.history = s.resources();
            // Not restored from the stored status: a node that restarted is not leaving any more; one that
            // still is asks the new DC again (the node itself knows).
            t.pendingSince = now;
            t.askedAt = now;
            tracks.put(name, t);
        }
        for (String n : membership.nodes()) {
            NodeTrack t = tracks.computeIfAbsent(n, k -> new NodeTrack(Join.PENDING));
            if (t.join != Join.PENDING) t.shuttingDown = false;
            t.pending(now);
        }
    }

    Membership membership() {
        return membership;
    }

    Set<String> names() {
        return tracks.keySet();
    }

    boolean knows(String node) {
        return tracks.containsKey(node);
    }

    Optional<NodeTrack> track(String node) {
        return Optional.ofNullable(tracks.get(node));
    }

    boolean isMember(String node) {
        NodeTrack t = tracks.get(node);
        return t != null && t.member();
    }

    /** The members of {@code m} that were not members before: each is asked for its resources. */
    List<String> joined(Membership m, Instant now) {
        List<String> out = new ArrayList<>();
        for (String n : m.nodes()) {
            NodeTrack t = tracks.get(n);
            if (t == null || !membership.contains(n) || t.join == Join.LOST || t.join == Join.DOWN) {
                t = tracks.computeIfAbsent(n, k -> new NodeTrack(Join.PENDING));
                t.pending(now);
                t.shuttingDown = false;
                publish.accept(new DcEvent.NodeJoined(n));
                out.add(n);
            }
        }
        return out;
    }

    /** The nodes that are not in {@code m} any more: down after their shutdown, else lost. */
    List<String> left(Membership m) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, NodeTrack> e : tracks.entrySet()) {
            NodeTrack t = e.getValue();
            if (!m.contains(e.getKey()) && t.present()) {
                if (t.shuttingDown && activeOn(e.getKey()).isEmpty()) {
                    t.join = Join.DOWN;
                    publish.accept(new DcEvent.NodeLeft(e.getKey(), true));
                } else {
                    t.join = Join.LOST;
                    publish.accept(new DcEvent.NodeLeft(e.getKey(), false));
                }
                out.add(e.getKey());
            }
        }
        return out;
    }

    void membershipIs(Membership m) {
        membership = m;
    }

    /** A member reported everything it runs; false if it is not (or no longer) a member to hear. */
    boolean reported(String node, List<ResourceHistory> resources) {
        NodeTrack t = tracks.get(node);
        if (t == null || !membership.contains(node)) return false;
        t.history = resources;
        probing.remove(node);
        Set<String> known = new HashSet<>();
        resources.forEach(h -> known.add(h.id()));
        reprobing.keySet().removeIf(r -> r.node().equals(node) && known.contains(r.resource()));
        if (t.join == Join.PENDING) publish.accept(new DcEvent.NodeMember(node, resources.size()));
        t.join = Join.MEMBER;
        return true;
    }

    /** One resource's history after an action on {@code node}; false if the node is unknown. */
    boolean replaceHistory(String node, ResourceHistory h) {
        NodeTrack t = tracks.get(node);
        if (t == null) return false;
        List<ResourceHistory> next = new ArrayList<>();
        boolean found = false;
        for (ResourceHistory old : t.history) {
            if (old.id().equals(h.id())) {
                next.add(h);
                found = true;
            } else {
                next.add(old);
            }
        }
        if (!found) next.add(h);
        t.history = next;
        return true;
    }

    /** {@code node} was fenced: unless it is back as a member, it runs nothing and its attributes go. */
    void fenced(String node) {
        NodeTrack t = tracks.computeIfAbsent(node, k -> new NodeTrack(Join.DOWN));
        if (!membership.contains(node) || t.join != Join.MEMBER) {
            t.down();
            attributes.remove(node);
        }
    }

    /** Resources whose history on {@code node} says they may be active there. */
    List<String> activeOn(String node) {
        NodeTrack t = tracks.get(node);
        if (t == null) return List.of();
        return t.history.stream()
                .filter(LrmHistory::mayBeActive)
                .map(ResourceHistory::id)
                .toList();
    }

    Optional<ResourceHistory> history(String node, String rsc) {
        NodeTrack t = tracks.get(node);
        if (t == null) return Optional.empty();
        return t.history.stream().filter(h -> h.id().equals(rsc)).findFirst();
    }

    boolean hasRecord(String node, String rsc, String opId) {
        return history(node, rsc)
                .map(h -> h.operations().stream().anyMatch(o -> o.id().equals(opId)))
                .orElse(false);
    }

    /** The transient attributes of {@code node}, to change. */
    Map<String, String> attributesOf(String node) {
        return attributes.computeIfAbsent(node, k -> new LinkedHashMap<>());
    }

    Optional<Map<String, String>> existingAttributesOf(String node) {
        return Optional.ofNullable(attributes.get(node));
    }

    void probing(String node, Instant until) {
        probing.put(node, until);
    }

    /** `r.node()` was asked to forget and probe `r.resource()` again: nobody knows whether it runs there until it answers. */
    void reprobing(Reprobe r, Instant until) {
        reprobing.put(r, until);
    }

    /**
     * Members still pending whose last question is {@code interval} old, noted as asked now: asked again. A node that
     * missed the question (its view of who is DC lagged and it refused the question as from a deposed DC) or whose
     * answer was lost would otherwise stay pending for good, placed nowhere, after the join timeout.
     */
    List<String> pendingToAskAgain(Instant now, Duration interval) {
        List<String> out = new ArrayList<>();
        tracks.forEach((name, t) -> {
            if (t.join == Join.PENDING
                    && membership.contains(name)
                    && t.askedAt != null
                    && !t.askedAt.plus(interval).isAfter(now)) {
                t.askedAt = now;
                out.add(name);
            }
        });
        return out;
    }

    /** Whether a node that joined, or one asked to probe, may still report within {@code joinTimeout}. */
    boolean waitingForJoins(Instant now, Duration joinTimeout) {
        for (NodeTrack t : tracks.values()) {
            if (t.join == Join.PENDING
                    && t.pendingSince != null
                    && t.pendingSince.plus(joinTimeout).isAfter(now)) return true;
        }
        probing.values().removeIf(deadline -> !deadline.isAfter(now));
        reprobing.values().removeIf(deadline -> !deadline.isAfter(now));
        return !probing.isEmpty() || !reprobing.isEmpty();
    }

    List<String> members() {
        return tracks.entrySet().stream()
                .filter(e -> e.getValue().member())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Status edits (cleanup) come back through the CIB: take their attributes, and the histories
     * they changed; what changed on a member is returned, to be probed there again.
     */
    List<Reprobe> adoptStatus(Cib before, Cib edited) {
        List<Reprobe> out = new ArrayList<>();
        for (NodeRecord s : edited.status().nodeStates()) {
            String name = s.uname().orElse(s.id());
            attributes.put(name, new LinkedHashMap<>(s.transientAttributes()));
            NodeTrack t = tracks.get(name);
            if (t == null) continue;
            Map<String, ResourceHistory> old = byId(
                    before.status().forNode(s.id()).map(NodeRecord::resources).orElse(List.of()));
            Map<String, ResourceHistory> now = byId(s.resources());
            for (String rsc : old.keySet()) {
                if (!old.get(rsc).equals(now.get(rsc))) {
                    t.history = s.resources();
                    if (t.member()) out.add(new Reprobe(name, rsc));
                }
            }
        }
        return out;
    }

    private static Map<String, ResourceHistory> byId(List<ResourceHistory> list) {
        Map<String, ResourceHistory> out = new LinkedHashMap<>();
        list.forEach(h -> out.put(h.id(), h));
        return out;
    }

    /** The status section: one node_state per configured node, as Pacemaker's controller writes it. */
    Status status(List<Node> configured, Instant now) {
        List<NodeRecord> states = new ArrayList<>();
        for (Node n : configured) {
            NodeTrack t = tracks.get(n.uname());
            Map<String, String> attrs = attributes.getOrDefault(n.uname(), Map.of());
            Optional<String> uname = Optional.of(n.uname());
            if (t == null) {
                states.add(new NodeRecord(
                        n.id(),
                        uname,
                        Optional.of("false"),
                        Optional.of("offline"),
                        Optional.of("down"),
                        Optional.of("down"),
                        Optional.of("0"),
                        attrs,
                        List.of()));
                continue;
            }
            String shutdown = t.shuttingDown ? Long.toString(now.getEpochSecond()) : "0";
            states.add(
                    switch (t.join) {
                        case MEMBER ->
                            new NodeRecord(
                                    n.id(),
                                    uname,
                                    Optional.of("true"),
                                    Optional.of("online"),
                                    Optional.of("member"),
                                    Optional.of("member"),
                                    Optional.of(shutdown),
                                    attrs,
                                    t.history);
                        case PENDING ->
                            new NodeRecord(
                                    n.id(),
                                    uname,
                                    Optional.of("true"),
                                    Optional.of("online"),
                                    Optional.of("pending"),
                                    Optional.of("member"),
                                    Optional.of("0"),
                                    attrs,
                                    t.history);
                        case LOST ->
                            new NodeRecord(
                                    n.id(),
                                    uname,
                                    Optional.of("false"),
                                    Optional.of("offline"),
                                    Optional.of("down"),
                                    Optional.of("member"),
                                    Optional.of("0"),
                                    attrs,
                                    t.history);
                        case DOWN ->
                            new NodeRecord(
                                    n.id(),
                                    uname,
                                    Optional.of("false"),
                                    Optional.of("offline"),
                                    Optional.of("down"),
                                    Optional.of("down"),
                                    Optional.of("0"),
                                    attrs,
                                    List.of());
                    });
        }
        return new Status(states);
    }
}
