package io.hapc.engine.assign;

import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which instances of a promotable clone are promoted: the promotion scores the rules derived for
 * where each instance was placed, with what role colocations and colocated dependents add,
 * within promoted-max and promoted-node-max.
 */
final class Promotion {
    private final AssignmentInputs inputs;
    private final AssignmentProgress progress;
    private final ColocationScores scores;

    Promotion(AssignmentInputs inputs, AssignmentProgress progress, ColocationScores scores) {
        this.inputs = inputs;
        this.progress = progress;
        this.scores = scores;
    }

    /**
     * What the not yet placed resources colocated with the clone's Promoted role add to the promotion
     * priority of an instance on each node (as Pacemaker adds them): their own node scores weighted by
     * the colocation score; a mandatory dependent that cannot run on a node puts that node last. A
     * preference that would leave no node is dropped.
     */
    Map<String, Integer> promotedDependentPreferences(ResourceTree.CloneOf c) {
        return dependentPreferences(c, true);
    }

    /**
     * The same for the resources colocated with the clone whatever its role: between candidates of
     * equal promotion priority, the node the clone's dependents prefer goes first.
     */
    Map<String, Integer> anyRoleDependentPreferences(ResourceTree.CloneOf c) {
        return dependentPreferences(c, false);
    }

    Map<String, Integer> dependentPreferences(ResourceTree.CloneOf c, boolean promotedRole) {
        Set<String> instanceNodes = new HashSet<>();
        c.instances()
                .forEach(i -> i.primitives()
                        .findFirst()
                        .map(p -> progress.nodeOf.get(p.id()))
                        .ifPresent(instanceNodes::add));
        Map<String, Integer> out = new HashMap<>();
        for (ColocationEdge e : inputs.edgesByPrimaryUnit.getOrDefault(c.id(), List.of())) {
            boolean onPromoted = e.primaryRole().map(r -> r == Role.PROMOTED).orElse(false);
            if (onPromoted != promotedRole || e.score() == 0) continue;
            if (!promotedRole && e.primaryRole().map(r -> r == Role.UNPROMOTED).orElse(false)) continue;
            ResourceTree dep = inputs.unitOf.get(e.dependent());
            // A dependent under way (it asked for this clone to be placed first) counts too.
            if (dep == null || dep == c || progress.done.contains(dep.id())) continue;
            NodeScoreSheet depSheet = scores.baseSheet(scores.targetsOf(dep));
            double factor = Math.max(-1.0, Math.min(1.0, e.score() / (double) Score.INFINITY));
            Map<String, Integer> trial = new HashMap<>(out);
            for (String n : instanceNodes) {
                int ds = depSheet.contains(n) ? depSheet.score(n) : Score.MINUS_INFINITY;
                if (factor < 0 && ds < 0) continue;
                int delta = ds <= Score.MINUS_INFINITY
                        ? (factor >= 1.0 ? Score.MINUS_INFINITY : (int) (factor * Score.MINUS_INFINITY))
                        : ds >= Score.INFINITY ? (int) (factor * Score.INFINITY) : (int) (factor * ds);
                if (delta != 0) trial.merge(n, delta, Score::add);
            }
            if (instanceNodes.stream().anyMatch(n -> trial.getOrDefault(n, 0) > Score.MINUS_INFINITY)) {
                out.clear();
                out.putAll(trial);
            }
        }
        return out;
    }

    /** Picks the promoted instances of a promotable clone: highest promotion score first, within the limits. */
    void promote(ResourceTree.CloneOf c) {
        int promotedMax = c.meta()
                .targetRole()
                .map(t -> t == Role.PROMOTED
                        ? c.promotedMax()
                        : t == Role.UNPROMOTED || t == Role.STOPPED ? 0 : c.promotedMax())
                .orElse(c.promotedMax());
        // rank: the score with what colocated dependents add, which only orders the candidates.
        record Candidate(ResourceTree instance, String node, int score, int rank, boolean promotedNow) {}
        List<Candidate> candidates = new ArrayList<>();
        // An instance frozen in the Promoted role (unmanaged, or a failed demote that blocks) stays
        // promoted and uses up its share of promoted-max.
        Map<String, Integer> perNode = new HashMap<>();
        int promoted = 0;
        Map<String, Integer> fromDependents = promotedDependentPreferences(c);
        Map<String, Integer> tieBreak = anyRoleDependentPreferences(c);
        for (ResourceTree inst : c.instances()) {
            List<ResourceView> prims = inst.primitives().toList();
            if (prims.isEmpty()) continue;
            ResourceView head = prims.get(0);
            String node = progress.nodeOf.get(head.id());
            if (node == null) continue;
            prims.forEach(p -> progress.roleOf.putIfAbsent(p.id(), Role.UNPROMOTED));
            if (Assigner.frozen(head)) {
                if (progress.roleOf.get(head.id()) == Role.PROMOTED) {
                    promoted++;
                    perNode.merge(node, 1, Integer::sum);
                }
                continue;
            }
            List<PromotionContribution> contributions = new ArrayList<>();
            for (String t : List.of(inst.id(), head.id())) {
                for (PromotionContribution pc : inputs.promotionByTarget.getOrDefault(t, List.of())) {
                    boolean here = pc.node().equals(node)
                            || inputs.guestsReadingHostAttributes.contains(node)
                                    && pc.node().equals(scores.host(node));
                    if (here && !contributions.contains(pc)) contributions.add(pc);
                }
            }
            if (contributions.isEmpty()) continue;
            int score = 0;
            for (PromotionContribution pc : contributions) score = Score.add(score, pc.score());
            for (ColocationEdge e : inputs.edgesByDependentUnit.getOrDefault(c.id(), List.of())) {
                if (e.dependentRole().map(r -> r == Role.UNPROMOTED).orElse(false)) {
                    // Unpromoted with the primary: promotion is that much less likely where the primary is.
                    if (scores.hosts(scores.nodesOf(e.primary(), e.primaryRole()))
                            .contains(scores.host(node))) score = Score.add(score, -e.score());
                    continue;
                }
                if (!e.dependentRole().map(r -> r == Role.PROMOTED).orElse(false)) continue;
                Set<String> primaryNodes = scores.hosts(scores.nodesOf(e.primary(), e.primaryRole()));
                if (e.score() >= Score.INFINITY && !primaryNodes.contains(scores.host(node)))
                    score = Score.MINUS_INFINITY;
                else if (primaryNodes.contains(scores.host(node))) score = Score.add(score, e.score());
            }
            if (head.meta().targetRole().map(t -> t == Role.UNPROMOTED).orElse(false)) continue;
            boolean promotedNow = head.presence().stream()
                    .anyMatch(p -> p.role() == Role.PROMOTED && p.node().equals(node));
            candidates.add(new Candidate(
                    inst, node, score, Score.add(score, fromDependents.getOrDefault(node, 0)), promotedNow));
        }
        candidates.sort(Comparator.comparingInt((Candidate k) -> -k.rank())
                .thenComparing(k -> !k.promotedNow())
                .thenComparingInt(k -> -tieBreak.getOrDefault(k.node(), 0)));
        for (Candidate k : candidates) {
            if (promoted >= promotedMax) break;
            if (k.score() < 0) continue;
            if (perNode.getOrDefault(k.node(), 0) >= c.promotedNodeMax()) continue;
            k.instance().primitives().forEach(p -> progress.roleOf.put(p.id(), Role.PROMOTED));
            perNode.merge(k.node(), 1, Integer::sum);
            promoted++;
        }
    }
}
