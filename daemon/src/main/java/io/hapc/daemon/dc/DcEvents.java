package io.hapc.daemon.dc;

import java.time.Duration;

/**
 * What the DC reports as it works, for metrics: called on the brain thread, so an implementation
 * must only record (never block, never call back into the DC). Every method does nothing by default.
 */
public interface DcEvents {
    DcEvents NONE = new DcEvents() {};

    /** The policy engine decided (whether or not there was anything to do). */
    default void decided(Duration elapsed) {}

    /** A transition with work began to be carried out. */
    default void transitionStarted(long transitionId) {}

    /** A transition ended: complete, or early (aborted by a failure or a change). */
    default void transitionEnded(long transitionId, boolean aborted) {}

    /** A fencing attempt on `node` ended. */
    default void fencingEnded(String node, boolean success) {}

    /** A resource action (not a probe) failed on a node. */
    default void operationFailed(String resource, String node, String operation) {}
}
