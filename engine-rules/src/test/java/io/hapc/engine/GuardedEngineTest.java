package io.hapc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.facts.Warning;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleBounds;
import io.hapc.engine.rules.RuleBoundsExceeded;
import io.hapc.engine.whatif.WhatIf;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Admin rules that break a bound (too many firings, too many matches, past the deadline on the
 * injected clock) or fail: the decision is made by the built-in rules alone, with a warning that
 * names the rule and its file, and later decisions do not try them again.
 */
class GuardedEngineTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private static final String HEADER = """
            package admin.rules
            import io.hapc.engine.facts.ClusterFact
            import io.hapc.engine.facts.ScoreContribution
            import io.hapc.engine.facts.Warning
            import io.hapc.engine.cluster.ResourceView
            """;
    /** Each firing inserts a new fact that matches the rule again: for ever, once the seed rule fires. */
    private static final String FOREVER = """
            rule "admin: forever"
            when
                ScoreContribution( rule == "admin: forever" || rule == "admin: seed", $v : score )
            then
                insert(new ScoreContribution("VIP", "node1", $v + 1, "again", "admin: forever", null));
            end
            """;

    private static Cib webCluster() throws Exception {
        return CibXmlReader.read(Path.of(System.getProperty("hapc.root.dir", ".."), "examples", "web-cluster.xml"));
    }

    /** A clock tests move by hand. */
    private static final class HandClock extends Clock {
        Instant now = T0;
        Duration perRead = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant t = now;
            now = now.plus(perRead);
            return t;
        }
    }

    private static void assertBuiltInDecision(Decision expected, Decision actual) {
        assertEquals(
                new TreeMap<>(expected.placement().nodeOf()),
                new TreeMap<>(actual.placement().nodeOf()),
                "placement");
        assertEquals(expected.transition().summary(), actual.transition().summary(), "summary");
    }

    private static List<String> fallbackWarnings(Decision d) {
        return d.derived().warnings().stream()
                .filter(w -> w.rule().equals(GuardedEngine.FALLBACK_RULE))
                .map(Warning::message)
                .toList();
    }

    @Test
    void aRuleInsertingFactsForEverFallsBackToTheBuiltInRulesWithAWarning() throws Exception {
        PolicyRules rules = PolicyRules.withAdminSources(Map.of("forever.drl", HEADER + """
                rule "admin: seed"
                when
                    ClusterFact()
                then
                    insert(new ScoreContribution("VIP", "node1", 1, "seed", "admin: seed", null));
                end
                """ + FOREVER));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        List<String> heard = new ArrayList<>();
        Cib cib = webCluster();
        try (GuardedEngine engine = new GuardedEngine(rules, clock, RuleBounds.DEFAULT, heard::add)) {
            Decision d = engine.decide(cib);
            assertBuiltInDecision(new PolicyEngine(PolicyRules.builtIn(), clock).decide(cib), d);
            List<String> warnings = fallbackWarnings(d);
            assertEquals(1, warnings.size(), d.derived().warnings().toString());
            String w = warnings.get(0);
            assertTrue(w.startsWith("admin rule \"admin: forever\" (forever.drl) fired more than "), w);
            assertTrue(
                    w.contains("(limit 20000 + 8 per fact)")
                            && w.contains("hapc rules remove forever.drl")
                            && w.contains("built-in rules alone"),
                    w);
            assertEquals(List.of(w), heard, "told once");
            assertEquals(w, engine.adminRulesDisabled().orElseThrow());

            Cib failed = WhatIf.nodeFail(cib, "node1");
            Decision next = engine.decide(failed);
            assertBuiltInDecision(new PolicyEngine(PolicyRules.builtIn(), clock).decide(failed), next);
            assertFalse(
                    next.transition().graph().actions().isEmpty(),
                    "still recovers: " + next.transition().summary());
            assertEquals(List.of(w), fallbackWarnings(next), "still warned");
            assertEquals(1, heard.size(), "not tried again");
        }
    }

    @Test
    void aRuleThatMisbehavesOnlyAfterSomeTimeIsUsedUntilThen() throws Exception {
        long later = T0.plus(Duration.ofHours(1)).getEpochSecond();
        PolicyRules rules = PolicyRules.withAdminSources(Map.of("later.drl", HEADER + """
                rule "admin: seed"
                when
                    ClusterFact( now.getEpochSecond() > %d )
                then
                    insert(new ScoreContribution("VIP", "node1", 1, "seed", "admin: seed", null));
                end

                rule "admin: note"
                when
                    ClusterFact()
                then
                    insertLogical(new Warning("admin rules are on", drools.getRule().getName()));
                end
                """.formatted(later) + FOREVER));
        HandClock clock = new HandClock();
        try (GuardedEngine engine = new GuardedEngine(rules, clock, RuleBounds.DEFAULT, w -> {})) {
            Decision before = engine.decide(webCluster());
            assertEquals(
                    List.of("admin rules are on"),
                    before.derived().warnings().stream().map(Warning::message).toList());
            clock.now = T0.plus(Duration.ofHours(2));
            Decision after = engine.decide(webCluster());
            assertEquals(
                    1,
                    fallbackWarnings(after).size(),
                    after.derived().warnings().toString());
            assertTrue(
                    fallbackWarnings(after).get(0).contains("\"admin: forever\" (later.drl) fired more than"),
                    after.derived().warnings().toString());
            assertTrue(
                    after.derived().warnings().stream()
                            .noneMatch(w -> w.message().equals("admin rules are on")),
                    "decided by the built-in rules alone");
        }
    }

    @Test
    void theDeadlineIsOnTheInjectedClock() throws Exception {
        PolicyRules rules = PolicyRules.withAdminSources(Map.of("slow.drl", HEADER + """
                rule "admin: seed"
                when
                    ClusterFact()
                then
                    insert(new ScoreContribution("VIP", "node1", 1, "seed", "admin: chain", null));
                end

                rule "admin: chain"
                when
                    ScoreContribution( rule == "admin: chain", score < 500, $v : score )
                then
                    insert(new ScoreContribution("VIP", "node1", $v + 1, "again", "admin: chain", null));
                end
                """));
        HandClock clock = new HandClock();
        clock.perRead = Duration.ofSeconds(1); // every look at the clock costs a second: 500 firings take minutes
        try (GuardedEngine engine = new GuardedEngine(rules, clock, RuleBounds.DEFAULT, w -> {})) {
            Decision d = engine.decide(webCluster());
            assertTrue(
                    fallbackWarnings(d).get(0).startsWith("admin rules took longer than 30 s to decide"),
                    d.derived().warnings().toString());
        }
        // the same rules within the deadline are fine
        try (GuardedEngine engine =
                new GuardedEngine(rules, Clock.fixed(T0, ZoneOffset.UTC), RuleBounds.DEFAULT, w -> {})) {
            assertEquals(List.of(), fallbackWarnings(engine.decide(webCluster())));
        }
    }

    @Test
    void aWatchdogInRealTimeStopsRulesWhenTheClockDoesNotMove() throws Exception {
        PolicyRules rules = PolicyRules.withAdminSources(Map.of("forever.drl", HEADER + """
                rule "admin: seed"
                when
                    ClusterFact()
                then
                    insert(new ScoreContribution("VIP", "node1", 1, "seed", "admin: seed", null));
                end
                """ + FOREVER));
        // Limits too high to be reached in seconds and a clock that stands still: only the watchdog can stop it.
        RuleBounds bounds = new RuleBounds(100_000_000, 0, 100_000_000, 0, Duration.ofMillis(300));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (GuardedEngine engine = new GuardedEngine(rules, clock, bounds, w -> {})) {
            long t0 = System.nanoTime();
            Decision d = engine.decide(webCluster());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(
                    List.of(
                            "admin rules took longer than 300 ms to decide (stopped by the watchdog); admin rules are set aside "
                                    + "and the DC decides with the built-in rules alone until the rule files change (find the rule with hapc "
                                    + "simulate --rules-dir, then hapc rules remove FILE)"),
                    fallbackWarnings(d));
            assertTrue(ms >= 2000 && ms < 20_000, ms + " ms");
        }
        long until = System.currentTimeMillis() + 10_000;
        while (Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("hapc-admin-rules") && t.isAlive())
                && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("hapc-admin-rules") && t.isAlive()),
                "the stopped rules' thread ended");
    }

    @Test
    void tooManyMatchesAndFailingConsequencesFallBackToo() throws Exception {
        PolicyRules crossProduct = PolicyRules.withAdminSources(Map.of("join.drl", HEADER + """
                rule "admin: everything with everything"
                when
                    $a : ResourceView()
                    $b : ResourceView()
                    $c : ResourceView()
                then
                    insert(new Warning($a.id() + $b.id() + $c.id(), drools.getRule().getName()));
                end
                """));
        RuleBounds small = new RuleBounds(1000, 0, 10, 0, Duration.ofSeconds(30));
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (GuardedEngine engine = new GuardedEngine(crossProduct, clock, small, w -> {})) {
            String w = fallbackWarnings(engine.decide(webCluster())).get(0);
            assertTrue(
                    w.startsWith(
                            "admin rule \"admin: everything with everything\" (join.drl) made more than 10 matches"),
                    w);
        }
        PolicyRules failing = PolicyRules.withAdminSources(Map.of("boom.drl", HEADER + """
                rule "admin: boom"
                when
                    ClusterFact()
                then
                    insert(new Warning("boom".substring(9), drools.getRule().getName()));
                end
                """));
        try (GuardedEngine engine = new GuardedEngine(failing, clock, RuleBounds.DEFAULT, w -> {})) {
            String w = fallbackWarnings(engine.decide(webCluster())).get(0);
            assertTrue(
                    w.startsWith(
                            "admin rule \"admin: boom\" (boom.drl) failed: java.lang.StringIndexOutOfBoundsException"),
                    w);
        }
        // the one-shot engine (edit validation, simulate) throws instead
        RuleBoundsExceeded e = assertThrows(
                RuleBoundsExceeded.class, () -> new PolicyEngine(crossProduct, clock, small).decide(webCluster()));
        assertEquals("join.drl", e.file().orElseThrow());
    }

    @Test
    void withoutAdminRulesNothingIsGuarded() throws Exception {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        try (GuardedEngine engine = new GuardedEngine(PolicyRules.builtIn(), clock, RuleBounds.DEFAULT, w -> {})) {
            Decision d = engine.decide(webCluster());
            assertBuiltInDecision(new PolicyEngine(PolicyRules.builtIn(), clock).decide(webCluster()), d);
            assertTrue(engine.adminRulesDisabled().isEmpty());
        }
    }
}
