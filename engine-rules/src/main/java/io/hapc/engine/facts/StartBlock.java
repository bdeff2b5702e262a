package io.hapc.engine.facts;

/**
 * Starts that may not happen in this transition: `target` is a resource id or "*" for all
 * resources; `cause` says what the planner must know of why (typed, never read from the text);
 * reason as printed after "due to" ("no quorum").
 */
public record StartBlock(String target, Cause cause, String reason, String rule) {
    public static final String ALL = "*";

    /** Why starts are blocked, as far as the action planner treats causes differently. */
    public enum Cause {
        /** The partition has no quorum: resources with requires=nothing start anyway. */
        NO_QUORUM,
        /** no-quorum-policy=freeze: as NO_QUORUM, and what already runs somewhere may start again where it runs. */
        QUORUM_FREEZE,
        /**
         * The resource's state is unknown on a node where it cannot be probed yet (a pending node): its
         * start waits for that probe. Pacemaker prints such a start as blocked without a reason.
         */
        UNPROBED,
        /**
         * Fencing is enabled but no device could fence: Pacemaker disables resource start-up, so what
         * is stopped is not even planned (no start is printed, blocked or not).
         */
        NO_FENCING_DEVICE,
        /** Any other rule's block. */
        OTHER;

        /** Whether the block is about quorum (requires=nothing resources are exempt). */
        public boolean quorum() {
            return this == NO_QUORUM || this == QUORUM_FREEZE;
        }
    }

    /** A block for any other reason (the shape admin rule files have used). */
    public StartBlock(String target, String reason, String rule) {
        this(target, Cause.OTHER, reason, rule);
    }
}
