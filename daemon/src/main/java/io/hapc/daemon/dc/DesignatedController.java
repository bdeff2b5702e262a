package io.hapc.daemon.dc;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.daemon.messages.DaemonMessage.NodeHistory;
import io.hapc.daemon.messages.DaemonMessage.OperationResult;
import io.hapc.engine.Decision;
import io.hapc.engine.actions.SummaryLine;
import io.hapc.engine.actions.TransitionGraph;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.ControlCharacters;
import io.hapc.model.cib.Durations;
import io.hapc.transport.Membership;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The designated controller: exists on one node while it holds leadership (with `epoch`). It keeps
 * the cluster's status, runs the policy engine on every relevant change and carries out the
 * transition graph on the nodes. Touched only by the daemon's brain thread, so it needs no locks.
 *
 * <p>This class is the DC's loop: events come in, each part takes what concerns it, and one
 * settling step at a time stores, grants shutdowns, decides and dispatches. The parts, by concern:
 * {@link NodeTracker} (members, histories, attributes, the status section), {@link DcCib} (the
 * configuration and the store), {@link FailureAccounting}, {@link DcFencing},
 * {@link TransitionExecutor}, {@link Shutdowns} and {@link AdminHandler}.
 */
public final class DesignatedController {
    private static final Logger log = LoggerFactory.getLogger(DesignatedController.class);
    /** Transient attributes of the DC's own node that `hapc status` shows under WARNINGS (hapc-dc-warning-NAME). */
    public static final String WARNING_PREFIX = "hapc-dc-warning-";
    /** Shorter than Pacemaker's 15 min: lifetimes of move/ban constraints end within a minute of their time. */
    private static final Duration DEFAULT_RECHECK = Duration.ofMinutes(1);

    private final DcContext ctx;
    private final long epoch;
    private final Function<Cib, Decision> engine;
    private final Duration joinTimeout;
    private final Loop loop = new Loop();
    private final NodeTracker nodes;
    private final DcCib cib;
    private final FailureAccounting failures;
    private final DcFencing fencing;
    private final TransitionExecutor executor;
    private final Shutdowns shutdowns;
    private final AdminHandler admin;
    /** Everything the DC does after an event runs from this queue: a loop, never nested calls. */
    private final DcEventQueue events;

    private final ProgressGuard progress = new ProgressGuard();
    private final ResourceRoles roles = new ResourceRoles();
    /** The warnings of the last decision, one line each, for `hapc status` (get-warnings). */
    private List<String> warnings = List.of();

    private boolean needsDecision = true;
    private boolean resigned;
    private boolean settleQueued;
    /** Counts every change of what the DC knows; a transition repeated on the same count made no progress. */
    private long generation;

    private Instant retryAt;
    private String lastAbortReason = "";

    public DesignatedController(
            DcContext ctx,
            long epoch,
            Cib start,
            long revision,
            Membership membership,
            Function<Cib, Decision> engine,
            Duration joinTimeout) {
        this.ctx = ctx;
        this.events = new DcEventQueue(drain -> ctx.schedule(Duration.ZERO, drain));
        this.epoch = epoch;
        this.engine = engine;
        this.joinTimeout = joinTimeout;
        this.nodes = new NodeTracker(start, membership, ctx.clock().instant(), WARNING_PREFIX, ctx::publish);
        this.cib = new DcCib(ctx, epoch, start, revision, nodes, loop);
        this.failures = new FailureAccounting(ctx, this::recheck);
        this.fencing = new DcFencing(ctx, nodes, cib, loop, this::fenceFinished);
        this.executor = new TransitionExecutor(ctx, epoch, nodes, cib, loop, fencing::fence);
        this.shutdowns = new Shutdowns(ctx, nodes, executor, loop);
        this.admin = new AdminHandler(
                ctx, epoch, joinTimeout, nodes, cib, fencing, shutdowns, executor, loop, () -> warnings);
        cib.ensureNodesConfigured(membership.nodes());
        log.info(
                "{} is DC (epoch {}), CIB {}; members {}", ctx.localNode(), epoch, start.version(), membership.nodes());
    }

    public long epoch() {
        return epoch;
    }

