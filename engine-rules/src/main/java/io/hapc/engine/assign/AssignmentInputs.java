package io.hapc.engine.assign;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the assignment works from, indexed once: the derived facts by target (scores, promotion
 * scores, colocation edges by dependent and by primary unit, stop requests, fencing, unavailable
 * nodes) and each resource's unit (the top-level resource it is assigned with).
 */
final class AssignmentInputs {
    final ClusterView view;
    final Map<String, List<ScoreContribution>> scoresByTarget = new HashMap<>();
    final Map<String, List<PromotionContribution>> promotionByTarget = new HashMap<>();
    /** Nodes no resource may be assigned to, with why; remote nodes whose connection will not run are added. */
    final Map<String, String> unavailable = new LinkedHashMap<>();

    final Map<String, List<ColocationEdge>> edgesByDependentUnit = new HashMap<>();
    final Map<String, List<ColocationEdge>> edgesByPrimaryUnit = new HashMap<>();
    final Set<String> stoppedByRequest = new HashSet<>();
    final Set<String> fenced = new HashSet<>();
    final Map<String, ResourceTree> unitOf = new HashMap<>();
    final Map<String, Set<String>> locationNodesByTarget = new HashMap<>();
    final NodeScoreSheet.NodeIndex nodeIndex;
    final Map<String, String> containerOfBundleGuest = new HashMap<>();
    final Set<String> guestsReadingHostAttributes = new HashSet<>();
    /** The containers of each bundle without a primitive: colocating with such a bundle is colocating with one of them. */
    final Map<String, List<String>> containersOfPlainBundle = new HashMap<>();

    AssignmentInputs(ClusterView view, DerivedFacts facts) {
        this.view = view;
        view.bundleReplicas().forEach(b -> b.guestNode().ifPresent(g -> containerOfBundleGuest.put(g, b.container())));
        view.bundleReplicas().stream()
                .filter(b -> b.guestNode().isEmpty())
                .forEach(b -> containersOfPlainBundle
                        .computeIfAbsent(b.bundleId(), k -> new ArrayList<>())
                        .add(b.container()));
        view.bundleReplicas().stream()
                .filter(b -> b.hostAttributes())
                .forEach(b -> b.guestNode().ifPresent(guestsReadingHostAttributes::add));
        this.nodeIndex = NodeScoreSheet.NodeIndex.of(
                view.nodes().stream().map(NodeView::name).toList());
        for (ScoreContribution s : facts.scores()) {
            scoresByTarget.computeIfAbsent(s.target(), k -> new ArrayList<>()).add(s);
            if (s.kind() == ScoreContribution.Kind.LOCATION)
                locationNodesByTarget
                        .computeIfAbsent(s.target(), k -> new HashSet<>())
                        .add(s.node());
        }
        for (PromotionContribution p : facts.promotionScores()) {
            promotionByTarget
                    .computeIfAbsent(p.target(), k -> new ArrayList<>())
                    .add(p);
        }
        for (NodeUnavailable u : facts.unavailableNodes()) unavailable.putIfAbsent(u.node(), u.reason());
        facts.fencing().forEach(f -> fenced.add(f.node()));
        for (StopRequest r : facts.stopRequests()) {
            if (r.kind() == StopRequest.Kind.LEAVE_UNASSIGNED) stoppedByRequest.add(r.target());
        }
        for (ResourceTree t : view.resources()) indexUnit(t, t);
        // Rules fire in no particular order; apply colocations in the order they are configured.
        Map<String, Integer> constraintOrder = new HashMap<>();
        for (int i = 0; i < view.constraints().size(); i++)
            constraintOrder.put(view.constraints().get(i).id(), i);
        List<ColocationEdge> colocations = new ArrayList<>(facts.colocations());
        colocations.sort(Comparator.comparingInt(
                        (ColocationEdge e) -> constraintOrder.getOrDefault(e.source(), Integer.MAX_VALUE))
                .thenComparing(ColocationEdge::source)
                .thenComparing(ColocationEdge::dependent)
                .thenComparing(ColocationEdge::primary));
        for (ColocationEdge e : colocations) {
            ResourceTree dep = unitOf.get(e.dependent());
            List<ResourceTree> prims = primaryUnits(e.primary());
            if (dep == null || prims.isEmpty() || prims.contains(dep)) continue;
            edgesByDependentUnit
                    .computeIfAbsent(dep.id(), k -> new ArrayList<>())
                    .add(e);
            // The dependents of a bundle without a primitive do not pull its containers one by one.
            if (unitOf.containsKey(e.primary()))
                edgesByPrimaryUnit
                        .computeIfAbsent(prims.get(0).id(), k -> new ArrayList<>())
                        .add(e);
        }
    }

    /** The units an edge's primary names: its own, or the containers of a bundle without a primitive. */
    List<ResourceTree> primaryUnits(String primary) {
        ResourceTree unit = unitOf.get(primary);
        if (unit != null) return List.of(unit);
        List<ResourceTree> out = new ArrayList<>();
        for (String c : containersOfPlainBundle.getOrDefault(primary, List.of())) {
            ResourceTree u = unitOf.get(c);
            if (u != null && !out.contains(u)) out.add(u);
        }
        return out;
    }

    void indexUnit(ResourceTree unit, ResourceTree t) {
        unitOf.put(t.id(), unit);
        if (t instanceof ResourceTree.GroupOf g) {
            unitOf.put(g.configId(), unit);
            g.members().forEach(m -> {
                unitOf.put(m.id(), unit);
                unitOf.put(m.primitiveId(), unit);
            });
        } else if (t instanceof ResourceTree.CloneOf c) {
            unitOf.put(c.childId(), unit);
            c.instances().forEach(i -> indexUnit(unit, i));
        } else if (t instanceof ResourceTree.Single s) {
            unitOf.put(s.view().primitiveId(), unit);
        }
    }

    boolean wantedStopped(ResourceView r) {
        return r.orphan()
                || r.meta().targetRole().map(t -> t == Role.STOPPED).orElse(false)
                || stoppedByRequest.contains(r.id())
                || stoppedByRequest.contains("*");
    }
}
