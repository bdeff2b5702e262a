package io.hapc.engine.actions;

/** What an action in the transition graph does. */
public enum ActionType {
    FENCE,
    STOP,
    DEMOTE,
    START,
    PROMOTE,
    MONITOR;

    public String task() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