    /** Asks every member for its resources (probing what it has not probed yet). */
    public void start() {
        List<AgentCall> probes = cib.calls().probes();
        for (String n : nodes.membership().nodes()) ctx.send(n, new DaemonMessage.HistoryRequest(epoch, probes));
        loop.touch();
        loop.afterEvent();
        ctx.schedule(joinTimeout, loop::afterEvent);
    }

    /** The newest CIB this DC has: configuration plus the status it keeps. */
    public Cib currentCib() {
        return cib.current();
    }

    // ---- events --------------------------------------------------------------------------------

    public void membershipChanged(Membership m) {
        if (resigned) return;
        if (!m.contains(ctx.localNode())) {
            // The DC's own node is not in the view it was handed (its session expired under it: ZooKeeper restarted and
            // let the old sessions go). Acted on, that view had every node, this one included, fenced. Not acted on:
            // the
            // next view (this node registered again) is, or the transport takes the DC role away.
            log.warn("membership {} does not hold this node, the DC: not acted on", m.nodes());
            return;
        }
        List<AgentCall> probes = cib.calls().probes();
        for (String n : nodes.joined(m, ctx.clock().instant()))
            ctx.send(n, new DaemonMessage.HistoryRequest(epoch, probes));
        cib.ensureNodesConfigured(m.nodes());
        for (String n : nodes.left(m)) executor.failInFlightOn(n, "node " + n + " left");
        nodes.membershipIs(m);
        loop.touch();
        loop.changed("membership changed");
        loop.afterEvent();
        ctx.schedule(joinTimeout, loop::afterEvent);
    }

    /**
     * Whether the DC's partition has quorum, as its transport says: the engine decides with it
     * (quorum.drl), so losing quorum is acted on by no-quorum-policy like every other decision.
     */
    public void quorumChanged(boolean quorate) {
        if (resigned || !cib.quorumIs(quorate)) return;
        ctx.publish(new DcEvent.QuorumChanged(quorate));
        loop.touch();
        loop.changed(quorate ? "quorum regained" : "quorum lost");
        loop.afterEvent();
    }

    public void message(DaemonMessage message) {
        if (resigned) return;
        if (message instanceof NodeHistory h) nodeHistory(h);
        else if (message instanceof OperationResult r) operationResult(r);
        else if (message instanceof DaemonMessage.ShutdownRequest s) shutdownRequest(s);
        else log.debug("DC ignores {}", message.getClass().getSimpleName());
    }

    private void nodeHistory(NodeHistory h) {
        if (nodes.reported(h.node(), h.resources())) {
            loop.touch();
            loop.changed("node " + h.node() + " reported its resources");
        }
        loop.afterEvent();
    }

    private void operationResult(OperationResult r) {
        if (!nodes.replaceHistory(r.node(), r.history())) return;
        loop.touch();
        DcEvent.ActionFinished finished = new DcEvent.ActionFinished(
                r.resource(),
                r.node(),
                r.operation(),
                r.intervalMs(),
                r.rc(),
                r.success(),
                executor.elapsedOf(r.transitionId(), r.actionId()));
        ctx.publish(finished);
        if (!r.success() && !finished.probe()) {
            failures.count(r, nodes.attributesOf(r.node()), cib.config());
            ctx.publish(new DcEvent.OperationFailed(r.resource(), r.node(), r.operation()));
        }
        if (executor.isCurrent(r.transitionId())) {
            executor.finished(
                    r.transitionId(),
                    r.actionId(),
                    r.success(),
                    r.resource() + " " + r.operation() + " on " + r.node() + " returned " + r.rc());
        } else if (!r.success()) {
            loop.changed(r.resource() + " " + r.operation() + " failed on " + r.node() + " (rc " + r.rc() + ")");
        }
        if (!r.success()) needsDecision = true;
        loop.afterEvent();
    }

    private void shutdownRequest(DaemonMessage.ShutdownRequest s) {
        shutdowns.request(List.of(s.node()));
        loop.afterEvent();
    }

