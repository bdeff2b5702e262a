package io.hapc.engine.actions;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.OrderKind;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the transition graph from the resource plans: actions plus the edges that order them. */
final class GraphBuilder {
    private final List<Action> actions = new ArrayList<>();
    private final List<TransitionGraph.Edge> edges = new ArrayList<>();
    private final Map<String, List<Action>> byResourceAndType = new HashMap<>();

    private GraphBuilder() {}

    static TransitionGraph build(
            ClusterView view,
            Map<String, ResourcePlan> plans,
            Map<String, String> fencedNodes,
            List<OrderEdge> orderings) {
        GraphBuilder b = new GraphBuilder();
        List<Action> fences = new ArrayList<>();
        Action previousFence = null;
        for (Map.Entry<String, String> f : fencedNodes.entrySet()) {
            Action a = b.add(ActionType.FENCE, null, f.getKey(), 0, true, false, f.getValue());
            if (previousFence != null && !view.options().concurrentFencing())
                b.edge(previousFence, a, "concurrent-fencing=false");
            previousFence = a;
            fences.add(a);
        }
        for (ResourcePlan p : plans.values()) b.addResource(p, fences);
        for (ResourceTree t : view.treesById().values()) {
            if (t instanceof ResourceTree.CloneOf c && c.promotable()) b.demotesBeforePromotes(c, plans);
        }
        for (OrderEdge e : orderings) {
            if (e.kind() == OrderKind.SERIALIZE) continue;
            for (Action first : b.actionsFor(view, plans, e.first(), e.firstAction())) {
                for (Action then : b.actionsFor(view, plans, e.then(), e.thenAction())) {
                    b.edge(first, then, "order " + e.source());
                }
            }
        }
        return new TransitionGraph(b.actions, b.edges);
    }

    private Action add(
            ActionType type,
            String rsc,
            String node,
            long intervalMs,
            boolean runnable,
            boolean pseudo,
            String reason) {
        Action a = new Action(
                actions.size() + 1,
                type,
                Optional.ofNullable(rsc),
                node,
                intervalMs,
                runnable,
                pseudo,
                Optional.ofNullable(reason));
        actions.add(a);
        if (rsc != null)
            byResourceAndType
                    .computeIfAbsent(rsc + "\u0000" + type, k -> new ArrayList<>())
                    .add(a);
        return a;
    }

    private void edge(Action before, Action after, String reason) {
        if (before.id() != after.id()) edges.add(new TransitionGraph.Edge(before.id(), after.id(), reason));
    }

    private void addResource(ResourcePlan p, List<Action> fences) {
        if (p.frozen()) return;
        String id = p.resource().id();
        List<Action> stops = new ArrayList<>();
        for (String n : p.stops()) {
            boolean pseudo = p.stopsImpliedByFencing().contains(n);
            Action demote = null;
            if (p.currentRole() == Role.PROMOTED && !pseudo) {
                demote = add(ActionType.DEMOTE, id, n, 0, p.stopRunnable(), false, null);
            }
            Action stop = add(ActionType.STOP, id, n, 0, p.stopRunnable(), pseudo, null);
            if (demote != null) edge(demote, stop, "demote before stop");
            if (pseudo)
                fences.stream().filter(f -> f.node().equals(n)).forEach(f -> edge(f, stop, "stop implied by fencing"));
            stops.add(stop);
        }
        Optional<String> next = p.nextNode();
        if (next.isEmpty()) return;
        String node = next.get();
        Action start = null;
        if (p.starts()) {
            start = add(ActionType.START, id, node, 0, p.startRunnable(), false, null);
            for (Action s : stops) edge(s, start, "stop before start");
            for (Action f : fences) edge(f, start, "fencing before recovery");
        }
        Action roleChange = null;
        boolean promotedNow =
                p.currentRole() == Role.PROMOTED && p.currentNodes().contains(node) && start == null;
        if (p.repromotes()) {
            // on-fail=demote: demoted, then promoted again where it is.
            Action demote = add(ActionType.DEMOTE, id, node, 0, true, false, null);
            roleChange = add(ActionType.PROMOTE, id, node, 0, true, false, null);
            edge(demote, roleChange, "demote before promote again");
        } else if (p.nextRole() == Role.PROMOTED && !promotedNow) {
            roleChange = add(ActionType.PROMOTE, id, node, 0, start == null || p.startRunnable(), false, null);
            if (start != null) edge(start, roleChange, "start before promote");
        } else if (p.nextRole() != Role.PROMOTED && promotedNow) {
            roleChange = add(ActionType.DEMOTE, id, node, 0, true, false, null);
        }
        Action after = roleChange != null ? roleChange : start;
        if (after == null) return;
        for (Operation op : p.recurringMonitors()) {
            boolean forRole = op.role()
                    .map(r -> r == p.nextRole()
                            || r == Role.STARTED && p.nextRole() == Role.UNPROMOTED
                            || r == Role.UNPROMOTED && p.nextRole() == Role.STARTED)
                    .orElse(true);
            if (!forRole) continue;
            Action mon = add(ActionType.MONITOR, id, node, op.intervalMs(), after.runnable(), false, null);
            edge(after, mon, "monitor after " + after.type().task());
        }
    }

    /**
     * A promotable clone's instances leave the promoted role before another takes it, as Pacemaker orders a
     * promotable clone's demotes before its promotes: each promote waits for every demote of the clone, and for
     * the stop of a promoted instance that fencing implies (it has no demote: the fencing is its end). Without
     * it a new promotion ran before the old one's demote (the fault campaign: two promoted for a second when
     * the promoted node was put in standby).
     */
    private void demotesBeforePromotes(ResourceTree.CloneOf clone, Map<String, ResourcePlan> plans) {
        List<Action> leaving = new ArrayList<>();
        List<Action> promotes = new ArrayList<>();
        for (var r : clone.primitives().toList()) {
            leaving.addAll(byResourceAndType.getOrDefault(r.id() + "\u0000" + ActionType.DEMOTE, List.of()));
            ResourcePlan p = plans.get(r.id());
            if (p != null && p.currentRole() == Role.PROMOTED)
                for (Action stop : byResourceAndType.getOrDefault(r.id() + "\u0000" + ActionType.STOP, List.of()))
                    if (stop.pseudo()) leaving.add(stop);
            promotes.addAll(byResourceAndType.getOrDefault(r.id() + "\u0000" + ActionType.PROMOTE, List.of()));
        }
        for (Action before : leaving)
            for (Action promote : promotes)
                if (!before.resource().equals(promote.resource()))
                    edge(before, promote, "demote before promote in " + clone.id());
    }

    private List<Action> actionsFor(ClusterView view, Map<String, ResourcePlan> plans, String id, String task) {
        ActionType type = switch (task) {
            case "stop" -> ActionType.STOP;
            case "promote" -> ActionType.PROMOTE;
            case "demote" -> ActionType.DEMOTE;
            default -> ActionType.START;
        };
        List<String> prims = new ArrayList<>();
        if (plans.containsKey(id)) {
            prims.add(id);
        } else {
            ResourceTree t = view.treesById().get(id);
            if (t != null) t.primitives().forEach(r -> prims.add(r.id()));
            else
                plans.values().stream()
                        .filter(p -> p.resource().primitiveId().equals(id))
                        .forEach(p -> prims.add(p.resource().id()));
        }
        List<Action> out = new ArrayList<>();
        for (String p : prims) out.addAll(byResourceAndType.getOrDefault(p + "\u0000" + type, List.of()));
        return out;
    }
}
