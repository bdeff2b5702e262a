package io.hapc.daemon.dc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The DC's events as the log tells them: the one place their wording lives. */
public final class DcEventLog implements DcEvents {
    /** Stateless: one serves every DC. */
    public static final DcEventLog LOG = new DcEventLog();

    private static final Logger log = LoggerFactory.getLogger(DcEventLog.class);

    private DcEventLog() {}

    @Override
    public void decided(DcEvent.Decided e) {
        log.debug("decision {} ms", e.elapsed().toMillis());
    }

    @Override
    public void transitionStarted(DcEvent.TransitionStarted e) {
        log.info("transition {} ({} ms to decide): {}", e.id(), e.decidedIn().toMillis(), e.actions());
    }

    @Override
    public void transitionEnded(DcEvent.TransitionEnded e) {
        log.info(
                "transition {} {}",
                e.id(),
                e.abortReason().map(r -> "ended early (" + r + ")").orElse("complete"));
    }

    @Override
    public void nodeJoined(DcEvent.NodeJoined e) {
        log.info("node {} joined; asking for its resources", e.node());
    }

    @Override
    public void nodeMember(DcEvent.NodeMember e) {
        log.info("node {} is a member ({} resources known)", e.node(), e.resourcesKnown());
    }

    @Override
    public void nodeLeft(DcEvent.NodeLeft e) {
        if (e.clean()) {
            log.info("node {} left after its shutdown", e.node());
        } else {
            log.warn("node {} left the cluster uncleanly", e.node());
        }
    }

    @Override
    public void quorumChanged(DcEvent.QuorumChanged e) {
        log.warn("the cluster {} quorum", e.quorate() ? "has" : "lost");
    }

    @Override
    public void fencingStarted(DcEvent.FencingStarted e) {
        log.warn(
                "fencing {}: {}{}",
                e.node(),
                e.reason(),
                e.delay().isZero()
                        ? ""
                        : " (after priority-fencing-delay " + e.delay().toMillis()
                                + " ms: it runs the resources of highest priority)");
    }

    @Override
    public void fencingEnded(DcEvent.FencingEnded e) {
        if (e.success()) {
            log.warn("node {} fenced ({} by {})", e.node(), e.action(), e.detail());
        } else {
            log.error(
                    "{}; retrying in {} s, its resources stay stopped", e.detail(), DcFencing.FENCE_RETRY.toSeconds());
        }
    }

    @Override
    public void operationFailed(DcEvent.OperationFailed e) {
        // FailureAccounting logs the failure with its fail-count, which this event does not carry
    }

    @Override
    public void actionFinished(DcEvent.ActionFinished e) {
        // A failed action that is not a probe: FailureAccounting logs it, with its fail-count.
        if (!e.success() && !e.probe()) return;
        log.info(
                "{} {}{} on {}: rc {}{}{}",
                e.resource(),
                e.operation(),
                e.intervalMs() > 0 ? " (interval " + e.intervalMs() + " ms)" : "",
                e.node(),
                e.rc(),
                e.success() ? "" : " (not the expected result)",
                e.elapsed().map(d -> " after " + d.toMillis() + " ms").orElse(""));
    }

    @Override
    public void roleChanged(DcEvent.RoleChanged e) {
        log.info("{} on {}: {} -> {}", e.resource(), e.node(), e.from().display(), e.to().display());
    }
}