    public void fenceFinished(String node, FenceResult result, Optional<Integer> actionId, long transitionId) {
        if (resigned) return;
        fencing.ended(node, result);
        actionId.ifPresent(id -> executor.finished(transitionId, id, result.success(), "fencing " + node + " failed"));
        needsDecision = true;
        loop.afterEvent();
    }

    /** A timer: actions overdue, joins timed out, failure timeouts and lifetimes to re-check. */
    public void tick() {
        if (resigned) return;
        if (executor.failOverdue(ctx.clock().millis())) needsDecision = true;
        List<String> again = nodes.pendingToAskAgain(ctx.clock().instant(), joinTimeout);
        if (!again.isEmpty()) {
            log.info("asking {} again for their resources (no answer within {} s)", again, joinTimeout.toSeconds());
            List<AgentCall> probes = cib.calls().probes();
            for (String n : again) ctx.send(n, new DaemonMessage.HistoryRequest(epoch, probes));
        }
        loop.afterEvent();
    }

    public void recheck() {
        if (resigned) return;
        loop.changed("cluster-recheck-interval");
        loop.afterEvent();
    }

    /** How often the DC looks again without an event (move/ban lifetimes, date rules): cluster-recheck-interval. */
    public Duration recheckInterval() {
        try {
            return cib.config()
                    .property("cluster-recheck-interval")
                    .map(v -> Duration.ofMillis(Durations.parseMillis(v)))
                    .filter(v -> !v.isZero() && !v.isNegative())
                    .orElse(DEFAULT_RECHECK);
        } catch (IllegalArgumentException e) {
            return DEFAULT_RECHECK;
        }
    }

    public CompletableFuture<AdminReply> admin(AdminRequest request) {
        return admin.handle(request);
    }

    public void resign() {
        resigned = true;
        fencing.resign();
    }

    // ---- the loop: store, grant shutdowns, decide, dispatch -------------------------------------

    /** The DC's loop as its parts see it. */
    private final class Loop implements DcLoop {
        @Override
        public void touch() {
            cib.dirty();
            generation++;
        }

        @Override
        public void changed(String why) {
            needsDecision = true;
            executor.abort(why);
        }

        @Override
        public void tick() {
            DesignatedController.this.tick();
        }

        /**
         * One settling step is queued (at most one at a time). It runs now when the DC is not already
         * busy further up the stack, else after the current step: never nested.
         */
        @Override
        public void afterEvent() {
            if (resigned || settleQueued) return;
            settleQueued = true;
            events.submit(() -> {
                settleQueued = false;
                settle();
            });
        }

        @Override
        public void stepDown(String why) {
            resigned = true;
            ctx.stepDown(why);
        }

        @Override
        public boolean resigned() {
            return resigned;
        }
    }

    /** Store what changed, grant finished shutdowns, decide when nothing is in flight, dispatch. */
    private void settle() {
        if (resigned) return;
        if (shutdowns.grant(this::storeAndLeave)) return;
        if (executor.running()) {
            // What a finished action made ready goes out before the status is stored, not after (a store
            // took 20-180 ms: the floating IP's stop-to-start gap on standby). Safe: a deposed DC's
            // orders are refused by epoch on every node, and a new DC asks every node for its history
            // instead of trusting a stored status that lags what is in flight, as it always does.
            executor.dispatch();
            cib.flush();
            return;
        }
        if (!cib.flush()) return;
        executor.current().ifPresent(run -> {
            lastAbortReason = run.aborted() ? run.abortReason() : "";
            ctx.publish(new DcEvent.TransitionEnded(
                    run.id(), run.aborted() ? Optional.of(run.abortReason()) : Optional.empty()));
            executor.end();
            needsDecision = true; // Pacemaker's way: after a transition, look again
        });
        if (!needsDecision) return;
        if (nodes.waitingForJoins(ctx.clock().instant(), joinTimeout)) return;
        if (fencing.backingOff()) return; // a device just failed: not again at once
        Optional<Instant> held = progress.heldUntil(generation, ctx.clock().instant());
        if (held.isPresent()) {
            retryAt(held.get()); // nothing changed since the same transition failed: not again before the back-off
            return;
        }
        needsDecision = false;
        decide();
    }

