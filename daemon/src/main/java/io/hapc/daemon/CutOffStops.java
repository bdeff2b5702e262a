package io.hapc.daemon;

import io.hapc.engine.Decision;
import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.ActionType;
import io.hapc.engine.actions.TransitionGraph;
import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
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
 * What a node cut off from the cluster does: the policy engine's own answer to "this partition has
 * no quorum" (quorum.drl, by no-quorum-policy), on the last CIB the node has, with this node's
 * resources as its resource manager knows them now. The node takes from the decision only what
 * the quorum rules asked for, read from their typed facts: stops (StopRequest NO_QUORUM), demotes
 * (DemoteRequest), fencing itself (FenceRequest NO_QUORUM); anything else a stale CIB might suggest
 * (a move) is not for a node without a DC to carry out. The stops and demotes the engine plans on
 * this node, with every ordering between them (groups stop in reverse, `order A then B` stops B
 * before A, also through actions on other nodes), become waves: a wave begins only once every
 * earlier wave has ended. When the rules stop everything, what the engine does not know stops last.
 */
final class CutOffStops {
    private static final int OCF_RUNNING_PROMOTED = 8;
    private static final Logger log = LoggerFactory.getLogger(CutOffStops.class);

    private CutOffStops() {}

    /** The plan for {@code active} (resource ids as the node's history names them). */
    static CutOffPlan plan(
            Cib latest, String node, List<ResourceHistory> local, List<String> active, Function<Cib, Decision> engine) {
        return plan(latest, node, local, active, engine, false);
    }

    /**
     * How to stop all of {@code active} whatever no-quorum-policy says (a node leaving without a DC):
     * the engine's order where it stops, then the rest; every instance this node's history shows
     * promoted is demoted before its stop, whether the policy would have stopped it or not.
     */
    static CutOffPlan stopEverything(
            Cib latest, String node, List<ResourceHistory> local, List<String> active, Function<Cib, Decision> engine) {
        CutOffPlan plan = plan(latest, node, local, active, engine, true);
        Set<String> demoteFirst = new HashSet<>(plan.demoteBeforeStop());
        local.stream()
                .filter(CutOffStops::promoted)
                .map(ResourceHistory::id)
                .filter(active::contains)
                .forEach(demoteFirst::add);
        return new CutOffPlan(plan.waves(), Set.of(), demoteFirst, false);
    }

    /** Promoted by this node's own history: its last completed operation promoted it or found it promoted (rc 8). */
    private static boolean promoted(ResourceHistory h) {
        return OperationHistory.inCallOrder(h).stream()
                .filter(op -> !OperationHistory.pending(op) && !OperationHistory.cancelled(op))
                .filter(op ->
                        op.rcCode() == OCF_RUNNING_PROMOTED || !op.operation().equals("monitor"))
                .reduce((first, second) -> second)
                .map(op -> op.rcCode() == OCF_RUNNING_PROMOTED
                        || op.operation().equals("promote") && OperationHistory.succeeded(op))
                .orElse(false);
    }

