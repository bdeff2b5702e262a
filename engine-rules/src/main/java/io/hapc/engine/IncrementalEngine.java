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
 * A long-lived policy engine for the DC: one Drools session kept across decisions. Each new CIB
 * is unpacked and only the facts that changed are updated in the session (a node that failed,
 * a resource whose state changed); logical inserts let the rules retract what no longer holds.
 * Not thread-safe: one decision at a time, from one thread.
 */
public final class IncrementalEngine implements AutoCloseable {
    private final Clock clock;
    private final RuleSession.Live session;
    private ClusterUnpacker.Memo memo;
    private Assigner.Previous previous;

    public IncrementalEngine(PolicyRules rules, Clock clock) {
        this(rules, clock, RuleBounds.DEFAULT);
    }

    /** Admin rules among `rules` stay within `bounds` in each decision, else decide throws {@link io.hapc.engine.rules.RuleBoundsExceeded}. */
    public IncrementalEngine(PolicyRules rules, Clock clock, RuleBounds bounds) {
        this.clock = clock;
        this.session = RuleSession.live(rules, bounds, clock);
    }

    /** Stops a decision running on another thread at its next rule event (it then throws). */
    public void abort(String why) {
        session.abort(why);
    }

    public Decision decide(Cib cib) {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        ClusterView cluster = ClusterUnpacker.unpack(cib, now, memo);
        memo = new ClusterUnpacker.Memo(cib, cluster);
        DerivedFacts derived = session.update(cluster);
        Placement placement = previous == null
                ? Assigner.assign(cluster, derived)
                : Assigner.reassign(
                        cluster,
                        derived,
                        new Assigner.Previous(
                                previous.view(), previous.facts(), previous.placement(), session.lastChanges()));
        previous = new Assigner.Previous(cluster, derived, placement);
        PlannedTransition transition = ActionPlanner.plan(cluster, placement, derived);
        return new Decision(cluster, derived, placement, transition, Duration.ofNanos(System.nanoTime() - t0));
    }

    @Override
    public void close() {
        session.close();
    }
}
