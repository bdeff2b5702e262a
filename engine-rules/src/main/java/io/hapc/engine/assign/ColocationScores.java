package io.hapc.engine.assign;

import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A unit's node scores: its location scores, then its colocations in Pacemaker's order (mandatory
 * colocations with placed primaries, dependents' mandatory preferences, then the optional ones,
 * each rolled back if it leaves no node), through bundles' containers and remote connections.
 */
final class ColocationScores {
    private final AssignmentInputs inputs;
    private final AssignmentProgress progress;

    ColocationScores(AssignmentInputs inputs, AssignmentProgress progress) {
        this.inputs = inputs;
        this.progress = progress;
    }

    NodeScoreSheet baseSheet(List<String> targets) {
        NodeScoreSheet sheet = new NodeScoreSheet(inputs.nodeIndex);
        for (NodeView n : inputs.view.nodes()) {
            boolean allowed = inputs.view.options().symmetricCluster()
                    || targets.stream()
                            .anyMatch(t -> inputs.locationNodesByTarget
                                    .getOrDefault(t, Set.of())
                                    .contains(n.name()));
            if (allowed) sheet.allow(n.name());
        }
        for (String t : targets) {
            for (ScoreContribution s : inputs.scoresByTarget.getOrDefault(t, List.of())) {
                if (sheet.contains(s.node())
                        || !inputs.view.options().symmetricCluster() && s.kind() == ScoreContribution.Kind.LOCATION) {
                    sheet.add(s.node(), s.score(), s.reason(), s.rule());
                }
            }
        }
        return sheet;
    }

    void applyColocations(ResourceTree unit, NodeScoreSheet sheet, Optional<Role> forRole) {
        applyColocations(unit, sheet, forRole, true);
        applyColocations(unit, sheet, forRole, false);
    }

    /**
     * Applies this unit's colocations with already placed primaries: the mandatory ones (with
     * `mandatory`) or the optional ones. Like Pacemaker, an optional colocation that would leave the
     * resource no available node is rolled back: keeping resources active beats a preference.
     */
    void applyColocations(ResourceTree unit, NodeScoreSheet sheet, Optional<Role> forRole, boolean mandatory) {
        for (ColocationEdge e : inputs.edgesByDependentUnit.getOrDefault(unit.id(), List.of())) {
            // A colocation of a promotable clone's role (Promoted or Unpromoted) decides roles, not nodes.
            if (e.dependentRole().map(r -> r == Role.PROMOTED).orElse(false) && forRole.isEmpty()) continue;
            if (e.dependentRole().map(r -> r == Role.UNPROMOTED).orElse(false)
                    && unit instanceof ResourceTree.CloneOf c
                    && c.promotable()) continue;
            if (isMandatory(e.score()) != mandatory) continue;
            // A colocation loop: the primary waits on this resource; place this one first and let
            // the primary follow it.
            if (!inputs.primaryUnits(e.primary()).stream().allMatch(u -> progress.done.contains(u.id()))) continue;
            Set<String> primaryNodes = hosts(nodesOf(e.primary(), e.primaryRole()));
            if (isGuestConnection(e.dependent())) primaryNodes = remoteConnectionHosts(primaryNodes);
            String why = "colocation " + e.source() + " with " + e.primary();
            NodeScoreSheet target = mandatory ? sheet : sheet.copy();
            if (e.score() >= Score.INFINITY) {
                for (String n : target.nodes()) {
                    if (!primaryNodes.contains(host(n)))
                        target.add(n, Score.MINUS_INFINITY, why + " (not on its node)", e.rule());
                }
            } else if (e.score() <= Score.MINUS_INFINITY) {
                for (String n : target.nodes())
                    if (primaryNodes.contains(host(n))) target.add(n, Score.MINUS_INFINITY, why, e.rule());
            } else if (e.score() != 0) {
                for (String n : target.nodes())
                    if (primaryNodes.contains(host(n))) target.add(n, e.score(), why, e.rule());
            }
            if (!mandatory && anyAvailable(target)) adopt(sheet, target);
        }
    }

    static boolean isMandatory(int score) {
        return score >= Score.INFINITY || score <= Score.MINUS_INFINITY;
    }

