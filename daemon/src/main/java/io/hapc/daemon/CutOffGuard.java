package io.hapc.daemon;

import io.hapc.transport.ConnectionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops what this node runs in time when its link to the cluster fails, on a thread of its own.
 * The others take over on their own clock (the session's expiry, the peer's deadtime), not on this
 * node's: were this done on the brain, a brain blocked in a DC's write, which waits out the link's
 * retries for seconds, would stop the resources long after the others had started them.
 *
 * <p>When the link is in doubt (SUSPENDED) the guard plans at once what the policy engine decides
 * for a partition without quorum (see {@link CutOffStops}: the same quorum.drl the DC runs, for every
 * no-quorum-policy), and unless the link comes back within the grace it carries that out: stops and
 * demotes in order, nothing (freeze, ignore), or fencing itself (suicide); a lost link (LOST) acts
 * at once. The others may take over {@code takeoverAfterSuspend} after SUSPENDED: from then on
 * the stops not yet begun begin without waiting for their turn.
 */
final class CutOffGuard {
    private static final Logger log = LoggerFactory.getLogger(CutOffGuard.class);

    /** What the guard asks of its node, on the guard's thread. */
    interface Node {
        /** The resources that may be active here now. */
        List<String> active();

        /** What the policy engine decides for {@code active} in a partition without quorum. */
        CutOffPlan plan(List<String> active);

        /** no-quorum-policy as the last CIB known here says ("stop" when it says nothing), for the logs. */
        String noQuorumPolicy();

        /** True once the node leaves the cluster: a link going down then is expected. */
        boolean leaving();

        /** The node is cut off and acts by {@code policy}: it may no longer act as DC. */
        void cutOff(String why, String policy);

        /** Carries out {@code plan}'s waves; after {@code hurry}, every wave not begun begins. */
        void act(CutOffPlan plan, CompletableFuture<Void> hurry);

        /** The engine fences this node (no-quorum-policy=suicide): ends it at once. */
        void suicide();
    }

    private record Planned(List<String> active, CutOffPlan plan) {}

    private final ScheduledExecutorService timer;
    private final Duration grace;
    private final Duration takeoverAfterSuspend;
    private final Node node;
    private final AtomicBoolean stoppedSinceLinkUp = new AtomicBoolean();
    // guard-thread state
    private boolean linkUp;
    private ScheduledFuture<?> isolation;
    private CompletableFuture<Void> takeover;
    private Planned planned;
    private final boolean planAhead;

    /** {@code timer} is the guard's own: nothing else may run long on it. */
    CutOffGuard(ScheduledExecutorService timer, Duration grace, Duration takeoverAfterSuspend, Node node) {
        this(timer, grace, takeoverAfterSuspend, node, true);
    }

    /**
     * {@code planAhead}: plan at SUSPENDED, so that the grace's end finds only stops to run. Not worth
     * it where a SUSPENDED always ends before the grace (the two-node transport: the peer is back or
     * declared dead by deadtime): there the plan would only take the CPU the failover needs.
     */
    CutOffGuard(
            ScheduledExecutorService timer,
            Duration grace,
            Duration takeoverAfterSuspend,
            Node node,
            boolean planAhead) {
        this.timer = timer;
        this.grace = grace;
        this.takeoverAfterSuspend = takeoverAfterSuspend;
        this.node = node;
        this.planAhead = planAhead;
    }

    /** Called as the transport reports it, from any thread; returns at once. */
    void linkChanged(ConnectionState state) {
        timer.execute(() -> onLink(state));
    }

    /** True once if resources were stopped for a cut-off since the link was last up (then it is reset). */
    boolean takeStoppedForCutOff() {
        return stoppedSinceLinkUp.getAndSet(false);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the timer is a LoggingScheduler: it logs what its tasks throw
    private void onLink(ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                linkUp = true;
                if (isolation != null) isolation.cancel(false);
                isolation = null;
                planned = null;
                takeover = null;
            }
            case SUSPENDED -> {
                linkUp = false;
                if (isolation != null) return;
                takeover = new CompletableFuture<>();
                CompletableFuture<Void> due = takeover;
                timer.schedule(() -> due.complete(null), takeoverAfterSuspend.toMillis(), TimeUnit.MILLISECONDS);
                isolation = timer.schedule(
                        () -> cutOff("no contact with the cluster for " + grace.toMillis() + " ms"),
                        grace.toMillis(),
                        TimeUnit.MILLISECONDS);
                if (planAhead) {
                    // Planned while the grace runs, so that its end finds only stops to run.
                    List<String> active = node.active();
                    planned = new Planned(active, node.plan(active));
                }
            }
            case LOST -> {
                linkUp = false;
                if (isolation != null) isolation.cancel(false);
                cutOff("session lost");
            }
        }
    }

    private void cutOff(String why) {
        isolation = null;
        if (linkUp || node.leaving()) return;
        String policy = node.noQuorumPolicy();
        node.cutOff(why, policy);
        List<String> active = node.active();
        CutOffPlan plan = planned != null && planned.active().equals(active) ? planned.plan() : node.plan(active);
        planned = null;
        if (plan.fenceSelf()) {
            log.error(
                    "cut off from the cluster ({}); no-quorum-policy={}: the policy engine fences this node",
                    why,
                    policy);
            node.suicide();
            return;
        }
        if (plan.leavesRunning()) {
            if (active.isEmpty()) log.info("cut off from the cluster ({}); nothing runs here", why);
            else log.warn("cut off from the cluster ({}); no-quorum-policy={}: resources left running", why, policy);
            return;
        }
        stoppedSinceLinkUp.set(true);
        // A lost session without a suspension before it means the others may take over now.
        CompletableFuture<Void> hurry = takeover != null ? takeover : CompletableFuture.completedFuture(null);
        log.warn(
                "cut off from the cluster ({}); no-quorum-policy={}: {} in this order: {}",
                why,
                policy,
                plan.demote().isEmpty()
                        ? "stopping"
                        : "demoting " + plan.demote().stream().sorted().toList() + ", stopping the rest",
                plan.waves());
        node.act(plan, hurry);
    }
}
