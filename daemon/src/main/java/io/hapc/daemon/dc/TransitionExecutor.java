package io.hapc.daemon.dc;

import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.engine.Decision;
import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.ActionType;
import io.hapc.engine.actions.TransitionGraph;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one transition graph at a time: sends each action whose predecessors succeeded to its
 * node (within batch-limit), fences through the DC's fencing, and counts an action that never
 * reports back as failed.
 */
final class TransitionExecutor {
    private static final Logger log = LoggerFactory.getLogger(TransitionExecutor.class);
    private static final Duration ACTION_GRACE = Duration.ofSeconds(5);

    /** Starts fencing for a FENCE action of transition {@code transitionId}; its end comes back through the DC. */
    interface FenceStarter {
        void fence(Action action, long transitionId);
    }

    private final DcContext ctx;
    private final long epoch;
    private final NodeTracker nodes;
    private final DcCib cib;
    private final DcLoop loop;
    private final FenceStarter fencing;
    private final Map<Integer, Long> actionDeadlines = new HashMap<>();
    /** When each action of the running transition was sent to its node (DC's clock, ms). */
    private final Map<Integer, Long> sentAt = new HashMap<>();

    private TransitionRun run;
    private long transitions;

    TransitionExecutor(DcContext ctx, long epoch, NodeTracker nodes, DcCib cib, DcLoop loop, FenceStarter fencing) {
        this.ctx = ctx;
        this.epoch = epoch;
        this.nodes = nodes;
        this.cib = cib;
        this.loop = loop;
        this.fencing = fencing;
    }

    /** The transition being carried out, if any (complete or not). */
    Optional<TransitionRun> current() {
        return Optional.ofNullable(run);
    }

    boolean running() {
        return run != null && !run.complete();
    }

    /**
     * A new run of {@code graph} (from decision {@code d}), numbered after the previous one (not started
     * yet). Its orders name each resource by the lrm_resource id its node records it under: the engine
     * numbers an anonymous clone's instances afresh at each decision, a node keeps the name it was given.
     */
    TransitionRun next(TransitionGraph graph, Decision d) {
        Map<String, ResourceView> views = d.cluster().primitivesById();
        return new TransitionRun(++transitions, graph, (rsc, node) -> {
            ResourceView v = views.get(rsc);
            return v == null ? rsc : v.lrmNames().on(node);
        });
    }

    void begin(TransitionRun next) {
        run = next;
        sentAt.clear();
        dispatch();
    }

    /** The complete run is over: forgotten. */
    void end() {
        run = null;
    }

    /** Ends the running transition early (its in-flight actions still report). */
    void abort(String why) {
        if (running()) {
            run.abort(why);
            log.info("transition {} aborted: {}", run.id(), why);
        }
    }

    /** How long ago an action of the running transition was sent; empty if it is not one (or was not sent). */
    Optional<Duration> elapsedOf(long transitionId, int actionId) {
        if (!isCurrent(transitionId)) return Optional.empty();
        return Optional.ofNullable(sentAt.get(actionId))
                .map(t -> Duration.ofMillis(ctx.clock().millis() - t));
    }

    /** An action of transition {@code transitionId} ended; ignored if that transition is over. */
    void finished(long transitionId, int actionId, boolean success, String why) {
        if (run == null || run.id() != transitionId) return;
        actionDeadlines.remove(actionId);
        run.finished(actionId, success, why);
    }

    boolean isCurrent(long transitionId) {
        return run != null && run.id() == transitionId;
    }

    boolean inFlightOn(String node) {
        return run != null
                && run.inFlight().stream().anyMatch(id -> run.action(id).node().equals(node));
    }

    /** Actions in flight on a node that left can not report: failed (fencing goes on). */
    void failInFlightOn(String node, String why) {
        if (run == null) return;
        for (int id : run.inFlight()) {
            Action a = run.action(id);
            if (a.node().equals(node) && a.type() != ActionType.FENCE) {
                actionDeadlines.remove(id);
                run.finished(id, false, why);
            }
        }
    }

    /** Actions past their timeout (plus a grace) count as failed; true if there was one. */
    boolean failOverdue(long nowMs) {
        if (run == null) return false;
        boolean any = false;
        for (var e : List.copyOf(actionDeadlines.entrySet())) {
            if (nowMs > e.getValue()) {
                actionDeadlines.remove(e.getKey());
                Action a = run.action(e.getKey());
                log.error("no result for {} in time; counting it failed", a.key());
                run.finished(e.getKey(), false, a.key() + " timed out");
                any = true;
            }
        }
        return any;
    }

    /** Starts every action that is ready; pseudo actions complete at once and may make others ready. */
    void dispatch() {
        if (run == null || loop.resigned()) return;
        int limit = batchLimit();
        List<Action> ready = run.ready(limit);
        while (!ready.isEmpty()) {
            boolean pseudoDone = false;
            for (Action a : ready) pseudoDone |= start(a);
            ready = pseudoDone ? run.ready(limit) : List.of();
        }
        if (run.complete()) loop.afterEvent();
    }

