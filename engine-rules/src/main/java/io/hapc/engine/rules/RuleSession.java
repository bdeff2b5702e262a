package io.hapc.engine.rules;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.ClusterFact;
import io.hapc.engine.facts.CloneFact;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.DemoteRequest;
import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.GroupFact;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.ResourceId;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.facts.Warning;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.KieSession;

/** Inserts a cluster snapshot as facts, fires the rules, and collects what they derived. */
public final class RuleSession {
    private RuleSession() {}

    public static DerivedFacts derive(PolicyRules rules, ClusterView view) {
        KieSession session = rules.kieBase().newKieSession();
        try {
            insertFacts(session, view);
            session.fireAllRules();
            return collect(session);
        } finally {
            session.dispose();
        }
    }

    static void insertFacts(KieSession session, ClusterView view) {
        session.insert(new ClusterFact(view.options(), view.quorate(), view.hasFencingDevice(), view.now()));
        view.nodes().forEach(session::insert);
        for (ResourceTree t : view.resources()) insertTree(session, t);
        view.constraints().forEach(session::insert);
    }

    private static void insertTree(KieSession session, ResourceTree t) {
        if (t instanceof ResourceTree.Single s) {
            ResourceView r = s.view();
            session.insert(r);
            session.insert(new ResourceId(r.id(), r.cloneId().isPresent() ? ResourceId.Kind.CLONE_INSTANCE : ResourceId.Kind.PRIMITIVE));
        } else if (t instanceof ResourceTree.GroupOf g) {
            g.members().forEach(session::insert);
            session.insert(new GroupFact(g.id(), g.members().stream().map(ResourceView::id).toList()));
            if (g.members().isEmpty() || g.members().get(0).cloneId().isEmpty()) {
                session.insert(new ResourceId(g.id(), ResourceId.Kind.GROUP));
                g.members().forEach(m -> session.insert(new ResourceId(m.id(), ResourceId.Kind.PRIMITIVE)));
            }
        } else if (t instanceof ResourceTree.CloneOf c) {
            for (ResourceTree i : c.instances()) {
                if (i instanceof ResourceTree.Single s) session.insert(s.view());
                else insertTree(session, i);
            }
            session.insert(new CloneFact(c.id(), c.childId(), c.promotable(), c.interleave(),
                    c.instances().stream().map(ResourceTree::id).toList()));
            session.insert(new ResourceId(c.id(), ResourceId.Kind.CLONE));
            session.insert(new ResourceId(c.childId(), ResourceId.Kind.CLONE_INSTANCE));
        }
    }

    static DerivedFacts collect(KieSession session) {
        return new DerivedFacts(all(session, ScoreContribution.class), all(session, PromotionContribution.class),
                all(session, NodeUnavailable.class), all(session, ColocationEdge.class), all(session, OrderEdge.class),
                all(session, FenceRequest.class), all(session, StartBlock.class), all(session, StopRequest.class),
                all(session, DemoteRequest.class), all(session, Warning.class));
    }

    private static <T> List<T> all(KieSession session, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object o : session.getObjects(type::isInstance)) out.add(type.cast(o));
        return out;
    }
}
