package io.hapc.daemon.dc;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.agents.fence.FenceResult;
import io.hapc.engine.actions.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC's fencing: fences a node for a transition or an admin, hears how it ended (back on the
 * brain thread), marks a fenced node down, answers the admin waiting for it, and holds the next
 * decision back a moment after a device failed. The devices themselves are the daemon's
 * ({@link DcContext#fence}).
 */
final class DcFencing {
    private static final Logger log = LoggerFactory.getLogger(DcFencing.class);
    static final Duration FENCE_RETRY = Duration.ofSeconds(2);

    /** Where a fencing's end goes on the brain thread (the DC: it also ends the transition's action). */
    interface Finished {
        void fenceFinished(String node, FenceResult result, Optional<Integer> actionId, long transitionId);
    }

    private final DcContext ctx;
    private final NodeTracker nodes;
    private final DcCib cib;
    private final DcLoop loop;
    private final Finished finished;
    private final Map<String, CompletableFuture<AdminReply>> waiters = new HashMap<>();
    private Instant backoffUntil = Instant.MIN;
    /** How long the last decision asks to wait before fencing a node (priority-fencing-delay, fencing.drl). */
    private java.util.function.Function<String, Duration> delays = node -> Duration.ZERO;

    DcFencing(DcContext ctx, NodeTracker nodes, DcCib cib, DcLoop loop, Finished finished) {
        this.ctx = ctx;
        this.nodes = nodes;
        this.cib = cib;
        this.loop = loop;
        this.finished = finished;
    }

    /** The decision whose transition runs now: its fencing delays apply to its FENCE actions. */
    void decided(io.hapc.engine.rules.DerivedFacts derived) {
        delays = derived::fenceDelay;
    }

    /** A FENCE action of transition {@code transitionId}, with stonith-action, after the decision's delay for it. */
    void fence(Action a, long transitionId) {
        Duration delay = delays.apply(a.node());
        ctx.publish(new DcEvent.FencingStarted(a.node(), a.reason().orElse(""), delay));
        start(a.node(), fencingAction(), Optional.of(a.id()), transitionId, delay);
    }

    /** `hapc stonith fence NODE`: answered once fencing ended. */
    CompletableFuture<AdminReply> adminFence(String node, String requestedAction, long transitionId) {
        if (!nodes.knows(node)
                && cib.config().nodes().stream().noneMatch(n -> n.uname().equals(node))) {
            return CompletableFuture.completedFuture(AdminReply.failure(
                    3, "no node named '" + node + "' (nodes: " + String.join(", ", nodes.names()) + ")"));
        }
        CompletableFuture<AdminReply> reply = new CompletableFuture<>();
        waiters.put(node, reply);
        String action = requestedAction == null || requestedAction.isBlank() ? "reboot" : requestedAction;
        if (node.equals(ctx.localNode())) {
            // A DC fencing itself is gone before it could answer (the caller would read "the DC changed"):
            // it answers first, saying the result is for the next DC to see.
            reply.complete(AdminReply.success(node + " is the DC and is being fenced (" + action + ") by its own "
                    + "fencing device; it cannot report the result: a new DC is elected (hapc status)"));
        }
        start(node, action, Optional.empty(), transitionId, Duration.ZERO);
        return reply;
    }

    private void start(String node, String action, Optional<Integer> actionId, long transitionId, Duration delay) {
        io.hapc.daemon.Futures.logFailure(
                ctx.fence(cib.current(), node, action, delay)
                        .whenComplete((r, err) -> ctx.schedule(
                                Duration.ZERO,
                                () -> finished.fenceFinished(
                                        node,
                                        r != null ? r : new FenceResult(node, action, false, "", List.of()),
                                        actionId,
                                        transitionId))),
                log,
                "fencing " + node);
    }

    /** Fencing {@code node} ended: a fenced node runs nothing; a failed one is tried again after a pause. */
    void ended(String node, FenceResult result) {
        CompletableFuture<AdminReply> waiter = waiters.remove(node);
        ctx.publish(new DcEvent.FencingEnded(
                node,
                result.success(),
                result.action(),
                result.success() ? result.device() : fenceFailure(node, result)));
        if (result.success()) {
            nodes.fenced(node);
            loop.touch();
        } else {
            backoffUntil = ctx.clock().instant().plus(FENCE_RETRY);
            ctx.schedule(FENCE_RETRY, () -> {
                loop.changed("retry fencing " + node);
                loop.afterEvent();
            });
        }
        if (waiter != null) {
            waiter.complete(
                    result.success()
                            ? AdminReply.success(
                                    "Node: " + node + " fenced (" + result.action() + " by " + result.device() + ")")
                            : AdminReply.failure(5, fenceFailure(node, result)));
        }
    }

    /** A device just failed: not again at once. */
    boolean backingOff() {
        return ctx.clock().instant().isBefore(backoffUntil);
    }

    /** The DC is gone: whoever waits for a fencing hears it will not learn the result from here. */
    void resign() {
        waiters.values()
                .forEach(w -> w.complete(AdminReply.failure(5, "this node stopped being DC before fencing ended")));
        waiters.clear();
    }

    private String fencingAction() {
        return cib.config()
                .property("stonith-action")
                .or(() -> cib.config().property("fencing-action"))
                .orElse("reboot");
    }

    static String fenceFailure(String node, FenceResult result) {
        if (result.attempts().isEmpty()) {
            return "no fencing device can fence " + node
                    + ": configure one whose pcmk_host_list or pcmk_host_map names it "
                    + "(hapc stonith create ID AGENT … pcmk_host_list=" + node + ")";
        }
        StringBuilder b = new StringBuilder("fencing " + node + " failed:");
        for (FenceResult.Attempt a : result.attempts()) {
            b.append(" device ")
                    .append(a.device())
                    .append(a.timedOut() ? " timed out" : " returned " + a.rc())
                    .append(';');
        }
        return b.toString();
    }
}
