package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.report.ExplainFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tickets.drl: rsc_ticket dependencies and each loss-policy. */
class TicketsRulesTest {
    private static final String FENCE_DEVICE = "<primitive id=\"F\" class=\"stonith\" type=\"fence_dummy\"/>";
    private static final String PROMOTABLE =
            "<clone id=\"S\"><meta_attributes id=\"Sm\"><nvpair id=\"Sp\" name=\"promotable\" value=\"true\"/>"
                    + "</meta_attributes><primitive id=\"P\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></clone>";

    private static String ticket(String rsc, String extra) {
        return "<rsc_ticket id=\"" + rsc + "-needs-T\" rsc=\"" + rsc + "\" ticket=\"T\" " + extra + "/>";
    }

    /** A runs on n1 and needs ticket T; B does not. */
    private static Scenario aNeedsT(String lossPolicy) {
        return Scenario.nodes("n1", "n2")
                .dummy("A")
                .runs("A", "n1")
                .constraint(ticket("A", lossPolicy.isEmpty() ? "" : "loss-policy=\"" + lossPolicy + "\""));
    }

    /** S promoted on n1 and unpromoted on n2; its promoted role needs T. */
    private static Scenario promotedNeedsT(String lossPolicy) {
        return Scenario.nodes("n1", "n2")
                .resource(PROMOTABLE)
                .promoted("P:0", "n1")
                .runs("P:1", "n2")
                .transientAttribute("n1", "master-P", "10")
                .transientAttribute("n2", "master-P", "5")
                .constraint(ticket("S", "rsc-role=\"Promoted\" loss-policy=\"" + lossPolicy + "\""));
    }

    // ---- granted: nothing happens -------------------------------------------------------------------

    @Test
    void aGrantedTicketChangesNothing() {
        assertEquals(List.of(), aNeedsT("").ticket("T", "granted=\"true\"").summary());
        assertEquals(
                List.of("Start A (n1)"),
                Scenario.nodes("n1")
                        .dummy("A")
                        .constraint(ticket("A", ""))
                        .ticket("T", "granted=\"true\"")
                        .summary());
    }

    @Test
    void aTicketNeverGrantedKeepsItsResourcesFromStarting() {
        assertEquals(
                List.of(),
                Scenario.nodes("n1").dummy("A").constraint(ticket("A", "")).summary());
    }

    // ---- stop ---------------------------------------------------------------------------------------

    @Test
    void stopIsTheDefaultAndExplainNamesTheTicketAndConstraint() {
        var d = aNeedsT("").ticket("T", "granted=\"false\"").decide();
        assertEquals(List.of("Stop A (n1) due to node availability"), Scenario.summaryOf(d));
        String why = ExplainFormatter.explain(d, "A");
        assertTrue(why.contains("-INFINITY  ticket T is not granted (rsc_ticket A-needs-T, loss-policy=stop)"), why);
    }

    @Test
    void stopOnAPromotedRoleStopsEveryInstance() {
        assertEquals(
                List.of(
                        "Stop P:0 (Promoted n1) due to node availability",
                        "Stop P:1 (Unpromoted n2) due to node availability"),
                promotedNeedsT("stop").summary());
    }

    // ---- demote -------------------------------------------------------------------------------------

    @Test
    void demoteTakesAwayOnlyThePromotedRole() {
        var d = promotedNeedsT("demote").ticket("T", "granted=\"false\"").decide();
        assertEquals(List.of("Demote P:0 (Promoted -> Unpromoted n1)"), Scenario.summaryOf(d));
        String why = ExplainFormatter.explain(d, "S");
        assertTrue(why.contains("ticket T is not granted (rsc_ticket S-needs-T, loss-policy=demote)"), why);
    }

    @Test
    void demoteOfAResourceWithoutARoleStopsIt() {
        assertEquals(
                List.of("Stop A (n1) due to node availability"),
                aNeedsT("demote").summary());
    }

    @Test
    void withTheTicketGrantedThePromotedRoleComesBack() {
        assertEquals(
                List.of(),
                promotedNeedsT("demote").ticket("T", "granted=\"true\"").summary());
    }