    private static CutOffPlan plan(
            Cib latest,
            String node,
            List<ResourceHistory> local,
            List<String> active,
            Function<Cib, Decision> engine,
            boolean stopEverything) {
        Decision decision;
        try {
            decision = engine.apply(withoutQuorum(latest, node, local));
        } catch (RuntimeException | StackOverflowError e) {
            log.error("no plan for the cut-off from the policy engine ({}): stopping {} at once", e.toString(), active);
            return CutOffPlan.stopAll(active);
        }
        DerivedFacts facts = decision.derived();
        boolean fenceSelf = facts.fencing().stream()
                .anyMatch(f ->
                        f.cause() == FenceRequest.Cause.NO_QUORUM && f.node().equals(node));
        boolean stopAll =
                stopEverything || facts.stopRequests().stream().anyMatch(s -> s.kind() == StopRequest.Kind.NO_QUORUM);
        boolean demotes = !facts.demoteRequests().isEmpty();
        if (!stopAll && !demotes || active.isEmpty()) return new CutOffPlan(List.of(), Set.of(), fenceSelf);
        TransitionGraph graph = decision.transition().graph();
        Map<Integer, List<Integer>> before = new HashMap<>();
        for (TransitionGraph.Edge e : graph.edges())
            before.computeIfAbsent(e.after(), k -> new ArrayList<>()).add(e.before());
        // This node's stops and demotes (a demote before a stop counts as part of the stop), by the resource the node
        // knows.
        Map<Integer, String> localActions = new LinkedHashMap<>();
        Set<String> stopped = new HashSet<>();
        Set<String> demoted = new HashSet<>();
        for (Action a : graph.topologicalOrder()) {
            if (!a.node().equals(node) || a.resource().isEmpty()) continue;
            if (a.type() != ActionType.STOP && a.type() != ActionType.DEMOTE) continue;
            // the record this node holds for the instance (an anonymous one may carry another number, or none)
            String recorded = Optional.ofNullable(
                            decision.cluster().primitivesById().get(a.resource().get()))
                    .map(v -> v.lrmNames().on(node))
                    .orElse(a.resource().get());
            matching(recorded, active).ifPresent(r -> {
                localActions.put(a.id(), r);
                (a.type() == ActionType.STOP ? stopped : demoted).add(r);
            });
        }
        // An action's wave: one after the latest wave of any local action ordered (transitively) before it.
        Map<String, Integer> wave = new HashMap<>();
        Map<Integer, Integer> memo = new HashMap<>();
        for (Map.Entry<Integer, String> s : localActions.entrySet()) {
            int w = waveOf(s.getKey(), localActions, before, memo, new HashSet<>());
            wave.merge(s.getValue(), w, Math::max);
        }
        TreeMap<Integer, List<String>> byWave = new TreeMap<>();
        wave.forEach((r, w) -> byWave.computeIfAbsent(w, k -> new ArrayList<>()).add(r));
        List<List<String>> out = new ArrayList<>();
        byWave.values().forEach(l -> out.add(l.stream().sorted().toList()));
        if (stopAll) {
            List<String> unplanned =
                    active.stream().filter(r -> !wave.containsKey(r)).sorted().toList();
            if (!unplanned.isEmpty()) out.add(unplanned);
        }
        // The engine demotes a promoted instance before it stops it: so must the node.
        Set<String> demoteBeforeStop = new HashSet<>(demoted);
        demoteBeforeStop.retainAll(stopped);
        demoted.removeAll(stopped);
        return stopEverything
                ? new CutOffPlan(out, Set.of(), demoteBeforeStop, false)
                : new CutOffPlan(out, demoted, demoteBeforeStop, fenceSelf);
    }

    private static int waveOf(
            int id,
            Map<Integer, String> localStops,
            Map<Integer, List<Integer>> before,
            Map<Integer, Integer> memo,
            Set<Integer> visiting) {
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
        List<NodeRecord> states = new ArrayList<>();
        boolean found = false;
        for (NodeRecord s : latest.status().nodeStates()) {
            if (s.uname().orElse(s.id()).equals(node)) {
                found = true;
                states.add(new NodeRecord(
                        s.id(),
                        s.uname(),
                        Optional.of("true"),
                        Optional.of("online"),
                        Optional.of("member"),
                        Optional.of("member"),
                        Optional.of("0"),
                        s.transientAttributes(),
                        local,
                        s.nodeFenced()));
            } else {
                states.add(s);
            }
        }
        if (!found) {
            String id = latest.nodes().stream()
                    .filter(n -> n.uname().equals(node))
                    .map(io.hapc.model.cib.Node::id)
                    .findFirst()
                    .orElse(node);
            states.add(new NodeRecord(
                    id,
                    Optional.of(node),
                    Optional.of("true"),
                    Optional.of("online"),
                    Optional.of("member"),
                    Optional.of("member"),
                    Optional.of("0"),
                    Map.of(),
                    local,
                    Optional.empty()));
        }
        return latest.withStatus(new Status(states)).withQuorum(false);
    }
}
