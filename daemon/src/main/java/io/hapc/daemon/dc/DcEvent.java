package io.hapc.daemon.dc;

import io.hapc.model.cib.Role;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the DC does, as typed events: the log ({@link DcEventLog}) and the metrics subscribe to
 * them ({@link DcEvents}), rather than each reading the DC's code paths. Published on the brain thread.
 */
public sealed interface DcEvent {
    /** Hands this event to the subscriber's method for its type. */
    void deliverTo(DcEvents subscriber);

    /** The policy engine decided (whether or not there was anything to do). */
    record Decided(Duration elapsed) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.decided(this);
        }
    }

    /** A transition with work began to be carried out; `actions` summarises what it does. */
    record TransitionStarted(long id, Duration decidedIn, List<String> actions) implements DcEvent {
        public TransitionStarted {
            actions = List.copyOf(actions);
        }

        @Override
        public void deliverTo(DcEvents s) {
            s.transitionStarted(this);
        }
    }

    /** A transition ended: complete, or early (aborted by a failure or a change) for `abortReason`. */
    record TransitionEnded(long id, Optional<String> abortReason) implements DcEvent {
        public boolean aborted() {
            return abortReason.isPresent();
        }

        @Override
        public void deliverTo(DcEvents s) {
            s.transitionEnded(this);
        }
    }

    /** A node joined the DC's membership; the DC asks it for its resources. */
    record NodeJoined(String node) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.nodeJoined(this);
        }
    }

    /** A joined node reported everything it runs: a member now. */
    record NodeMember(String node, int resourcesKnown) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.nodeMember(this);
        }
    }

    /** A node left the membership: cleanly (after its shutdown, running nothing) or lost. */
    record NodeLeft(String node, boolean clean) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.nodeLeft(this);
        }
    }

    /** The DC's partition gained or lost quorum. */
    record QuorumChanged(boolean quorate) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.quorumChanged(this);
        }
    }

    /** Fencing of `node` begins, after `delay` (priority-fencing-delay), for `reason`. */
    record FencingStarted(String node, String reason, Duration delay) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.fencingStarted(this);
        }
    }

    /** A fencing attempt on `node` ended; `detail` names the device, or says why it failed. */
    record FencingEnded(String node, boolean success, String action, String detail) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.fencingEnded(this);
        }
    }

    /** A resource action (not a probe) failed on a node. */
    record OperationFailed(String resource, String node, String operation) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.operationFailed(this);
        }
    }

    /**
     * A resource action came back from its node (a probe too): its return code, whether that was the
     * expected one, and how long after the DC sent it (empty when it was not an action of the running
     * transition: a recurring monitor's report, or a result after the transition ended).
     */
    record ActionFinished(
            String resource,
            String node,
            String operation,
            long intervalMs,
            int rc,
            boolean success,
            Optional<Duration> elapsed)
            implements DcEvent {
        /** A one-time monitor: Pacemaker's probe. */
        public boolean probe() {
            return operation.equals("monitor") && intervalMs == 0;
        }

        @Override
        public void deliverTo(DcEvents s) {
            s.actionFinished(this);
        }
    }

    /** On `node`, `resource` went from role `from` to `to` (STOPPED: not active there), as the DC's decisions see it. */
    record RoleChanged(String resource, String node, Role from, Role to) implements DcEvent {
        @Override
        public void deliverTo(DcEvents s) {
            s.roleChanged(this);
        }
    }
}
