package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.constraint;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.Score;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.model.xml.CibXmlWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** resource move / ban / clear: cli-prefer and cli-ban constraints, with lifetimes the engine honours. */
class PlacementEditsTest {
    private static Optional<String> placedOn(Cib cib, String rsc, Instant at) {
        return new PolicyEngine(PolicyRules.builtIn(), Clock.fixed(at, ZoneOffset.UTC))
                .decide(cib)
                .placement()
                .node(rsc);
    }

    @Test
    void moveWritesCliPreferAndTheEngineMovesTheResource() throws Exception {
        Cib after = apply(webCluster(), new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.empty(), false));
        Constraint.Location l =
                (Constraint.Location) constraint(after, "cli-prefer-VIP").orElseThrow();
        assertEquals(Optional.of("node2"), l.node());
        assertEquals(Optional.of(Score.INFINITY), l.score());
        assertEquals(Optional.of(Role.STARTED), l.role());
        assertEquals(Optional.of("node2"), placedOn(after, "VIP", Fixtures.NOW));
    }

    @Test
    void moveWithALifetimeExpires() throws Exception {
        CibEditor.EditOutcome o = outcome(
                webCluster(), new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.of("PT1H"), false));
        Constraint.Location l =
                (Constraint.Location) constraint(o.cib(), "cli-prefer-VIP").orElseThrow();
        Rule rule = l.rules().get(0);
        assertEquals(Optional.of(Score.INFINITY), rule.score());
        assertEquals(
                new RuleExpression.AttributeExpression(
                        "cli-prefer-VIP-expr",
                        "#uname",
                        "eq",
                        Optional.of("node2"),
                        Optional.of("string"),
                        Optional.empty()),
                rule.expressions().get(0));
        RuleExpression.DateExpression end =
                (RuleExpression.DateExpression) rule.expressions().get(1);
        assertEquals(Optional.of("2025-03-01 13:00:00 +00:00"), end.end());
        assertTrue(o.message().endsWith("until 2025-03-01 13:00:00 +00:00"), o.message());
        // survives the XML and the engine honours it before, not after, the end
        Cib written = CibXmlReader.read(CibXmlWriter.write(o.cib()), "written");
        assertEquals(Optional.of("node2"), placedOn(written, "VIP", Fixtures.NOW.plusSeconds(3599)));
        assertEquals(Optional.of("node1"), placedOn(written, "VIP", Fixtures.NOW.plusSeconds(3600)));
    }

    @Test
    void moveClearsABanOnTheTargetAndClearRemovesBoth() throws Exception {
        Cib banned = apply(webCluster(), new CibEdit.ResourceBan("VIP", Optional.of("node2"), Optional.empty(), false));
        assertEquals(
                Optional.of(Score.MINUS_INFINITY),
                ((Constraint.Location)
                                constraint(banned, "cli-ban-VIP-on-node2").orElseThrow())
                        .score());
        CibEditor.EditOutcome moved =
                outcome(banned, new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.empty(), false));
        assertTrue(constraint(moved.cib(), "cli-ban-VIP-on-node2").isEmpty());
        assertTrue(moved.message().endsWith("removed cli-ban-VIP-on-node2"), moved.message());
        Cib both = apply(moved.cib(), new CibEdit.ResourceBan("VIP", Optional.of("node3"), Optional.empty(), false));
        CibEditor.EditOutcome cleared = outcome(both, new CibEdit.ResourceClear("VIP", Optional.empty()));
        assertEquals("Removed cli-prefer-VIP, cli-ban-VIP-on-node3", cleared.message());
        assertEquals(webCluster().constraints(), cleared.cib().constraints());
    }

    @Test
    void clearOnOneNodeKeepsTheOthers() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.ResourceBan("VIP", Optional.of("node2"), Optional.empty(), false));
        cib = apply(cib, new CibEdit.ResourceBan("VIP", Optional.of("node3"), Optional.empty(), false));
        Cib after = apply(cib, new CibEdit.ResourceClear("VIP", Optional.of("node3")));
        assertTrue(constraint(after, "cli-ban-VIP-on-node2").isPresent());
        assertTrue(constraint(after, "cli-ban-VIP-on-node3").isEmpty());
        CibEditor.EditOutcome nothing = outcome(after, new CibEdit.ResourceClear("WebSite", Optional.empty()));
        assertFalse(nothing.changed());
        assertEquals("Nothing to clear for 'WebSite'", nothing.message());
        assertEquals(
                "resource clear VIP: no node 'node9' in the CIB (nodes: node1, node2, node3); a constraint naming a node "
                        + "that is gone goes with hapc constraint remove ID",
                refusal(after, new CibEdit.ResourceClear("VIP", Optional.of("node9"))));
    }

    @Test
    void banWithoutNodeBansWhereItRuns() throws Exception {
        Cib after = apply(webCluster(), new CibEdit.ResourceBan("WebSite", Optional.empty(), Optional.empty(), false));
        assertTrue(constraint(after, "cli-ban-WebSite-on-node1").isPresent());
        CibEditor.EditOutcome move =
                outcome(webCluster(), new CibEdit.ResourceMove("VIP", Optional.empty(), Optional.empty(), false));
        assertTrue(constraint(move.cib(), "cli-ban-VIP-on-node1").isPresent());
        assertTrue(
                move.warnings().get(0).startsWith("no node given: 'VIP' is banned from node1"),
                move.warnings().toString());
    }

    @Test
    void refusals() throws Exception {
        Cib cib = webCluster();
        assertEquals(
                "resource move VIP: no node 'node9' in the CIB (nodes: node1, node2, node3)",
                refusal(cib, new CibEdit.ResourceMove("VIP", Optional.of("node9"), Optional.empty(), false)));
        assertEquals(
                "resource move VIP lifetime: 'soon' is not a duration (e.g. 30s, 500ms, 5min, 1h, PT10M)",
                refusal(cib, new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.of("soon"), false)));
        assertEquals(
                "--promoted: 'VIP' is not a promotable clone",
                refusal(cib, new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.empty(), true)));
        Cib stopped = apply(
                cib,
                new CibEdit.ResourceCreate(
                        "idle",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        true,
                        false,
                        false));
        assertEquals(
                "'idle' is not running anywhere: name the node (hapc resource ban idle NODE)",
                refusal(stopped, new CibEdit.ResourceBan("idle", Optional.empty(), Optional.empty(), false)));
        Cib cloned = apply(cib, new CibEdit.CloneCreate("WebSite", Optional.empty(), map()));
        assertEquals(
                "'WebSite-clone' is a clone and runs on several nodes: keep it off a node with hapc resource ban WebSite-clone NODE",
                refusal(
                        cloned,
                        new CibEdit.ResourceMove("WebSite-clone", Optional.of("node2"), Optional.empty(), false)));
        assertEquals(
                "'WebSite' is inside clone 'WebSite-clone'; ban the clone: hapc resource ban WebSite-clone",
                refusal(cloned, new CibEdit.ResourceBan("WebSite", Optional.of("node2"), Optional.empty(), false)));
    }

    @Test
    void banningEverywhereWarns() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.ResourceBan("VIP", Optional.of("node1"), Optional.empty(), false));
        cib = apply(cib, new CibEdit.ResourceBan("VIP", Optional.of("node2"), Optional.empty(), false));
        CibEditor.EditOutcome o =
                outcome(cib, new CibEdit.ResourceBan("VIP", Optional.of("node3"), Optional.empty(), false));
        assertEquals(List.of("'VIP' is now banned from every node and will not run anywhere"), o.warnings());
    }
}
