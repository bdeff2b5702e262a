package io.hapc.cli.bench;

import io.hapc.engine.Decision;
import io.hapc.engine.IncrementalEngine;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.whatif.WhatIf;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * In-process benchmark: re-decision after one node failure on an already-loaded engine (a
 * long-lived rule session updated incrementally) against a full run from scratch, on the same
 * CIB, checking both give the same placement. Prints one line per figure.
 *
 * usage: IncrementalBenchmark CIB.xml NODE [ROUNDS]
 */
public final class IncrementalBenchmark {
    private IncrementalBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IncrementalBenchmark CIB.xml NODE [ROUNDS]");
            System.exit(2);
        }
        Cib healthy = CibXmlReader.read(Path.of(args[0]));
        Cib failed = WhatIf.nodeFail(healthy, args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        PolicyRules rules = PolicyRules.builtIn();

        long[] incremental = new long[rounds];
        long[] full = new long[rounds];
        boolean same = true;
        try (IncrementalEngine engine = new IncrementalEngine(rules, clock)) {
            // The DC's steady state: one long-lived session, warmed up on healthy/failed turns.
            for (int i = 0; i < 10; i++) {
                engine.decide(healthy);
                engine.decide(failed);
                new PolicyEngine(rules, clock).decide(failed);
            }
            for (int i = 0; i < rounds; i++) {
                engine.decide(healthy);
                long t0 = System.nanoTime();
                Decision inc = engine.decide(failed);
                incremental[i] = System.nanoTime() - t0;
                long t1 = System.nanoTime();
                Decision scratch = new PolicyEngine(rules, clock).decide(failed);
                full[i] = System.nanoTime() - t1;
                same &= placement(inc).equals(placement(scratch))
                        && inc.transition()
                                .summary()
                                .equals(scratch.transition().summary());
            }
        }
        System.out.printf(
                "incremental re-decision after %s fails: median %.1f ms, max %.1f ms (%d rounds)%n",
                args[1], median(incremental), max(incremental), rounds);
        System.out.printf(
                "full decision from scratch:            median %.1f ms, max %.1f ms%n", median(full), max(full));
        System.out.println("same placement and summary: " + same);
        if (!same) System.exit(1);
    }

    private static Map<String, String> placement(Decision d) {
        return new TreeMap<>(d.placement().nodeOf());
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static double max(long[] nanos) {
        return Arrays.stream(nanos).max().orElse(0) / 1e6;
    }
}
