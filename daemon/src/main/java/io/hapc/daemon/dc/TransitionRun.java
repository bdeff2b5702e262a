package io.hapc.daemon.dc;

import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.TransitionGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One transition graph being carried out: which actions are waiting, in flight, done or failed.
 * An action is ready when it is runnable and everything ordered before it has succeeded. Once
 * aborted, nothing new starts; the run ends when what is in flight has come back.
 */
public final class TransitionRun {
    public enum State {
        WAITING,
        IN_FLIGHT,
        SUCCEEDED,
        FAILED
    }

    private final long id;
    private final Map<Integer, Action> actions = new LinkedHashMap<>();
    private final Map<Integer, List<Integer>> before = new HashMap<>();
    private final Map<Integer, State> states = new HashMap<>();
    private boolean aborted;
    private String abortReason = "";

    /** The lrm_resource id that names an order for a resource on a node (see {@link #lrmId}). */
    @FunctionalInterface
    public interface LrmIds {
        String of(String resource, String node);
    }

    private final LrmIds lrmIds;

    public TransitionRun(long id, TransitionGraph graph) {
        this(id, graph, (rsc, node) -> rsc);
    }

    public TransitionRun(long id, TransitionGraph graph, LrmIds lrmIds) {
        this.id = id;
        this.lrmIds = lrmIds;
        for (Action a : graph.actions()) {
            actions.put(a.id(), a);
            states.put(a.id(), State.WAITING);
        }
        for (TransitionGraph.Edge e : graph.edges())
            before.computeIfAbsent(e.after(), k -> new ArrayList<>()).add(e.before());
    }

    public long id() {
        return id;
    }

    /**
     * The name of {@code action}'s resource on its node: the lrm_resource id that node records it under
     * (an anonymous clone instance is not named by the engine's instance number there).
     */
    public String lrmId(Action action) {
        return lrmIds.of(action.resource().orElseThrow(), action.node());
    }

    public Action action(int actionId) {
        return actions.get(actionId);
    }

    /** The actions this one is ordered after (its edges' "before" ends). */
    public List<Action> prerequisites(int actionId) {
        return before.getOrDefault(actionId, List.of()).stream()
                .map(actions::get)
                .filter(Objects::nonNull)
                .toList();
    }

    public State state(int actionId) {
        return states.getOrDefault(actionId, State.FAILED);
    }

    /** Actions that may start now, in graph order, at most `limit` in flight in all (0: no limit). */
    public List<Action> ready(int limit) {
        if (aborted) return List.of();
        List<Action> out = new ArrayList<>();
        int inFlight = inFlight().size();
        for (Action a : actions.values()) {
            if (limit > 0 && inFlight + out.size() >= limit) break;
            if (states.get(a.id()) != State.WAITING || !a.runnable()) continue;
            boolean clear =
                    before.getOrDefault(a.id(), List.of()).stream().allMatch(b -> states.get(b) == State.SUCCEEDED);
            if (clear) out.add(a);
        }
        return out;
    }

    public void started(int actionId) {
        states.put(actionId, State.IN_FLIGHT);
    }

    /** Records an outcome; a failure aborts the rest of the transition. Returns false if it was not in flight. */
    public boolean finished(int actionId, boolean success, String why) {
        if (states.get(actionId) != State.IN_FLIGHT) return false;
        states.put(actionId, success ? State.SUCCEEDED : State.FAILED);
        if (!success) abort(why);
        return true;
    }

    public void abort(String reason) {
        if (!aborted) {
            aborted = true;
            abortReason = reason;
        }
    }

    public boolean aborted() {
        return aborted;
    }

    public String abortReason() {
        return abortReason;
    }

    public Set<Integer> inFlight() {
        Set<Integer> out = new TreeSet<>();
        states.forEach((k, v) -> {
            if (v == State.IN_FLIGHT) out.add(k);
        });
        return out;
    }

    /** Nothing in flight and nothing more can start. */
    public boolean complete() {
        return inFlight().isEmpty() && ready(0).isEmpty();
    }

    public boolean hasWork() {
        return actions.values().stream().anyMatch(Action::runnable);
    }
}
