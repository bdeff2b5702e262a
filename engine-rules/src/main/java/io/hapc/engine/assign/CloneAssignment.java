package io.hapc.engine.assign;

import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A clone's instances: those that may stay where they run keep their node (up to a fair share
 * per node), the others are assigned anew within clone-max and clone-node-max; then promotion.
 */
final class CloneAssignment {
    private final AssignmentInputs inputs;
    private final AssignmentProgress progress;
    private final ColocationScores scores;
    private final NodeChooser chooser;
    private final Promotion promotion;

    CloneAssignment(
            AssignmentInputs inputs,
            AssignmentProgress progress,
            ColocationScores scores,
            NodeChooser chooser,
            Promotion promotion) {
        this.inputs = inputs;
        this.progress = progress;
        this.scores = scores;
        this.chooser = chooser;
        this.promotion = promotion;
    }

    void assignClone(ResourceTree.CloneOf c) {
        Map<String, Integer> perNode = new HashMap<>();
        Map<ResourceTree, NodeScoreSheet> sheets = new LinkedHashMap<>();
        for (ResourceTree inst : c.instances()) {
            NodeScoreSheet sheet = scores.baseSheet(scores.targetsOf(inst));
            scores.applyColocations(c, sheet, Optional.empty(), true);
            progress.mergingFrom.add(c.id());
            scores.mergeDependentPreferences(c, sheet, true);
            scores.applyColocations(c, sheet, Optional.empty(), false);
            scores.mergeDependentPreferences(c, sheet, false);
            progress.mergingFrom.remove(c.id());
            sheets.put(inst, sheet);
        }
        List<ResourceTree> pending = new ArrayList<>();
        // Instances that run somewhere keep their node when they still may and the node does not
        // already hold its fair share (clone-max spread over the nodes that can take instances).
        long usable = inputs.view.nodes().stream()
                .filter(n -> !inputs.unavailable.containsKey(n.name())
                        && sheets.values().stream().anyMatch(sh -> sh.score(n.name()) >= 0))
                .count();
        int optimalPerNode = usable == 0
                ? c.cloneNodeMax()
                : Math.min(c.cloneNodeMax(), (int) Math.ceil(c.cloneMax() / (double) usable));
        for (ResourceTree inst : c.instances()) {
            List<ResourceView> prims = inst.primitives().toList();
            if (prims.stream().anyMatch(Assigner::frozen)) {
                prims.forEach(progress::frozenInPlace);
                prims.stream()
                        .map(p -> progress.nodeOf.get(p.id()))
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .ifPresent(n -> perNode.merge(n, 1, Integer::sum));
                continue;
            }
            Optional<String> current = prims.stream()
                    .map(Assigner::currentNode)
                    .flatMap(Optional::stream)
                    .findFirst();
            NodeScoreSheet sheet = sheets.get(inst);
            if (current.isPresent()
                    && !inputs.wantedStopped(prims.get(0))
                    && sheet.score(current.get()) >= 0
                    && !inputs.unavailable.containsKey(current.get())
                    && perNode.getOrDefault(current.get(), 0) < optimalPerNode
                    && (inputs.view.options().placementStrategy().equals("default")
                            || chooser.fits(current.get(), chooser.demandOf(inst)))) {
                placeInstance(inst, current.get(), sheet, c);
                perNode.merge(current.get(), 1, Integer::sum);
            } else if (current.isPresent() && !c.globallyUnique() && !onlineAndNotFenced(current.get())) {
                // An anonymous instance on a node that is down or being fenced stops there; a
                // stopped instance starts wherever another copy is needed.
                for (ResourceView p : prims) {
                    progress.explanations.put(
                            p.id(),
                            new LazyExplanations.Source(
                                    p.id(),
                                    sheet,
                                    Optional.empty(),
                                    "cannot stay on " + current.get() + "; another instance of " + c.id()
                                            + " takes its place elsewhere"));
                }
            } else {
                // Not running, or it may not stay where it runs (standby, banned): like Pacemaker,
                // the instance keeps its number and is assigned anew (it moves).
                pending.add(inst);
            }
        }
        // An instance active on a node it is no longer allowed on (a ban, a failure) goes last (as
        // Pacemaker orders them): it takes what is left, so it stops rather than moves when a
        // stopped instance can start in its place.
        pending.sort(Comparator.comparing((ResourceTree inst) -> inst.primitives()
                .map(Assigner::currentNode)
                .flatMap(Optional::stream)
                .findFirst()
                .map(n -> scores.baseSheet(scores.targetsOf(inst)).score(n) < 0)
                .orElse(false)));
        for (ResourceTree inst : pending) {
            NodeScoreSheet sheet = sheets.get(inst);
            List<ResourceView> prims = inst.primitives().toList();
            Set<String> full = new HashSet<>();
            perNode.forEach((n, k) -> {
                if (k >= c.cloneNodeMax()) full.add(n);
            });
            Optional<String> chosen = prims.isEmpty() || inputs.wantedStopped(prims.get(0))
                    ? Optional.empty()
                    : chooser.chooseWithColocatedDemand(c, true, sheet, Optional.empty(), chooser.demandOf(inst), full);
            if (chosen.isPresent()) {
                placeInstance(inst, chosen.get(), sheet, c);
                perNode.merge(chosen.get(), 1, Integer::sum);
            } else {
                for (ResourceView p : prims) {
                    progress.explanations.put(
                            p.id(),
                            new LazyExplanations.Source(
                                    p.id(),
                                    sheet,
                                    Optional.empty(),
                                    "no node left for this instance (clone-max " + c.cloneMax() + ", clone-node-max "
                                            + c.cloneNodeMax() + ")"));
                }
            }
        }
        if (c.promotable()) promotion.promote(c);
    }

    boolean onlineAndNotFenced(String node) {
        NodeView n = inputs.view.nodesByName().get(node);
        return n != null && n.state() == io.hapc.engine.cluster.NodeState.ONLINE && !inputs.fenced.contains(node);
    }

    void placeInstance(ResourceTree inst, String node, NodeScoreSheet sheet, ResourceTree.CloneOf c) {
        boolean previousPlaced = true;
        for (ResourceView p : inst.primitives().toList()) {
            boolean ok = previousPlaced
                    && !inputs.wantedStopped(p)
                    && scores.baseSheet(List.of(p.id())).score(node) > Score.MINUS_INFINITY;
            if (ok) progress.place(p, node);
            previousPlaced = ok;
            progress.explanations.put(
                    p.id(),
                    new LazyExplanations.Source(
                            p.id(),
                            sheet,
                            ok ? Optional.of(node) : Optional.empty(),
                            ok
                                    ? "instance of " + c.id() + " runs on " + node + " (score "
                                            + Score.format(sheet.score(node)) + ")"
                                    : "cannot run with its group instance"));
        }
    }
}
