package io.hapc.daemon;

import io.hapc.engine.Decision;
import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.ActionType;
import io.hapc.engine.actions.TransitionGraph;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeState;
import io.hapc.model.cib.Status.ResourceHistory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order in which a node cut off from the cluster stops what it runs: the policy engine's own
 * answer to "this partition has no quorum" (no-quorum-policy=stop), on the last CIB the node has,
 * with this node's resources as its resource manager knows them now. The stops the engine plans on
 * this node, with every ordering between them (groups stop in reverse, `order A then B` stops B
 * before A, also through actions on other nodes), become waves: a wave stops only once every
 * earlier wave has stopped. What the engine does not stop here (it did not know it) stops last.
 */
final class CutOffStops {
    private static final Logger log = LoggerFactory.getLogger(CutOffStops.class);

    private CutOffStops() {}

    /** Waves of resource ids (as the node's history names them), the first to stop first. */
    static List<List<String>> waves(Cib latest, String node, List<ResourceHistory> local, List<String> active,
                                    Function<Cib, Decision> engine) {
        if (active.isEmpty()) return List.of();
        TransitionGraph graph;
        try {
            graph = engine.apply(withoutQuorum(latest, node, local)).transition().graph();
        } catch (RuntimeException | StackOverflowError e) {
            log.error("no order for the stops from the policy engine ({}): stopping {} at once", e.toString(), active);
            return List.of(active);
        }
        Map<Integer, Action> byId = new HashMap<>();
        graph.actions().forEach(a -> byId.put(a.id(), a));
        Map<Integer, List<Integer>> before = new HashMap<>();
        for (TransitionGraph.Edge e : graph.edges()) before.computeIfAbsent(e.after(), k -> new ArrayList<>()).add(e.before());
        // This node's stops (a demote counts as part of its stop), by the resource the node knows.
        Map<Integer, String> localStops = new LinkedHashMap<>();
        for (Action a : graph.topologicalOrder()) {
            if (!a.node().equals(node) || a.resource().isEmpty()) continue;
            if (a.type() != ActionType.STOP && a.type() != ActionType.DEMOTE) continue;
            matching(a.resource().get(), active).ifPresent(r -> localStops.put(a.id(), r));
        }
        // A stop's wave: one after the latest wave of any local stop ordered (transitively) before it.
        Map<String, Integer> wave = new HashMap<>();
        Map<Integer, Integer> memo = new HashMap<>();
        for (Map.Entry<Integer, String> s : localStops.entrySet()) {
            int w = waveOf(s.getKey(), localStops, before, memo, new HashSet<>());
            wave.merge(s.getValue(), w, Math::max);
        }
        TreeMap<Integer, List<String>> byWave = new TreeMap<>();
        wave.forEach((r, w) -> byWave.computeIfAbsent(w, k -> new ArrayList<>()).add(r));
        List<List<String>> out = new ArrayList<>();
        byWave.values().forEach(l -> out.add(l.stream().sorted().toList()));
        List<String> unplanned = active.stream().filter(r -> !wave.containsKey(r)).sorted().toList();
        if (!unplanned.isEmpty()) out.add(unplanned);
        return out;
    }

    private static int waveOf(int id, Map<Integer, String> localStops, Map<Integer, List<Integer>> before,
                              Map<Integer, Integer> memo, Set<Integer> visiting) {
        Integer known = memo.get(id);
        if (known != null) return known;
        if (!visiting.add(id)) return 0; // the graph has no cycles; this only guards against one
        int w = 0;
        for (int b : before.getOrDefault(id, List.of())) {
            int bw = waveOf(b, localStops, before, memo, visiting);
            w = Math.max(w, localStops.containsKey(b) ? bw + 1 : bw);
        }
        visiting.remove(id);
        memo.put(id, w);
        return w;
    }

    /** The engine's action names clone instances "db:1"; the node's history may name them "db". */
    private static Optional<String> matching(String resource, List<String> active) {
        if (active.contains(resource)) return Optional.of(resource);
        int colon = resource.lastIndexOf(':');
        String base = colon > 0 ? resource.substring(0, colon) : resource;
        return active.contains(base) ? Optional.of(base) : Optional.empty();
    }

    /** The last CIB, seen from a partition without quorum, with what this node runs now. */
    static Cib withoutQuorum(Cib latest, String node, List<ResourceHistory> local) {
        List<NodeState> states = new ArrayList<>();
        boolean found = false;
        for (NodeState s : latest.status().nodeStates()) {
            if (s.uname().orElse(s.id()).equals(node)) {
                found = true;
                states.add(new NodeState(s.id(), s.uname(), Optional.of("true"), Optional.of("online"), Optional.of("member"),
                        Optional.of("member"), Optional.of("0"), s.transientAttributes(), local, s.nodeFenced()));
            } else {
                states.add(s);
            }
        }
        if (!found) {
            String id = latest.nodes().stream().filter(n -> n.uname().equals(node)).map(io.hapc.model.cib.Node::id).findFirst()
                    .orElse(node);
            states.add(new NodeState(id, Optional.of(node), Optional.of("true"), Optional.of("online"), Optional.of("member"),
                    Optional.of("member"), Optional.of("0"), Map.of(), local, Optional.empty()));
        }
        return latest.withStatus(new Status(states)).withQuorum(false);
    }
}
