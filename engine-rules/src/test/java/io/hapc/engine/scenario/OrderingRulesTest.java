package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.ActionType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ordering.drl */
class OrderingRulesTest {
    private static final String ORDER = "<rsc_order id=\"o\" first=\"DB\" then=\"App\" kind=\"Mandatory\"/>";

    @Test
    void thenCannotStartWhenFirstCannot() {
        Scenario s = Scenario.nodes("n1")
                .dummy("DB")
                .dummy("App")
                .constraint(ORDER)
                .constraint("<rsc_location id=\"l\" rsc=\"DB\" node=\"n1\" score=\"-INFINITY\"/>");
        assertEquals(List.of("Start App (n1) due to unrunnable DB start (blocked)"), s.summary());
    }

    @Test
    void aFirstThatStartsRestartsItsRunningThen() {
        assertEquals(
                List.of("Start DB (n1)", "Restart App (n1) due to required DB start"),
                Scenario.nodes("n1")
                        .dummy("DB")
                        .dummy("App")
                        .runs("App", "n1")
                        .constraint(ORDER)
                        .summary());
    }

    @Test
    void aGroupAsFirstIsNamedByItsRunningActionAndAGroupAsThenBlocksEveryMember() {
        Scenario s = Scenario.nodes("n1")
                .resource(
                        "<group id=\"G\"><primitive id=\"A\" class=\"ocf\" provider=\"heartbeat\""
                                + " type=\"Dummy\"/><primitive id=\"B\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></group>")
                .resource("<group id=\"H\"><primitive id=\"C\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"
                        + "<primitive id=\"D\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/></group>")
                .constraint("<rsc_order id=\"o\" first=\"G\" then=\"H\"/>")
                .constraint("<rsc_location id=\"l\" rsc=\"B\" node=\"n1\" score=\"-INFINITY\"/>");
        assertEquals(
                List.of(
                        "Start A (n1)",
                        "Start C (n1) due to unrunnable G running (blocked)",
                        "Start D (n1) due to unrunnable G running (blocked)"),
                s.summary());
    }

    @Test
    void aRunningFirstThatStopsMakesTheStopOfAThenThatWouldStayRequired() {
        Scenario s = Scenario.nodes("n1")
                .dummy("App")
                .runs("DB", "n1")
                .runs("App", "n1")
                .constraint(ORDER)
                .resource(
                        "<primitive id=\"DB\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"><meta_attributes id=\"m\">"
                                + "<nvpair id=\"m-tr\" name=\"target-role\" value=\"Stopped\"/></meta_attributes></primitive>");
        assertEquals(
                List.of("Stop App (n1) due to required DB start", "Stop DB (n1) due to node availability"),
                s.summary());
    }

    @Test
    void optionalOrderingImpliesNothing() {
        assertEquals(
                List.of("Start DB (n1)"),
                Scenario.nodes("n1")
                        .dummy("DB")
                        .dummy("App")
                        .runs("App", "n1")
                        .constraint("<rsc_order id=\"o\" first=\"DB\" then=\"App\" kind=\"Optional\"/>")
                        .summary());
    }

    @Test
    void theGraphStartsThenAfterFirst() {
        var d = Scenario.nodes("n1").dummy("DB").dummy("App").constraint(ORDER).decide();
        var order = d.transition().graph().topologicalOrder();
        int db = indexOf(order, "DB", ActionType.START);
        int app = indexOf(order, "App", ActionType.START);
        assertTrue(db >= 0 && app > db, order.toString());
        assertTrue(
                d.transition().graph().edges().stream().anyMatch(e -> e.reason().equals("order o")));
    }

    private static final String ANY_OF_B_C =
            "<rsc_order id=\"o\"><resource_set id=\"s1\"><resource_ref id=\"A\"/></resource_set>"
                    + "<resource_set id=\"s2\" sequential=\"false\" require-all=\"false\"><resource_ref id=\"B\"/><resource_ref id=\"C\"/></resource_set>"
                    + "<resource_set id=\"s3\"><resource_ref id=\"D\"/></resource_set></rsc_order>";

    @Test
    void aSetWithRequireAllFalseNeedsOnlyOneRunnableMember() {
        Scenario s = Scenario.nodes("n1")
                .dummy("A")
                .dummy("B")
                .dummy("C")
                .dummy("D")
                .constraint(ANY_OF_B_C)
                .constraint("<rsc_location id=\"l\" rsc=\"B\" node=\"n1\" score=\"-INFINITY\"/>");
        assertEquals(List.of("Start A (n1)", "Start C (n1)", "Start D (n1)"), s.summary());
    }

    @Test
    void aSetWithRequireAllFalseAndNoRunnableMemberBlocksTheNextSetNamingTheSet() {
        Scenario s = Scenario.nodes("n1")
                .dummy("A")
                .dummy("B")
                .dummy("C")
                .dummy("D")
                .constraint(ANY_OF_B_C)
                .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"n1\" score=\"-INFINITY\"/>");
        assertEquals(
                List.of(
                        "Start B (n1) due to unrunnable A start (blocked)",
                        "Start C (n1) due to unrunnable A start (blocked)",
                        "Start D (n1) due to unrunnable one-or-more:s2 (blocked)"),
                s.summary());
    }

    @Test
    void aSequentialSetWithRequireAllFalseDoesNotChainItsMembers() {
        Scenario s = Scenario.nodes("n1")
                .dummy("B")
                .dummy("C")
                .constraint("<rsc_order id=\"o\">"
                        + "<resource_set id=\"s1\" require-all=\"false\"><resource_ref id=\"B\"/><resource_ref id=\"C\"/></resource_set>"
                        + "</rsc_order>")
                .constraint("<rsc_location id=\"l\" rsc=\"B\" node=\"n1\" score=\"-INFINITY\"/>");
        assertEquals(List.of("Start C (n1)"), s.summary());
    }

    private static int indexOf(List<Action> actions, String rsc, ActionType type) {
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).resource().map(rsc::equals).orElse(false)
                    && actions.get(i).type() == type) return i;
        }
        return -1;
    }
}
