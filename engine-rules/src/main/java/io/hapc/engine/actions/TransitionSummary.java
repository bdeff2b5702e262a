package io.hapc.engine.actions;

import io.hapc.engine.assign.Placement;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Transition Summary of the plans, worded as Pacemaker's crm_simulate words it. */
final class TransitionSummary {
    private final ClusterView view;
    private final Placement placement;
    private final Map<String, ResourcePlan> plans;
    private final Map<String, String> fencedNodes;
    private final Map<String, String> unfencedNodes;

    TransitionSummary(
            ClusterView view,
            Placement placement,
            Map<String, ResourcePlan> plans,
            Map<String, String> fencedNodes,
            Map<String, String> unfencedNodes) {
        this.view = view;
        this.placement = placement;
        this.plans = plans;
        this.fencedNodes = fencedNodes;
        this.unfencedNodes = unfencedNodes;
    }

    /** The Transition Summary lines: fencing first, then each primitive's actions in plan order. */
    List<SummaryLine> lines() {
        List<SummaryLine> out = new ArrayList<>();
        String action = view.options().fencingAction();
        for (Map.Entry<String, String> f : fencedNodes.entrySet()) {
            // A guest node is fenced by recovering its container: the line names it.
            Optional<String> container = view.node(f.getKey())
                    .flatMap(NodeView::remote)
                    .flatMap(io.hapc.engine.cluster.RemoteNode::container);
            String subject =
                    container.map(c -> f.getKey() + " (resource: " + c + ")").orElse(f.getKey());
            // A guest whose container will not run again is switched off, not rebooted (as Pacemaker).
            String fenceAction =
                    container.isPresent() && placement.node(container.get()).isEmpty() ? "off" : action;
            out.add(new SummaryLine("Fence (" + fenceAction + ")", subject, "", Optional.of(f.getValue()), false));
        }
        unfencedNodes.forEach((node, why) -> out.add(new SummaryLine("Fence (on)", node, "", Optional.of(why), false)));
        for (ResourcePlan p : plans.values()) out.addAll(linesFor(p));
        return out;
    }

    List<SummaryLine> linesFor(ResourcePlan p) {
        String id = p.rsc.id();
        if (p.frozen) {
            if (p.mustStopButCannot) return List.of();
            return List.of();
        }
        boolean stopBlocked = !p.stopRunnable;
        if (p.current.isEmpty()) {
            if (!p.start) return List.of();
            Optional<String> reason = Optional.ofNullable(p.startReason);
            if (p.nextRole == Role.PROMOTED) {
                // The promote itself has no reason of its own: what holds the start back is not printed.
                return List.of(new SummaryLine(
                        "Promote", id, "Stopped -> Promoted " + p.next, Optional.empty(), !p.startRunnable));
            }
            return List.of(new SummaryLine("Start", id, p.next, reason, !p.startRunnable));
        }
        String from = p.current.get(0);
        String stopReason = p.stopReason == null ? "node availability" : p.stopReason;
        if (p.forcedStop || p.next == null) {
            List<SummaryLine> out = new ArrayList<>();
            for (String n : p.current) {
                String r = p.impliedByFencing.contains(n) && !stopReason.startsWith("unrunnable ")
                        ? "node availability"
                        : stopReason;
                out.add(new SummaryLine(
                        "Stop",
                        id,
                        roleDetail(p.currentRole, n),
                        r.equals(ActionPlanner.NO_REASON) ? Optional.empty() : Optional.of(r),
                        stopBlocked));
            }
            return out;
        }
        boolean multi =
                p.current.stream().filter(n -> !p.impliedByFencing.contains(n)).count() > 1;
        // A copy left on a node being fenced goes with the fencing: what runs elsewhere is where it moves from.
        from = p.current.stream()
                .filter(n -> !p.impliedByFencing.contains(n))
                .findFirst()
                .orElse(from);
        if (multi && p.current.contains(p.next)) {
            // multiple-active=stop_unexpected: a failed resource is recovered where it should run because it was
            // found active elsewhere too (Pacemaker says so; a plain restart gives no reason).
            Optional<String> why = p.failed && p.rsc.meta().multipleActive().equals("stop_unexpected")
                    ? Optional.of("being multiply active")
                    : Optional.empty();
            return List.of(new SummaryLine(p.failed ? "Recover" : "Restart", id, p.next, why, false));
        }
        if (!p.next.equals(from)) {
            String verb = p.failed ? "Recover" : ActionPlanner.migrates(p) ? "Migrate" : "Move";
            boolean needRole = p.currentRole == Role.PROMOTED || p.nextRole == Role.PROMOTED;
            String details = !needRole
                    ? from + " -> " + p.next
                    : p.currentRole == p.nextRole
                            ? p.currentRole.display() + " " + from + " -> " + p.next
                            : p.currentRole.display() + " " + from + " -> " + p.nextRole.display() + " " + p.next;
            Optional<String> reason =
                    p.startRunnable ? Optional.ofNullable(p.unmigratableReason) : Optional.ofNullable(p.startReason);
            return List.of(new SummaryLine(verb, id, details, reason, !p.startRunnable));
        }
        // same node
        if (p.start) {
            if (p.failed) return List.of(new SummaryLine("Recover", id, inPlace(p), Optional.empty(), false));
            return List.of(
                    new SummaryLine("Restart", id, inPlace(p), Optional.ofNullable(p.restartReason), !p.startRunnable));
        }
        if (p.reload) return List.of(new SummaryLine("Reload", id, inPlace(p), Optional.empty(), false));
        if (repromotes(p)) return List.of(new SummaryLine("Re-promote", id, inPlace(p), Optional.empty(), false));
        if (p.currentRole != Role.PROMOTED && p.nextRole == Role.PROMOTED) {
            return List.of(new SummaryLine("Promote", id, "Unpromoted -> Promoted " + p.next, Optional.empty(), false));
        }
        if (p.currentRole == Role.PROMOTED && p.nextRole != Role.PROMOTED) {
            return List.of(new SummaryLine("Demote", id, "Promoted -> Unpromoted " + p.next, Optional.empty(), false));
        }
        return List.of();
    }

    private static boolean repromotes(ResourcePlan p) {
        return p.repromotes();
    }

    /** Details of an action in place: the node, and the roles when a promoted role is involved. */
    private static String inPlace(ResourcePlan p) {
        boolean needRole =
                p.currentRole == Role.PROMOTED || p.currentRole == Role.UNPROMOTED || p.nextRole == Role.PROMOTED;
        if (!needRole) return p.next;
        // Recovering or restarting in the same role names the role once: "Promoted node1".
        return p.currentRole == p.nextRole
                ? p.currentRole.display() + " " + p.next
                : p.currentRole.display() + " -> " + p.nextRole.display() + " " + p.next;
    }

    private static String roleDetail(Role role, String node) {
        return role == Role.PROMOTED || role == Role.UNPROMOTED ? role.display() + " " + node : node;
    }
}
