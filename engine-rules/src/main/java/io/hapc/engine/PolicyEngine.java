package io.hapc.engine;

import io.hapc.engine.actions.ActionPlanner;
import io.hapc.engine.actions.PlannedTransition;
import io.hapc.engine.assign.Assigner;
import io.hapc.engine.assign.Placement;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleBounds;
import io.hapc.engine.rules.RuleSession;
import io.hapc.model.cib.Cib;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The policy engine. One decision reads top to bottom:
 * unpack the CIB → derive facts with the rules (location, stickiness, failures, colocation,
 * ordering, groups, clones, promotion, utilization, quorum, fencing) → assign resources to
 * nodes → plan actions and orderings → transition graph and summary.
 */
public final class PolicyEngine {
    private final PolicyRules rules;
    private final Clock clock;
    private final RuleBounds bounds;

    public PolicyEngine(PolicyRules rules, Clock clock) {
        this(rules, clock, RuleBounds.DEFAULT);
    }

    /** Admin rules among `rules` stay within `bounds`, else decide throws {@link io.hapc.engine.rules.RuleBoundsExceeded}. */
    public PolicyEngine(PolicyRules rules, Clock clock, RuleBounds bounds) {
        this.rules = rules;
        this.clock = clock;
        this.bounds = bounds;
    }

    public Decision decide(Cib cib) {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        ClusterView cluster = ClusterUnpacker.unpack(cib, now);
        DerivedFacts derived = RuleSession.derive(rules, cluster, bounds, clock);
        Placement placement = Assigner.assign(cluster, derived);
        PlannedTransition transition = ActionPlanner.plan(cluster, placement, derived);
        return new Decision(cluster, derived, placement, transition, Duration.ofNanos(System.nanoTime() - t0));
    }
}
