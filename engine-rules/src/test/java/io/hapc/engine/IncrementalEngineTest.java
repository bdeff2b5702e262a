package io.hapc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.whatif.WhatIf;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A long-lived engine deciding change after change must decide exactly as a fresh engine does. */
class IncrementalEngineTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final PolicyRules RULES = PolicyRules.builtIn();

    private static void assertSameAsFresh(IncrementalEngine engine, Cib cib, String step) {
        Decision inc = engine.decide(cib);
        Decision full = new PolicyEngine(RULES, CLOCK).decide(cib);
        assertEquals(
                new TreeMap<>(full.placement().nodeOf()),
                new TreeMap<>(inc.placement().nodeOf()),
                step + ": placement");
        assertEquals(
                full.placement().roleOf().entrySet().stream()
                        .sorted(java.util.Map.Entry.comparingByKey())
                        .toList(),
                inc.placement().roleOf().entrySet().stream()
                        .sorted(java.util.Map.Entry.comparingByKey())
                        .toList(),
                step + ": roles");
        assertEquals(full.transition().summary(), inc.transition().summary(), step + ": summary");
        assertEquals(
                new java.util.HashSet<>(full.derived().fenceDelays()),
                new java.util.HashSet<>(inc.derived().fenceDelays()),
                step + ": fencing delays");
    }

    @Test
    void aTwoNodeSplitWithPriorityFencingDelay() throws Exception {
        // Pacemaker's own case: kiff-01, which runs the resources of highest priority, is lost; fencing it waits.
        Path f = Path.of(
                System.getProperty("hapc.shared.dir", "../../shared"),
                "pcmk-scheduler-corpus",
                "fencing",
                "priority-fencing-delay.xml");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(f), "shared corpus not found");
        Cib cib = CibXmlReader.read(f);
        try (IncrementalEngine engine = new IncrementalEngine(RULES, CLOCK)) {
            Decision d = engine.decide(cib);
            assertEquals(
                    java.time.Duration.ofSeconds(15),
                    d.derived().fenceDelay("kiff-01"),
                    d.derived().fenceDelays().toString());
            assertSameAsFresh(engine, cib, "kiff-01 lost");
        }
    }

    @Test
    void aSequenceOfChangesOnTheExampleCluster() throws Exception {
        Cib healthy =
                CibXmlReader.read(Path.of(System.getProperty("hapc.root.dir", ".."), "examples", "web-cluster.xml"));
        try (IncrementalEngine engine = new IncrementalEngine(RULES, CLOCK)) {
            assertSameAsFresh(engine, healthy, "start");
            Cib failed = WhatIf.nodeFail(healthy, "node1");
            assertSameAsFresh(engine, failed, "node1 fails");
            assertSameAsFresh(engine, healthy, "node1 is back");
            assertSameAsFresh(
                    engine,
                    WhatIf.injectOperation(healthy, "WebSite_monitor_30000@node1=7", CLOCK.instant()),
                    "monitor fails");
            assertSameAsFresh(engine, WhatIf.standby(healthy, "node2"), "node2 standby");
            assertSameAsFresh(engine, WhatIf.nodeDown(healthy, "node3"), "node3 leaves");
        }
    }

    @Test
    void everySharedCaseThenEachOfItsNodesFailing() throws Exception {
        Path cases = Path.of(System.getProperty("hapc.shared.dir", "../../shared"), "pcmk-scheduler");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(cases), "shared cases not found");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(cases)) {
            s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
        }
        for (Path f : files) {
            Cib cib = CibXmlReader.read(f);
            try (IncrementalEngine engine = new IncrementalEngine(RULES, CLOCK)) {
                assertSameAsFresh(engine, cib, f.getFileName().toString());
                for (var node : cib.nodes()) {
                    assertSameAsFresh(
                            engine,
                            WhatIf.nodeFail(cib, node.uname()),
                            f.getFileName() + " " + node.uname() + " fails");
                }
            }
        }
    }

    /** Tickets change in the status only: a long-lived session must follow grant, revoke and standby. */
    @Test
    void ticketsGrantedRevokedAndInStandby() throws Exception {
        Path cases = Path.of(System.getProperty("hapc.shared.dir", "../../shared"), "pcmk-scheduler-corpus", "tickets");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(cases), "corpus tickets cases not found");
        for (String name : List.of("ticket-rsc-sets-7", "ticket-promoted-9", "ticket-clone-12", "ticket-group-3")) {
            Cib cib = CibXmlReader.read(cases.resolve(name + ".xml"));
            List<String> tickets = cib.constraints().stream()
                    .filter(c -> c instanceof io.hapc.model.cib.Constraint.Ticket)
                    .map(c -> ((io.hapc.model.cib.Constraint.Ticket) c).ticket())
                    .distinct()
                    .toList();
            try (IncrementalEngine engine = new IncrementalEngine(RULES, CLOCK)) {
                for (String state : List.of("none", "granted", "revoked", "standby", "granted", "none")) {
                    List<io.hapc.model.cib.Status.TicketState> states = state.equals("none")
                            ? List.of()
                            : tickets.stream()
                                    .map(t -> new io.hapc.model.cib.Status.TicketState(
                                            t,
                                            !state.equals("revoked"),
                                            state.equals("standby"),
                                            java.util.Optional.empty(),
                                            java.util.Map.of()))
                                    .toList();
                    Cib changed = cib.withStatus(
                            new io.hapc.model.cib.Status(cib.status().nodeStates(), states));
                    assertSameAsFresh(engine, changed, name + " tickets " + state);
                }
            }
        }
    }
}