    /** Takes over the contributions `trial` (a copy of `sheet` with more added) has beyond `sheet`. */
    private static void adopt(NodeScoreSheet sheet, NodeScoreSheet trial) {
        Map<String, List<ScoreReason>> before = sheet.reasons();
        for (var entry : trial.reasons().entrySet()) {
            List<ScoreReason> added = entry.getValue();
            int have = before.getOrDefault(entry.getKey(), List.of()).size();
            for (ScoreReason r : added.subList(have, added.size()))
                sheet.add(entry.getKey(), r.score(), r.reason(), r.rule());
        }
    }

    /**
     * Colocation scores in Pacemaker's order: mandatory colocations with primaries, then the mandatory
     * preferences of dependents, then the optional ones (each rolled back if it leaves no node).
     */
    void colocate(ResourceTree unit, NodeScoreSheet sheet) {
        applyColocations(unit, sheet, Optional.empty(), true);
        mergeDependentPreferences(unit, sheet, true);
        applyColocations(unit, sheet, Optional.empty(), false);
        mergeDependentPreferences(unit, sheet, false);
    }

    /**
     * Lets unassigned dependents pull their primary towards nodes they prefer (and away from nodes
     * they cannot use). An anti-colocated dependent pushes its primary away from the nodes it
     * prefers, and towards a node it cannot use only when it has a single node left: the primary
     * then leaves that node to it.
     */
    void mergeDependentPreferences(ResourceTree unit, NodeScoreSheet sheet, boolean mandatory) {
        for (ColocationEdge e : inputs.edgesByPrimaryUnit.getOrDefault(unit.id(), List.of())) {
            ResourceTree dep = inputs.unitOf.get(e.dependent());
            if (dep == null
                    || progress.done.contains(dep.id())
                    || e.score() == 0
                    || isMandatory(e.score()) != mandatory) continue;
            if (e.score() < 0 && e.score() <= Score.MINUS_INFINITY) continue;
            if (e.primaryRole().isPresent() && e.primaryRole().get() == Role.PROMOTED) continue;
            // influence=false: the dependent does not move an active primary (an inactive one it still pulls).
            if (!e.influence()
                    && unit.primitives().anyMatch(p -> Assigner.currentNode(p).isPresent())) continue;
            NodeScoreSheet depSheet = baseSheet(targetsOf(dep));
            // For a clone, the dependent's own unplaced dependents pull it in turn (a chain rsc -> group -> clone).
            if (!progress.mergingFrom.isEmpty() && e.score() > 0 && progress.mergingFrom.add(dep.id())) {
                try {
                    mergeDependentPreferences(dep, depSheet, mandatory);
                } finally {
                    progress.mergingFrom.remove(dep.id());
                }
            }
            double factor = Math.min(1.0, e.score() / (double) Score.INFINITY);
            NodeScoreSheet trial = sheet.copy();
            if (factor < 0) {
                int depAvailable = 0;
                for (String n : depSheet.nodes())
                    if (depSheet.score(n) >= 0 && !inputs.unavailable.containsKey(n)) depAvailable++;
                for (String n : sheet.nodes()) {
                    int ds = depSheet.contains(n) ? depSheet.score(n) : Score.MINUS_INFINITY;
                    if (ds < 0 && depAvailable > 1) continue;
                    int weighted = (int) (factor * Math.max(Score.MINUS_INFINITY, Math.min(Score.INFINITY, ds)));
                    if (weighted != 0)
                        trial.add(
                                n,
                                weighted,
                                "anti-colocated " + e.dependent() + (ds < 0 ? " cannot run here" : " prefers it") + " ("
                                        + e.source() + ")",
                                e.rule());
                }
                if (anyAvailable(trial)) adopt(sheet, trial);
                continue;
            }
            boolean guestConnection = isGuestConnection(e.dependent());
            for (String n : sheet.nodes()) {
                // A container on a remote node has its guest's connection beside that node's connection.
                if (guestConnection && isRemoteHost(n)) continue;
                int ds = depSheet.contains(n) ? depSheet.score(n) : Score.MINUS_INFINITY;
                if (!depSheet.contains(n) && !inputs.view.options().symmetricCluster()) ds = Score.MINUS_INFINITY;
                int weighted = ds <= Score.MINUS_INFINITY
                        ? (factor >= 1.0 ? Score.MINUS_INFINITY : 0)
                        : ds >= Score.INFINITY ? (int) (factor * Score.INFINITY) : (int) (factor * ds);
                if (inputs.unavailable.containsKey(n) && factor >= 1.0) weighted = 0;
                // A clone only takes what its dependents prefer, never their bans (its instances stay put).
                if (!progress.mergingFrom.isEmpty() && weighted < 0) continue;
                if (weighted != 0)
                    trial.add(n, weighted, "colocated " + e.dependent() + " prefers it (" + e.source() + ")", e.rule());
            }
            // A guest node's container is pointless where its connection cannot run: that holds
            // even when it leaves the container nowhere to go.
            if (anyAvailable(trial)
                    || guestConnection && factor >= 1.0 && !inputs.containerOfBundleGuest.containsKey(e.dependent()))
                adopt(sheet, trial);
        }
    }

