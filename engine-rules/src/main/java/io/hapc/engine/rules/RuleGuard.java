package io.hapc.engine.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.MatchCreatedEvent;

/**
 * Watches one session's admin rules against {@link RuleBounds}: counts their matches and firings
 * per decision and looks at the (injected) clock at every event. A broken bound throws
 * {@link RuleBoundsExceeded} out of the rule engine, which abandons the decision (the session is
 * not used again). {@link #abort} lets a watchdog on another thread stop a decision at the next
 * event when the clock cannot be trusted to move (real time).
 */
final class RuleGuard extends DefaultAgendaEventListener {
    private final PolicyRules rules;
    private final RuleBounds bounds;
    private final Clock clock;
    private long firings;
    private long matches;
    private long maxFirings;
    private long maxMatches;
    private Instant deadline = Instant.MAX;
    private volatile String aborted;

    RuleGuard(PolicyRules rules, RuleBounds bounds, Clock clock) {
        this.rules = rules;
        this.bounds = bounds;
        this.clock = clock;
    }

    /** A new decision over `facts` input facts begins now. */
    void start(int facts) {
        firings = 0;
        matches = 0;
        maxFirings = bounds.maxFirings(facts);
        maxMatches = bounds.maxMatches(facts);
        deadline = clock.instant().plus(bounds.deadline());
    }

    void abort(String why) {
        aborted = why;
    }

    @Override
    public void matchCreated(MatchCreatedEvent event) {
        Rule rule = event.getMatch().getRule();
        if (isAdmin(rule) && ++matches > maxMatches) {
            throw exceeded(
                    rule,
                    "made more than " + maxMatches + " matches in one decision (limit " + bounds.baseMatches() + " + "
                            + bounds.matchesPerFact() + " per fact)");
        }
        checkTime(rule);
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        Rule rule = event.getMatch().getRule();
        if (isAdmin(rule) && ++firings > maxFirings) {
            throw exceeded(
                    rule,
                    "fired more than " + maxFirings + " times in one decision (limit " + bounds.describeFirings()
                            + ")");
        }
        checkTime(rule);
    }

    private void checkTime(Rule rule) {
        String why = aborted;
        if (why != null) throw new RuleBoundsExceeded("admin rules " + why, Optional.empty(), Optional.empty());
        if (clock.instant().isAfter(deadline)) {
            throw new RuleBoundsExceeded(
                    "admin rules took longer than " + bounds.describeDeadline() + " to decide (while rule \""
                            + rule.getName() + "\" was about to run)",
                    Optional.empty(),
                    Optional.empty());
        }
    }

    private boolean isAdmin(Rule rule) {
        return !PolicyRules.BUILT_IN_PACKAGE.equals(rule.getPackageName());
    }

    private RuleBoundsExceeded exceeded(Rule rule, String what) {
        Optional<String> file = rules.fileOf(rule.getPackageName(), rule.getName());
        return new RuleBoundsExceeded(
                "admin rule \"" + rule.getName() + "\""
                        + file.map(f -> " (" + f + ")").orElse("") + " " + what,
                Optional.of(rule.getName()),
                file);
    }
}
