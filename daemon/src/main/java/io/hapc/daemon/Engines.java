package io.hapc.daemon;

import io.hapc.engine.Decision;
import io.hapc.engine.GuardedEngine;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleBounds;
import io.hapc.engine.rules.RuleCompilationException;
import io.hapc.engine.whatif.WhatIf;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.RuleFile;
import io.hapc.model.xml.CibXmlReader;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC's policy engine: one long-lived engine for the rules the CIB asks for (the built-in rules
 * plus the admin rule files it carries), rebuilt only when the rule files change. Admin rules run
 * guarded ({@link GuardedEngine}: their own thread, bounds, a deadline); when they break a bound
 * the DC goes on with the built-in rules alone and the decision carries a warning.
 * hapcd keeps two: the DC's (the brain's) and the cut-off guard's (which plans a cut-off node's stops
 * while the brain may be blocked); each makes one decision at a time.
 */
final class Engines {
    private static final Logger log = LoggerFactory.getLogger(Engines.class);
    private final Clock clock;
    private final RuleBounds bounds;
    private List<RuleFile> compiledFor;
    private GuardedEngine engine;

    Engines(Clock clock) {
        this(clock, RuleBounds.DEFAULT);
    }

    Engines(Clock clock, RuleBounds bounds) {
        this.clock = clock;
        this.bounds = bounds;
    }

    synchronized Decision decide(Cib cib) {
        if (engine == null || !cib.ruleFiles().equals(compiledFor)) {
            if (engine != null) engine.close();
            long began = System.nanoTime();
            engine = engine(cib.ruleFiles());
            compiledFor = cib.ruleFiles();
            log.info(
                    "policy engine ready in {} ms ({} admin rule files)",
                    (System.nanoTime() - began) / 1_000_000,
                    compiledFor.size());
        }
        try {
            return engine.decide(cib);
        } catch (RuntimeException | StackOverflowError e) {
            // A session that failed half-way through its rules may hold half-propagated state (seen: every
            // later decision failing inside Drools); the next decision starts on a new one.
            log.error("the policy engine failed; its session is rebuilt for the next decision: {}", e.toString());
            try {
                engine.close();
            } catch (RuntimeException closing) {
                log.debug("closing the failed session: {}", closing.toString());
            }
            engine = null;
            compiledFor = null;
            throw e;
        }
    }

    private GuardedEngine engine(List<RuleFile> files) {
        if (files.isEmpty()) return new GuardedEngine(PolicyRules.builtIn(), clock, bounds, w -> {});
        Map<String, String> sources = new LinkedHashMap<>();
        files.forEach(f -> sources.put(f.name(), f.source()));
        try {
            return new GuardedEngine(
                    PolicyRules.withAdminSources(sources),
                    clock,
                    bounds,
                    why -> log.error("admin rules set aside: {}", why));
        } catch (RuleCompilationException e) {
            // Edits are checked before they are committed, so only a CIB written by something else
            // (or by a version of hapc with other checks) gets here.
            String why = "the CIB's admin rule files are refused, the DC decides with the built-in rules alone: "
                    + String.join(
                            "; ", e.problems().stream().map(Object::toString).toList())
                    + " (remove them: hapc rules remove FILE)";
            log.error(why);
            return GuardedEngine.builtInOnly(clock, why);
        }
    }

    /**
     * A first decision is slow (class loading, JIT): make some before this node may have to decide a
     * failover. {@code jit} also warms the JVM on a scratch engine (once per process is enough); this
     * engine's own session is built in any case: built at a failover, it cost a new DC a second or
     * more under load.
     */
    void warmUp(boolean jit) {
        try (var in = Engines.class.getResourceAsStream("warmup-cib.xml")) {
            Cib cib = CibXmlReader.read(in, "warm-up");
            if (jit) {
                PolicyEngine scratch = new PolicyEngine(PolicyRules.builtIn(), clock);
                for (int i = 0; i < 5; i++) {
                    scratch.decide(cib);
                    scratch.decide(WhatIf.nodeFail(cib, cib.nodes().get(0).uname()));
                }
            }
            decide(cib);
            decide(WhatIf.nodeFail(cib, cib.nodes().get(0).uname()));
        } catch (Exception e) {
            log.debug("warm-up failed: {}", e.toString());
        }
    }
}