    boolean anyAvailable(NodeScoreSheet sheet) {
        for (String n : sheet.nodes()) if (sheet.score(n) >= 0 && !inputs.unavailable.containsKey(n)) return true;
        return false;
    }

    List<String> targetsOf(ResourceTree t) {
        List<String> out = new ArrayList<>();
        out.add(t.id());
        if (t instanceof ResourceTree.GroupOf g) g.members().forEach(m -> out.add(m.id()));
        return out;
    }

    /**
     * Where a node's resources really are, for colocations: a bundle's guest node is the host its
     * container is placed on (Pacemaker colocates with a bundle through its containers).
     */
    String host(String node) {
        String container = inputs.containerOfBundleGuest.get(node);
        if (container == null) return node;
        String h = progress.nodeOf.get(container);
        return h == null ? node : h;
    }

    /** The connection of a guest node (it runs with the guest's container). */
    boolean isGuestConnection(String id) {
        return inputs.view.nodes().stream()
                .anyMatch(n -> n.guestNode() && n.remote().get().connection().equals(id));
    }

    /** A Pacemaker Remote node (not a guest): containers may run there, their guests' connections may not. */
    boolean isRemoteHost(String node) {
        return inputs.view.node(node).map(n -> n.remoteNode() && !n.guestNode()).orElse(false);
    }

    /**
     * Where a guest's connection can run beside its container: a container on a Pacemaker Remote
     * node has the connection on the cluster node running that remote node's connection.
     */
    Set<String> remoteConnectionHosts(Set<String> nodes) {
        Set<String> out = new HashSet<>();
        for (String n : nodes) {
            String via = isRemoteHost(n)
                    ? progress.nodeOf.get(
                            inputs.view.node(n).get().remote().get().connection())
                    : null;
            out.add(via != null ? via : n);
        }
        return out;
    }

    Set<String> hosts(Set<String> nodes) {
        if (inputs.containerOfBundleGuest.isEmpty()) return nodes;
        Set<String> out = new HashSet<>();
        for (String n : nodes) out.add(host(n));
        return out;
    }

    Set<String> nodesOf(String id, Optional<Role> role) {
        Set<String> out = new HashSet<>();
        ResourceTree unit = inputs.unitOf.get(id);
        if (unit == null) {
            // A bundle without a primitive is where its containers are.
            for (String c : inputs.containersOfPlainBundle.getOrDefault(id, List.of())) {
                String n = progress.nodeOf.get(c);
                if (n != null) out.add(n);
            }
            return out;
        }
        unit.primitives().forEach(p -> {
            String n = progress.nodeOf.get(p.id());
            if (n == null) return;
            if (role.isPresent() && role.get() == Role.PROMOTED && progress.roleOf.get(p.id()) != Role.PROMOTED) return;
            if (role.isPresent() && role.get() == Role.UNPROMOTED && progress.roleOf.get(p.id()) == Role.PROMOTED)
                return;
            out.add(n);
        });
        return out;
    }

    /** A colocation between the roles of a promotable clone decides roles, not nodes. */
    static boolean affectsLocation(ColocationEdge e) {
        return e.dependentRole().map(r -> r != Role.PROMOTED).orElse(true);
    }
}