    /** The DC itself was let go: its last status is stored, then it leaves. */
    private void storeAndLeave() {
        cib.flush();
        resigned = true;
        ctx.leave();
    }

    private void retryAt(Instant at) {
        if (retryAt != null && !retryAt.isAfter(at)) return;
        retryAt = at;
        ctx.schedule(Duration.between(ctx.clock().instant(), at), () -> {
            retryAt = null;
            loop.afterEvent();
        });
    }

    private void decide() {
        Cib current = cib.current();
        Decision d;
        long began = System.nanoTime();
        try {
            d = engine.apply(current);
        } catch (RuntimeException | StackOverflowError e) {
            log.error("the policy engine failed on CIB {}: {}", current.version(), e.toString(), e);
            return;
        }
        long wallMs = (System.nanoTime() - began) / 1_000_000;
        if (wallMs - d.elapsed().toMillis() >= 100) {
            log.info(
                    "the policy engine answered in {} ms of which {} deciding (it was busy, or built its session)",
                    wallMs,
                    d.elapsed().toMillis());
        }
        ctx.publish(new DcEvent.Decided(d.elapsed()));
        roles.update(d.cluster()).forEach(ctx::publish);
        // A CIB stored before values were checked may still hold a control character: the agent is
        // never run with it (rc 6), and the admin hears why here, with the rules' warnings.
        warnings = Stream.concat(
                        ControlCharacters.problems(current).stream().map(p -> "stored configuration: " + p),
                        d.derived().warnings().stream().map(w -> w.message().replaceAll("\\R", " ")))
                .distinct()
                .toList();
        // The admin commands refuse unfencing; a CIB stored before that may still ask for it: say it is not done.
        if (!d.transition().unfencedNodes().isEmpty()) {
            warnings = Stream.concat(
                            warnings.stream(),
                            d.transition().unfencedNodes().entrySet().stream()
                                    .map(
                                            u -> "unfencing " + u.getKey() + " (" + u.getValue()
                                                    + ") is not carried out: hapc's daemons cannot"
                                                    + " unfence; remove provides=unfencing / requires=unfencing from the configuration"))
                    .toList();
        }
        failures.scheduleExpiry(d);
        fencing.decided(d.derived());
        TransitionGraph graph = executor.withMissingMonitors(d);
        TransitionRun next = executor.next(graph, d);
        if (!next.hasWork()) {
            log.debug("decision {} ms: nothing to do", d.elapsed().toMillis());
            progress.settled();
            clearWarning("no-progress");
            return;
        }
        Instant now = ctx.clock().instant();
        progress.starting(generation, TransitionExecutor.signature(graph), now);
        if (progress.stuck()) {
            Duration wait = progress.currentDelay(now);
            warn(
                    "no-progress",
                    "transition " + next.id() + " repeats the previous one with nothing changed since ("
                            + progress.repeats() + " repeats"
                            + (lastAbortReason.isBlank() ? "" : "; it ended early: " + lastAbortReason)
                            + "); next try in " + wait.toSeconds() + " s unless something changes: " + summary(d));
        } else {
            clearWarning("no-progress");
        }
        ctx.publish(new DcEvent.TransitionStarted(next.id(), d.elapsed(), summary(d)));
        executor.begin(next);
    }

    private static List<String> summary(Decision d) {
        return d.transition().summary().stream().map(SummaryLine::text).toList();
    }

    /** A warning of the DC, shown by `hapc status` until it is cleared, and logged at each try that repeats it. */
    private void warn(String name, String text) {
        String old = nodes.attributesOf(ctx.localNode()).put(WARNING_PREFIX + name, text);
        log.warn("DC warning: {}", text);
        if (!text.equals(old)) {
            cib.dirty(); // stored, but not a change of what the cluster does: not progress
            cib.flush();
        }
    }

    private void clearWarning(String name) {
        Optional<Map<String, String>> attrs = nodes.existingAttributesOf(ctx.localNode());
        if (attrs.isPresent() && attrs.get().remove(WARNING_PREFIX + name) != null) {
            log.info("DC warning {} cleared", name);
            cib.dirty();
            cib.flush();
        }
    }
}
