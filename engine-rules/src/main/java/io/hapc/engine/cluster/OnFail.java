package io.hapc.engine.cluster;

import java.util.Locale;

/** What to do when an operation fails (the op's on-fail). */
public enum OnFail {
    IGNORE,
    BLOCK,
    STOP,
    RESTART,
    STANDBY,
    FENCE,
    DEMOTE,
    RESTART_CONTAINER;

    public static OnFail parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ignore" -> IGNORE;
            case "block" -> BLOCK;
            case "stop" -> STOP;
            case "restart" -> RESTART;
            case "standby" -> STANDBY;
            case "fence", "stonith" -> FENCE;
            case "demote" -> DEMOTE;
            case "restart-container" -> RESTART_CONTAINER;
            default ->
                throw new IllegalArgumentException("unknown on-fail value '" + text
                        + "' (expected ignore, block, stop, restart, standby, fence or demote)");
        };
    }
}
