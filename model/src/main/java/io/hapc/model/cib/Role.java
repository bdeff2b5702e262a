package io.hapc.model.cib;

import java.util.Locale;

/** Resource roles, accepting both Pacemaker's old (Master/Slave) and new (Promoted/Unpromoted) names. */
public enum Role {
    UNKNOWN,
    STOPPED,
    STARTED,
    UNPROMOTED,
    PROMOTED;

    public static Role parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "stopped" -> STOPPED;
            case "started" -> STARTED;
            case "slave", "unpromoted" -> UNPROMOTED;
            case "master", "promoted" -> PROMOTED;
            case "unknown" -> UNKNOWN;
            default ->
                throw new IllegalArgumentException(
                        "unknown role '" + text + "' (expected Stopped, Started, Unpromoted/Slave or Promoted/Master)");
        };
    }

    public String display() {
        return switch (this) {
            case UNKNOWN -> "Unknown";
            case STOPPED -> "Stopped";
            case STARTED -> "Started";
            case UNPROMOTED -> "Unpromoted";
            case PROMOTED -> "Promoted";
        };
    }
}
