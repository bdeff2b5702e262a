package io.hapc.cli.status;

import io.hapc.engine.PolicyEngine;
import io.hapc.engine.facts.Warning;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleCompilationException;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.RuleFile;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings the rules derive (built-in and the CIB's admin rule files), as status shows them.
 * Status must show the cluster even when the rules cannot run: then that is the warning.
 */
final class EngineWarnings {
    private EngineWarnings() {}

    static List<String> of(Cib cib, Instant now) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (RuleFile f : cib.ruleFiles()) sources.put(f.name(), f.source());
        PolicyRules rules;
        try {
            rules = PolicyRules.withAdminSources(sources);
        } catch (RuleCompilationException e) {
            return List.of("admin rule files do not compile: " + String.join("; ", e.problems().stream().map(Object::toString).toList()));
        }
        try {
            return new PolicyEngine(rules, Clock.fixed(now, ZoneOffset.UTC)).decide(cib).derived().warnings().stream()
                    .map(Warning::message).distinct().toList();
        } catch (RuntimeException e) {
            return List.of("the policy engine fails on this CIB: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }
}
