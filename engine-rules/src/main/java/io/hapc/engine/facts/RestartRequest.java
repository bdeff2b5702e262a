package io.hapc.engine.facts;

/**
 * Restart `target` (stop and start again in place) on `node` where it runs: a resource inside a
 * container failed, and the container is what recovers it (Pacemaker's on-fail restart-container).
 */
public record RestartRequest(String target, String node, String reason, String rule) {}
