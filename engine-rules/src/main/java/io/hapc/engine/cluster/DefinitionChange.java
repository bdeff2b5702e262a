package io.hapc.engine.cluster;

/**
 * A recorded operation on a node whose parameters differ from what the configuration asks for
 * now (its op-digest no longer matches). kind says what the difference allows: RESTART when a
 * parameter the agent cannot reload changed (or the agent cannot reload at all), RELOAD when only
 * reloadable ones did; AGENT when the agent itself (class, provider or type) is not the one that
 * ran it (the resource restarts with the new agent). A recurring monitor's change only
 * re-schedules the monitor: not listed.
 */
public record DefinitionChange(String node, String task, long intervalMs, Kind kind) {
    public enum Kind {
        RESTART,
        RELOAD,
        AGENT
    }
}