    // ---- fence --------------------------------------------------------------------------------------

    @Test
    void fenceFencesTheNodeTheResourceRunsOn() {
        assertEquals(
                List.of("Fence (reboot) n1 'deadman ticket was lost'", "Stop A (n1) due to node availability"),
                aNeedsT("fence")
                        .property("fencing-enabled=true")
                        .resource(FENCE_DEVICE)
                        .runs("F", "n2")
                        .ticket("T", "granted=\"false\"")
                        .summary());
    }

    @Test
    void fenceOnAPromotedRoleFencesOnlyWhereItIsPromoted() {
        List<String> lines = promotedNeedsT("fence")
                .property("fencing-enabled=true")
                .resource(FENCE_DEVICE)
                .runs("F", "n2")
                .summary();
        assertEquals("Fence (reboot) n1 'deadman ticket was lost'", lines.get(0));
        assertTrue(lines.stream().noneMatch(l -> l.contains("n2 'deadman")), lines.toString());
    }

    @Test
    void fenceWithoutFencingStopsAndWarns() {
        var d = aNeedsT("fence").decide();
        assertEquals(List.of("Stop A (n1) due to node availability"), Scenario.summaryOf(d));
        assertTrue(
                d.derived().warnings().stream()
                        .anyMatch(w -> w.message()
                                .equals("rsc_ticket A-needs-T has loss-policy=fence"
                                        + " but fencing is disabled: losing ticket T stops A instead")),
                d.derived().warnings().toString());
        // A promoted-role dependency is stopped too, not only demoted: there is no dead man to rely on.
        assertEquals(
                List.of(
                        "Stop P:0 (Promoted n1) due to node availability",
                        "Stop P:1 (Unpromoted n2) due to node availability"),
                promotedNeedsT("fence").summary());
    }

    // ---- freeze -------------------------------------------------------------------------------------

    @Test
    void freezeKeepsWhatRunsAndStartsNothing() {
        var s = Scenario.nodes("n1", "n2")
                .dummy("A")
                .dummy("B")
                .runs("A", "n1")
                .constraint("<rsc_ticket id=\"AB-need-T\" ticket=\"T\" loss-policy=\"freeze\"><resource_set id=\"AB\">"
                        + "<resource_ref id=\"A\"/><resource_ref id=\"B\"/></resource_set></rsc_ticket>")
                .constraint("<rsc_location id=\"A-prefers-n2\" rsc=\"A\" node=\"n2\" score=\"100\"/>")
                .ticket("T", "granted=\"false\"");
        assertEquals(List.of(), s.summary(), "A stays on n1 despite preferring n2; B does not start");
    }

    @Test
    void freezeKeepsThePromotedRoleWhereItIs() {
        assertEquals(
                List.of(),
                promotedNeedsT("freeze").ticket("T", "granted=\"false\"").summary());
    }

    // ---- standby ------------------------------------------------------------------------------------

    @Test
    void aTicketInStandbyStopsWhateverThePolicyButNeverFences() {
        for (String policy : List.of("stop", "demote", "fence", "freeze")) {
            assertEquals(
                    List.of("Stop A (n1) due to node availability"),
                    aNeedsT(policy)
                            .property("fencing-enabled=true")
                            .resource(FENCE_DEVICE)
                            .runs("F", "n2")
                            .ticket("T", "granted=\"true\" standby=\"true\"")
                            .summary(),
                    policy);
        }
    }

    @Test
    void aTicketInStandbyDemotesAPromotedRole() {
        var d = promotedNeedsT("freeze")
                .ticket("T", "granted=\"true\" standby=\"true\"")
                .decide();
        assertEquals(List.of("Demote P:0 (Promoted -> Unpromoted n1)"), Scenario.summaryOf(d));
        assertTrue(ExplainFormatter.explain(d, "S")
                .contains("ticket T is in standby (rsc_ticket S-needs-T, loss-policy=freeze)"));
    }
}
