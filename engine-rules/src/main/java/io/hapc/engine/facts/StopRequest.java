package io.hapc.engine.facts;

/**
 * A resource (or "*" for all) that must not run: `kind` says how (typed, never read from the
 * text); the reason is printed ("no quorum") and explains.
 */
public record StopRequest(String target, Kind kind, String reason, String rule) {
    public enum Kind {
        /** Stop it where it runs (the summary says why). */
        STOP,
        /** Stop it because the partition has no quorum: resources with requires=nothing keep running. */
        NO_QUORUM,
        /** Leave it unassigned: assignment places it nowhere, so it stops (or stays stopped) like any unplaced resource. */
        LEAVE_UNASSIGNED
    }

    /**
     * The shape admin rule files have used: an empty reason meant "leave it unassigned". Kept for
     * them; the built-in rules say the kind.
     */
    public StopRequest(String target, String reason, String rule) {
        this(target, reason.isEmpty() ? Kind.LEAVE_UNASSIGNED : Kind.STOP, reason, rule);
    }
}