    /** Starts one action; true if it completed at once (a pseudo action). */
    private boolean start(Action a) {
        run.started(a.id());
        if (a.pseudo()) {
            run.finished(a.id(), true, "");
            return true;
        }
        if (a.type() == ActionType.FENCE) {
            fencing.fence(a, run.id());
            return false;
        }
        String rsc = run.lrmId(a);
        Optional<Role> role = a.type() == ActionType.MONITOR ? roleForMonitor(a) : Optional.empty();
        Optional<AgentCall> call = cib.calls()
                .call(rsc, a.type().task(), a.intervalMs(), role)
                .or(() -> a.type() == ActionType.STOP ? orphanStop(rsc, a.node()) : Optional.empty());
        if (call.isEmpty()) {
            log.error("{}: no definition for {}", a.key(), rsc);
            run.finished(a.id(), false, "no definition for " + rsc);
            return false;
        }
        if (!nodes.isMember(a.node())) {
            run.finished(a.id(), false, a.node() + " is not a member");
            return false;
        }
        Duration timeout = Duration.ofMillis(call.get().timeoutMs()).plus(ACTION_GRACE);
        actionDeadlines.put(a.id(), ctx.clock().millis() + timeout.toMillis());
        sentAt.put(a.id(), ctx.clock().millis());
        ctx.send(a.node(), new DaemonMessage.Execute(epoch, run.id(), a.id(), call.get()));
        ctx.schedule(timeout.plusMillis(50), loop::tick);
        return false;
    }

    /**
     * A resource that is no longer configured (deleted while it ran) is stopped with the agent its
     * history on that node records; the node adds the parameters it last started it with.
     */
    private Optional<AgentCall> orphanStop(String rsc, String node) {
        return nodes.history(node, rsc).flatMap(h -> cib.calls().orphanStop(h));
    }

    private Optional<Role> roleForMonitor(Action monitor) {
        String rsc = monitor.resource().orElseThrow();
        Optional<Role> declared = cib.calls()
                .primitive(rsc)
                .flatMap(p -> p.operations().stream()
                        .filter(o -> o.name().equals("monitor") && o.intervalMs() == monitor.intervalMs())
                        .findFirst())
                .flatMap(Operation::role);
        if (declared.isPresent()) return declared;
        // An operation without a role runs in the instance's role: right after its promotion the agent answers 8
        // (running promoted), which Pacemaker expects there too. The graph orders such a monitor after the promote.
        boolean afterPromote = run.prerequisites(monitor.id()).stream()
                .anyMatch(b -> b.type() == ActionType.PROMOTE
                        && b.resource().equals(monitor.resource())
                        && b.node().equals(monitor.node()));
        return afterPromote ? Optional.of(Role.PROMOTED) : Optional.empty();
    }

    private int batchLimit() {
        String v = cib.config().property("batch-limit").orElse("0");
        try {
            return Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Recurring monitors of resources that already run where they should, but whose monitor is not
     * running (their node restarted hapcd, or a new DC took over): started without restarting anything.
     */
    TransitionGraph withMissingMonitors(Decision d) {
        TransitionGraph g = d.transition().graph();
        List<Action> actions = new ArrayList<>(g.actions());
        Set<String> touched = new HashSet<>();
        for (Action a : g.actions()) a.resource().ifPresent(touched::add);
        int id = actions.stream().mapToInt(Action::id).max().orElse(0);
        for (ResourceView r : d.cluster().primitivesById().values()) {
            if (touched.contains(r.id()) || r.orphan() || !r.meta().managed()) continue;
            for (Presence p : r.presence()) {
                if (p.failed() || p.role() == Role.STOPPED || !nodes.isMember(p.node())) continue;
                for (Operation op : r.operations()) {
                    if (!op.name().equals("monitor") || op.intervalMs() <= 0 || !op.enabled()) continue;
                    Role want = op.role().orElse(Role.STARTED);
                    boolean matches = want == Role.PROMOTED ? p.role() == Role.PROMOTED : p.role() != Role.PROMOTED;
                    String lrmId = r.lrmNames().on(p.node());
                    if (!matches || nodes.hasRecord(p.node(), lrmId, lrmId + "_monitor_" + op.intervalMs())) continue;
                    actions.add(new Action(
                            ++id,
                            ActionType.MONITOR,
                            Optional.of(r.id()),
                            p.node(),
                            op.intervalMs(),
                            true,
                            false,
                            Optional.of("monitor not running")));
                }
            }
        }
        return actions.size() == g.actions().size() ? g : new TransitionGraph(actions, g.edges());
    }

    /** What a graph would do, for telling a repeated transition from a new one. */
    static String signature(TransitionGraph g) {
        return g.actions().stream()
                .filter(Action::runnable)
                .map(Action::key)
                .sorted()
                .toList()
                .toString();
    }
}
