package io.hapc.engine.facts;

/**
 * A node that must be fenced before its resources can be recovered elsewhere; `cause` is typed
 * (the planner prefers one cause's reason over another's), the reason is printed.
 */
public record FenceRequest(String node, Cause cause, String reason, String rule) {
    public enum Cause {
        /** Nobody knows what the node runs (lost, unclean): the first reason given for it. */
        NODE_UNCLEAN,
        /** An operation with on-fail=fence failed there. */
        OPERATION_FAILED,
        /** no-quorum-policy=suicide/fence. */
        NO_QUORUM,
        /** A deadman ticket was lost. */
        TICKET_LOST,
        OTHER
    }

    /** A fencing for any other reason (the shape admin rule files have used). */
    public FenceRequest(String node, String reason, String rule) {
        this(node, Cause.OTHER, reason, rule);
    }
}
