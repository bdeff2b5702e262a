package io.hapc.agents;

/** OCF exit codes, their names and the recovery a failure implies. */
public enum OcfResult {
    SUCCESS(0, Recovery.NONE, "success"),
    ERR_GENERIC(1, Recovery.SOFT, "generic error"),
    ERR_ARGS(2, Recovery.HARD, "invalid arguments"),
    ERR_UNIMPLEMENTED(3, Recovery.HARD, "action not implemented"),
    ERR_PERM(4, Recovery.HARD, "insufficient privileges"),
    ERR_INSTALLED(5, Recovery.HARD, "not installed"),
    ERR_CONFIGURED(6, Recovery.FATAL, "not configured"),
    NOT_RUNNING(7, Recovery.SOFT, "not running"),
    RUNNING_PROMOTED(8, Recovery.SOFT, "promoted"),
    FAILED_PROMOTED(9, Recovery.SOFT, "promoted (failed)"),
    DEGRADED(190, Recovery.NONE, "degraded"),
    DEGRADED_PROMOTED(191, Recovery.NONE, "promoted (degraded)"),
    TIMEOUT(-2, Recovery.SOFT, "timed out"),
    UNKNOWN(-1, Recovery.SOFT, "unknown result");

    /** What a failure asks of the cluster: restart here (soft), ban this node (hard), stop everywhere (fatal). */
    public enum Recovery {
        NONE,
        SOFT,
        HARD,
        FATAL
    }

    private final int code;
    private final Recovery recovery;
    private final String meaning;

    OcfResult(int code, Recovery recovery, String meaning) {
        this.code = code;
        this.recovery = recovery;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public Recovery recovery() {
        return recovery;
    }

    public String meaning() {
        return meaning;
    }

    public static OcfResult of(int rc) {
        for (OcfResult r : values()) if (r.code == rc && rc >= 0) return r;
        return UNKNOWN;
    }

    /** DEGRADED results count as success (reported, not recovered). */
    public boolean success() {
        return this == SUCCESS || this == DEGRADED || this == DEGRADED_PROMOTED;
    }
}
