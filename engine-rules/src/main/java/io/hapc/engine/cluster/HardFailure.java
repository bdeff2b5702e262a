package io.hapc.engine.cluster;

/**
 * An operation result that says the resource cannot run on a node, whatever the fail count: the
 * agent is not installed there (OCF rc 5), a hard error (2 invalid parameter, 3 unimplemented, 4
 * insufficient privileges) or a fatal one (6 not configured: no node can run it). lastRcChange is
 * the epoch second of the result; after the resource's failure-timeout it is forgotten.
 */
public record HardFailure(String node, Severity severity, String task, int rc, long lastRcChange) {

    public enum Severity {
        /** The agent is missing on this node: banned here; a probe saying so means it is not running. */
        NOT_INSTALLED,
        /** The resource cannot run on this node as configured. */
        HARD,
        /** The configuration is wrong for every node. */
        FATAL
    }

    /** The severity an OCF exit code means, if it is one of these. */
    public static java.util.Optional<Severity> severityOf(int rc) {
        return switch (rc) {
            case 5 -> java.util.Optional.of(Severity.NOT_INSTALLED);
            case 2, 3, 4 -> java.util.Optional.of(Severity.HARD);
            case 6 -> java.util.Optional.of(Severity.FATAL);
            default -> java.util.Optional.empty();
        };
    }

    public boolean expired(long failureTimeoutMs, java.time.Instant now) {
        return failureTimeoutMs > 0 && lastRcChange * 1000 + failureTimeoutMs <= now.toEpochMilli();
    }

    /** What the summary and --explain say. */
    public String describe() {
        String what = switch (severity) {
            case NOT_INSTALLED -> "not installed";
            case HARD -> "hard error";
            case FATAL -> "fatal error";
        };
        return task + " returned " + rc + " (" + what + ") on " + node;
    }
}
