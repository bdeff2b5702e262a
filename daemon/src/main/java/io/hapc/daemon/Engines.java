package io.hapc.daemon;

import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleCompilationException;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.RuleFile;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy engine for a CIB: the built-in rules plus the admin rule files the CIB carries,
 * compiled once per distinct set (rule files change rarely; decisions are frequent).
 */
final class Engines {
    private static final Logger log = LoggerFactory.getLogger(Engines.class);
    private final Clock clock;
    private final PolicyEngine builtIn;
    private List<RuleFile> compiledFor = List.of();
    private PolicyEngine withAdminRules;

    Engines(Clock clock) {
        this.clock = clock;
        this.builtIn = new PolicyEngine(PolicyRules.builtIn(), clock);
    }

    /** A first decision is slow (class loading, JIT): make it before this node may have to decide a failover. */
    void warmUp() {
        try (var in = Engines.class.getResourceAsStream("warmup-cib.xml")) {
            Cib cib = io.hapc.model.xml.CibXmlReader.read(in, "warm-up");
            for (int i = 0; i < 5; i++) {
                builtIn.decide(cib);
                builtIn.decide(io.hapc.engine.whatif.WhatIf.nodeFail(cib, cib.nodes().get(0).uname()));
            }
        } catch (Exception e) {
            log.debug("warm-up failed: {}", e.toString());
        }
    }

    synchronized PolicyEngine forCib(Cib cib) {
        if (cib.ruleFiles().isEmpty()) return builtIn;
        if (withAdminRules == null || !compiledFor.equals(cib.ruleFiles())) {
            Map<String, String> sources = new LinkedHashMap<>();
            cib.ruleFiles().forEach(f -> sources.put(f.name(), f.source()));
            try {
                withAdminRules = new PolicyEngine(PolicyRules.withAdminSources(sources), clock);
            } catch (RuleCompilationException e) {
                // Edits are compiled before they are committed, so this is a CIB written by something else.
                log.error("the CIB's rule files do not compile; deciding with the built-in rules only: {}", e.getMessage());
                withAdminRules = builtIn;
            }
            compiledFor = cib.ruleFiles();
        }
        return withAdminRules;
    }
}
