package io.hapc.daemon.dc;

/**
 * A subscriber to the DC's {@link DcEvent}s, one method per type: called on the brain thread, so an
 * implementation must only record or log (never block, never call back into the DC). Every method
 * does nothing by default.
 */
public interface DcEvents {
    DcEvents NONE = new DcEvents() {};

    default void decided(DcEvent.Decided e) {}

    default void transitionStarted(DcEvent.TransitionStarted e) {}

    default void transitionEnded(DcEvent.TransitionEnded e) {}

    default void nodeJoined(DcEvent.NodeJoined e) {}

    default void nodeMember(DcEvent.NodeMember e) {}

    default void nodeLeft(DcEvent.NodeLeft e) {}

    default void quorumChanged(DcEvent.QuorumChanged e) {}

    default void fencingStarted(DcEvent.FencingStarted e) {}

    default void fencingEnded(DcEvent.FencingEnded e) {}

    default void operationFailed(DcEvent.OperationFailed e) {}

    default void actionFinished(DcEvent.ActionFinished e) {}

    default void roleChanged(DcEvent.RoleChanged e) {}
}
