package io.hapc.engine.facts;

/**
 * Restart `target` (stop and start again in place) on `node` where it runs. kind IN_PLACE: a
 * resource inside a container failed, and the container is what recovers it (Pacemaker's on-fail
 * restart-container); DEFINITION_CHANGED: its parameters changed (the summary says why); RELOAD:
 * only parameters the agent can reload changed, so it is reloaded instead of restarted;
 * AGENT_CHANGED: another agent ran it there (restarted with the configured one, no reason printed).
 */
public record RestartRequest(String target, String node, String reason, String rule, Kind kind) {
    public enum Kind {
        IN_PLACE,
        DEFINITION_CHANGED,
        RELOAD,
        AGENT_CHANGED
    }

    public RestartRequest(String target, String node, String reason, String rule) {
        this(target, node, reason, rule, Kind.IN_PLACE);
    }
}
