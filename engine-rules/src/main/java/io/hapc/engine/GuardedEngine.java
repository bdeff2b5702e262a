package io.hapc.engine;

import io.hapc.engine.facts.Warning;
import io.hapc.engine.rules.DerivedFacts;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleBounds;
import io.hapc.engine.rules.RuleBoundsExceeded;
import io.hapc.model.cib.Cib;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The DC's engine when the CIB carries admin rules: they decide on a thread of their own, within
 * {@link RuleBounds} (firings, matches, a deadline on the injected clock) and a real-time watchdog
 * of the same length. When they break a bound or fail, that decision and every later one is made
 * by the built-in rules alone (until the rule files change, which builds a new engine), with a
 * warning saying why — so a bad admin rule can cost one deadline, never the DC.
 * Not thread-safe: one decision at a time, from one thread (the DC's brain).
 */
public final class GuardedEngine implements AutoCloseable {
    /** The `rule` of the warning a fallback adds, so status can tell it from the rules' own. */
    public static final String FALLBACK_RULE = "hapc: admin rule bounds";
    /** A watchdog in real time waits this much past the deadline: the clock check inside the rules comes first. */
    private static final Duration WATCHDOG_GRACE = Duration.ofSeconds(2);

    private final PolicyRules rules;
    private final Clock clock;
    private final RuleBounds bounds;
    private final Consumer<String> onFallback;
    private IncrementalEngine primary;
    private ExecutorService adminThread;
    private IncrementalEngine fallback;
    private String disabledBecause;

    /** `onFallback` hears, once, why admin rules were set aside (log it, raise an alert). */
    public GuardedEngine(PolicyRules rules, Clock clock, RuleBounds bounds, Consumer<String> onFallback) {
        this.rules = rules;
        this.clock = clock;
        this.bounds = bounds;
        this.onFallback = onFallback;
    }

    /** Why admin rules are set aside, when they are. */
    public Optional<String> adminRulesDisabled() {
        return Optional.ofNullable(disabledBecause);
    }

    /** The built-in rules alone from the start, with a warning saying why (e.g. the CIB's rule files are refused). */
    public static GuardedEngine builtInOnly(Clock clock, String why) {
        GuardedEngine e = new GuardedEngine(PolicyRules.builtIn(), clock, RuleBounds.DEFAULT, w -> {});
        e.disabledBecause = why;
        return e;
    }

    public Decision decide(Cib cib) {
        if (disabledBecause == null && !rules.hasAdminRules()) return fallback().decide(cib);
        if (disabledBecause == null) {
            try {
                return decideWithAdminRules(cib);
            } catch (RuleBoundsExceeded e) {
                disabledBecause = e.getMessage()
                        + "; admin rules are set aside and the DC decides with the built-in rules "
                        + "alone until the rule files change ("
                        + e.file()
                                .map(f -> "fix or remove it: hapc rules remove " + f)
                                .orElse("find the rule with hapc simulate --rules-dir, then hapc rules remove FILE")
                        + ")";
                abandonPrimary();
                onFallback.accept(disabledBecause);
            }
        }
        return withWarning(fallback().decide(cib), disabledBecause);
    }

    private Decision decideWithAdminRules(Cib cib) {
        if (primary == null) {
            primary = new IncrementalEngine(rules, clock, bounds);
            adminThread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "hapc-admin-rules");
                t.setDaemon(true);
                return t;
            });
        }
        IncrementalEngine engine = primary;
        Future<Decision> run = adminThread.submit(() -> engine.decide(cib));
        try {
            return run.get(bounds.deadline().plus(WATCHDOG_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            engine.abort("were stopped by the watchdog after " + bounds.describeDeadline());
            throw new RuleBoundsExceeded(
                    "admin rules took longer than " + bounds.describeDeadline()
                            + " to decide (stopped by the watchdog)",
                    Optional.empty(),
                    Optional.empty(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            engine.abort("were interrupted");
            throw new RuleBoundsExceeded("admin rules were interrupted", Optional.empty(), Optional.empty(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuleBoundsExceeded b) throw b;
            if (cause instanceof StackOverflowError || cause instanceof OutOfMemoryError) {
                throw new RuleBoundsExceeded("admin rules failed: " + cause, Optional.empty(), Optional.empty(), cause);
            }
            if (cause instanceof RuntimeException r) throw r; // the built-in engine's own failure: not the admin's
            throw new IllegalStateException(cause);
        }
    }

    private void abandonPrimary() {
        // Closed on its own thread once it is free; a session stuck in a rule is let go (a daemon
        // thread, aborted at its next rule event).
        if (adminThread != null) {
            IncrementalEngine stale = primary;
            adminThread.execute(stale::close);
            adminThread.shutdown();
        }
        adminThread = null;
        primary = null;
    }

    private IncrementalEngine fallback() {
        if (fallback == null) fallback = new IncrementalEngine(PolicyRules.builtIn(), clock);
        return fallback;
    }

    private static Decision withWarning(Decision d, String warning) {
        DerivedFacts f = d.derived();
        List<Warning> warnings = new ArrayList<>(f.warnings());
        warnings.add(0, new Warning(warning, FALLBACK_RULE));
        DerivedFacts derived = new DerivedFacts(
                f.scores(),
                f.promotionScores(),
                f.unavailableNodes(),
                f.colocations(),
                f.orderings(),
                f.fencing(),
                f.startBlocks(),
                f.stopRequests(),
                f.demoteRequests(),
                warnings,
                f.migrations(),
                f.restartRequests(),
                f.fenceDelays(),
                f.unfencing());
        return new Decision(d.cluster(), derived, d.placement(), d.transition(), d.elapsed());
    }

    @Override
    public void close() {
        if (adminThread != null) {
            adminThread.execute(primary::close);
            adminThread.shutdown();
        }
        if (fallback != null) fallback.close();
    }
}
