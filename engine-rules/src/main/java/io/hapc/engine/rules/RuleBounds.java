package io.hapc.engine.rules;

import java.time.Duration;

/**
 * What admin rules may cost in one decision: firings and matches of admin rules (so a rule that
 * keeps inserting facts, or joins everything with everything, stops long before the heap is gone)
 * and the time of the whole decision. Limits grow with the number of input facts, so a large
 * cluster is not penalised. Built-in rules alone run unbounded: they are the fallback.
 */
public record RuleBounds(int baseFirings, int firingsPerFact, int baseMatches, int matchesPerFact, Duration deadline) {
    /** 20,000 + 8 per fact firings, 100,000 + 32 per fact pending matches, 30 s. */
    public static final RuleBounds DEFAULT = new RuleBounds(20_000, 8, 100_000, 32, Duration.ofSeconds(30));

    public RuleBounds {
        if (baseFirings <= 0
                || firingsPerFact < 0
                || baseMatches <= 0
                || matchesPerFact < 0
                || deadline.isNegative()
                || deadline.isZero()) {
            throw new IllegalArgumentException("rule bounds must be positive: " + baseFirings + ", " + firingsPerFact
                    + ", " + baseMatches + ", " + matchesPerFact + ", " + deadline);
        }
    }

    public long maxFirings(int facts) {
        return baseFirings + (long) firingsPerFact * facts;
    }

    public long maxMatches(int facts) {
        return baseMatches + (long) matchesPerFact * facts;
    }

    /** The deadline as a message says it: "30 s", or "250 ms". */
    public String describeDeadline() {
        return deadline.toMillis() % 1000 == 0 ? deadline.toSeconds() + " s" : deadline.toMillis() + " ms";
    }

    /** How the limits read in a message: "20000 + 8 per fact". */
    public String describeFirings() {
        return baseFirings + " + " + firingsPerFact + " per fact";
    }
}
