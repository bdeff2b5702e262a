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
        Scenario s = Scenario.nodes("n1").dummy("DB").dummy("App").constraint(ORDER)
                .constraint("<rsc_location id=\"l\" rsc=\"DB\" node=\"n1\" score=\"-INFINITY\"/>");
        assertEquals(List.of("Start App (n1) due to unrunnable DB start (blocked)"), s.summary());
    }

    @Test
    void aFirstThatStartsRestartsItsRunningThen() {
        assertEquals(List.of("Start DB (n1)", "Restart App (n1) due to required DB start"),
                Scenario.nodes("n1").dummy("DB").dummy("App").runs("App", "n1").constraint(ORDER).summary());
    }

    @Test
    void optionalOrderingImpliesNothing() {
        assertEquals(List.of("Start DB (n1)"), Scenario.nodes("n1").dummy("DB").dummy("App").runs("App", "n1")
                .constraint("<rsc_order id=\"o\" first=\"DB\" then=\"App\" kind=\"Optional\"/>").summary());
    }

    @Test
    void theGraphStartsThenAfterFirst() {
        var d = Scenario.nodes("n1").dummy("DB").dummy("App").constraint(ORDER).decide();
        var order = d.transition().graph().topologicalOrder();
        int db = indexOf(order, "DB", ActionType.START);
        int app = indexOf(order, "App", ActionType.START);
        assertTrue(db >= 0 && app > db, order.toString());
        assertTrue(d.transition().graph().edges().stream().anyMatch(e -> e.reason().equals("order o")));
    }

    private static int indexOf(List<Action> actions, String rsc, ActionType type) {
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).resource().map(rsc::equals).orElse(false) && actions.get(i).type() == type) return i;
        }
        return -1;
    }
}
