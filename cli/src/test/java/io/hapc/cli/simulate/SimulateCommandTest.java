package io.hapc.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    private static final String EXAMPLE = Path.of(
                    System.getProperty("hapc.root.dir", ".."), "examples", "web-cluster.xml")
            .toString();

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void nodeFailureFencesAndMovesWithAnExplanation() {
        CliRun r = run("simulate", "--xml-file", EXAMPLE, "--node-fail", "node1", "--explain", "WebSite");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Fence (reboot) node1 'peer is no longer part of the cluster'"), r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("* Move WebSite ( node1 -> node2 )"), r.out());
        assertTrue(r.out().contains("location constraint WebSite-avoids-slow-disks"), r.out());
    }

    @Test
    void jsonOutputHasTheDocumentedShape() throws Exception {
        CliRun r = run("simulate", "--xml-file", EXAMPLE, "--node-fail", "node1", "--output", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("node2", root.path("placement").path("VIP").path("node").asText());
        assertEquals("node1", root.path("fencing").get(0).path("node").asText());
        assertTrue(root.path("summary").isArray()
                && root.path("graph").path("actions").isArray());
        boolean fenceBeforeStart = false;
        for (JsonNode e : root.path("graph").path("edges"))
            fenceBeforeStart |= e.path("reason").asText().equals("fencing before recovery");
        assertTrue(fenceBeforeStart, r.out());
    }

    @Test
    void jsonOutputCarriesTheExplanation() throws Exception {
        CliRun r = run(
                "simulate", "--xml-file", EXAMPLE, "--node-fail", "node1", "--explain", "WebSite", "--output", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode website = new ObjectMapper().readTree(r.out()).path("explain").path("WebSite");
        assertEquals("node2", website.path("chosen").asText(), r.out());
        assertTrue(
                website.path("totals").has("node2")
                        && !website.path("verdict").asText().isEmpty(),
                r.out());
        boolean namesTheConstraint = false;
        for (JsonNode reasons : website.path("contributions")) {
            for (JsonNode c : reasons)
                namesTheConstraint |= c.path("reason").asText().contains("WebSite-avoids-slow-disks");
        }
        assertTrue(namesTheConstraint, r.out());
    }

    @Test
    void aConstraintNamingAMissingResourceIsIgnoredWithAWarning(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("ghost.xml");
        Files.writeString(
                cib,
                Files.readString(Path.of(EXAMPLE))
                        .replace(
                                "</constraints>",
                                "<rsc_colocation id=\"c-ghost\" rsc=\"Ghost\" with-rsc=\"VIP\" score=\"INFINITY\"/></constraints>"));
        CliRun r = run("simulate", "--xml-file", cib.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(
                r.err().contains("warning: constraint c-ghost names resource 'Ghost', which does not exist"), r.err());
        assertTrue(r.out().contains("Transition Summary:"), r.out());
    }

    @Test
    void malformedCibIsInvalidInputNamingTheLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(
                bad,
                "<cib>\n<configuration>\n<resources><primitive id=\"x\" class=\"ocf\" provider=\"heartbeat\"/></resources>\n</configuration></cib>\n");
        CliRun r = run("simulate", "--xml-file", bad.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains(bad + ": line 3: ") && r.err().contains("type"), r.err());
        assertEquals(
                1,
                r.err().split(java.util.regex.Pattern.quote(bad.toString()), -1).length - 1,
                "the file is named once: " + r.err());
    }

    @Test
    void brokenAdminRuleIsInvalidInputWithFileLineColumn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine.drl"), "package admin\nrule \"x\"\nwhen\n  Nope( )\nthen\nend\n");
        CliRun r = run("simulate", "--xml-file", EXAMPLE, "--rules-dir", dir.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().matches("(?s).*mine\\.drl:\\d+:\\d+:.*"), r.err());
        assertTrue(r.err().contains("built-in rules are unchanged"), r.err());
    }

    @Test
    void adminRuleChangesThePlacementAndIsExplained(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("vip.drl"), """
                package admin.rules
                import io.hapc.engine.cluster.NodeView
                import io.hapc.engine.facts.ScoreContribution
                import io.hapc.model.cib.Score
                rule "admin: VIP prefers node2"
                when
                    NodeView( name == "node2" )
                then
                    insertLogical(new ScoreContribution("VIP", "node2", 1000, "the admin wants it there", drools.getRule().getName(), null));
                end
                """);
        CliRun r = run("simulate", "--xml-file", EXAMPLE, "--rules-dir", dir.toString(), "--explain", "VIP");
        assertEquals(0, r.code(), r.err());
        // WebSite must run with VIP, so both move.
        String flat = r.out().replaceAll("\\s+", " ");
        assertTrue(
                flat.contains("* Move VIP ( node1 -> node2 )") && flat.contains("* Move WebSite ( node1 -> node2 )"),
                r.out());
        assertTrue(r.out().contains("admin: VIP prefers node2"), r.out());
    }

    @Test
    void adminRulesThatBreakTheirBoundsAreAnEngineFailureSayingWhich(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("forever.drl"), """
                package admin.rules
                import io.hapc.engine.facts.ClusterFact
                import io.hapc.engine.facts.ScoreContribution
                rule "admin: seed"
                when
                    ClusterFact()
                then
                    insert(new ScoreContribution("VIP", "node2", 1, "seed", "admin: forever", null));
                end
                rule "admin: forever"
                when
                    ScoreContribution( rule == "admin: forever", $v : score )
                then
                    insert(new ScoreContribution("VIP", "node2", $v + 1, "again", "admin: forever", null));
                end
                """);
        CliRun r = run("simulate", "--xml-file", EXAMPLE, "--rules-dir", dir.toString());
        assertEquals(4, r.code(), r.out() + r.err());
        assertTrue(
                r.err()
                        .contains(
                                "the admin rules broke their bounds on " + EXAMPLE + ": admin rule \"admin: forever\" ("
                                        + dir.resolve("forever.drl") + ") fired more than "),
                r.err());
    }

    @Test
    void badWhatIfArgumentsAreInvalidInput() {
        CliRun r = run("simulate", "--xml-file", EXAMPLE, "--op-fail", "nonsense");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("RSC_OPERATION_INTERVALMS@NODE=RC"), r.err());
        CliRun n = run("simulate", "--xml-file", EXAMPLE, "--node-fail", "node9");
        assertEquals(3, n.code());
        assertTrue(n.err().contains("no node named 'node9'"), n.err());
    }

    @Test
    void missingFileIsInvalidInput() {
        CliRun r = run("simulate", "--xml-file", "/nonexistent/cib.xml");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    /** Issue 8, finding 5: a CIB file with a line break in a fencing parameter is invalid input. */
    @Test
    void controlCharactersInAParameterAreInvalidInput(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("cib.xml");
        Files.writeString(
                cib,
                Files.readString(Path.of(EXAMPLE))
                        .replaceFirst(
                                "<primitive id=\"VIP\"([^>]*)>",
                                "<primitive id=\"VIP\"$1><instance_attributes id=\"VIP-x\"><nvpair id=\"VIP-x-1\" name=\"nic\" value=\"eth0&#10;x\"/></instance_attributes>"));
        CliRun r = run("simulate", "--xml-file", cib.toString());
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(
                r.err()
                        .contains(
                                "resource VIP: parameter 'nic' has the control character U+000A (line feed) at character 5"),
                r.err());
    }

    @Test
    void ticketWhatIfsGrantRevokeStandbyAndActivate(@TempDir Path dir) throws Exception {
        Path cib = dir.resolve("ticket.xml");
        Files.writeString(
                cib,
                Files.readString(Path.of(EXAMPLE))
                        .replace(
                                "</constraints>",
                                "<rsc_ticket id=\"WebSite-needs-T\" rsc=\"WebSite\" ticket=\"T\" loss-policy=\"stop\"/></constraints>"));
        String plain = run("simulate", "--xml-file", cib.toString()).out().replaceAll("\\s+", " ");
        assertTrue(plain.contains("* Stop WebSite ( node1 ) due to node availability"), plain);
        CliRun granted = run("simulate", "--xml-file", cib.toString(), "--ticket-grant", "T");
        assertEquals(0, granted.code(), granted.err());
        assertTrue(!flat(granted).contains("Stop WebSite"), granted.out());
        CliRun standby = run(
                "simulate",
                "--xml-file",
                cib.toString(),
                "--ticket-grant",
                "T",
                "--ticket-standby",
                "T",
                "--explain",
                "WebSite");
        assertTrue(
                standby.out().contains("ticket T is in standby (rsc_ticket WebSite-needs-T, loss-policy=stop)"),
                standby.out());
        CliRun active = run(
                "simulate",
                "--xml-file",
                cib.toString(),
                "--ticket-grant",
                "T",
                "--ticket-standby",
                "T",
                "--ticket-activate",
                "T");
        assertTrue(!flat(active).contains("Stop WebSite"), active.out());
        CliRun revoked = run("simulate", "--xml-file", cib.toString(), "--ticket-grant", "T", "--ticket-revoke", "T");
        assertTrue(flat(revoked).contains("* Stop WebSite ( node1 ) due to node availability"), revoked.out());
        assertEquals(
                3,
                run("simulate", "--xml-file", cib.toString(), "--ticket-grant", " ")
                        .code());
    }

    private static String flat(CliRun r) {
        return r.out().replaceAll("\\s+", " ");
    }
}
