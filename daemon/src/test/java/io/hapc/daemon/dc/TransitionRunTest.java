package io.hapc.daemon.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.ActionType;
import io.hapc.engine.actions.TransitionGraph;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionRunTest {
    private static Action action(int id, ActionType type, String rsc, String node, boolean runnable) {
        return new Action(id, type, Optional.ofNullable(rsc), node, 0, runnable, false, Optional.empty());
    }

    /** fence n1 → start A on n2 → start B on n2; C on n3 is independent. */
    private static TransitionGraph graph() {
        return new TransitionGraph(
                List.of(
                        action(1, ActionType.FENCE, null, "n1", true),
                        action(2, ActionType.START, "A", "n2", true),
                        action(3, ActionType.START, "B", "n2", true),
                        action(4, ActionType.START, "C", "n3", true)),
                List.of(
                        new TransitionGraph.Edge(1, 2, "fencing before recovery"),
                        new TransitionGraph.Edge(2, 3, "order")));
    }

    private static List<Integer> ids(List<Action> as) {
        return as.stream().map(Action::id).toList();
    }

    @Test
    void actionsStartOnlyAfterEverythingOrderedBeforeThemSucceeded() {
        TransitionRun run = new TransitionRun(7, graph());
        assertEquals(List.of(1, 4), ids(run.ready(0)));
        run.started(1);
        run.started(4);
        assertEquals(List.of(), ids(run.ready(0)), "A waits for the fencing");
        assertTrue(run.finished(1, true, ""));
        assertEquals(List.of(2), ids(run.ready(0)));
        run.started(2);
        run.finished(2, true, "");
        run.finished(4, true, "");
        assertEquals(List.of(3), ids(run.ready(0)));
        run.started(3);
        assertFalse(run.complete());
        run.finished(3, true, "");
        assertTrue(run.complete());
        assertFalse(run.aborted());
    }

    @Test
    void batchLimitCapsWhatIsInFlight() {
        TransitionRun run = new TransitionRun(1, graph());
        assertEquals(List.of(1), ids(run.ready(1)));
        run.started(1);
        assertEquals(List.of(), ids(run.ready(1)), "one in flight already");
    }

    @Test
    void aFailureAbortsTheRestButWaitsForWhatIsInFlight() {
        TransitionRun run = new TransitionRun(1, graph());
        run.started(1);
        run.started(4);
        run.finished(1, false, "fencing n1 failed");
        assertTrue(run.aborted());
        assertEquals("fencing n1 failed", run.abortReason());
        assertEquals(List.of(), ids(run.ready(0)), "nothing new starts");
        assertFalse(run.complete(), "C is still in flight");
        run.finished(4, true, "");
        assertTrue(run.complete());
        assertEquals(TransitionRun.State.WAITING, run.state(2));
    }

    @Test
    void unrunnableActionsAndTheirDependentsNeverStart() {
        TransitionGraph g = new TransitionGraph(
                List.of(action(1, ActionType.START, "A", "n1", false), action(2, ActionType.START, "B", "n1", true)),
                List.of(new TransitionGraph.Edge(1, 2, "order")));
        TransitionRun run = new TransitionRun(1, g);
        assertEquals(List.of(), ids(run.ready(0)));
        assertTrue(run.complete());
        assertTrue(run.hasWork(), "B is runnable, but blocked by A");
    }

    @Test
    void aResultForAnActionNotInFlightIsIgnored() {
        TransitionRun run = new TransitionRun(1, graph());
        assertFalse(run.finished(2, true, ""));
        assertEquals(TransitionRun.State.WAITING, run.state(2));
    }
}
