package io.hapc.engine.facts;

/** Promoted instances that must be demoted (no-quorum-policy=demote), with the reason. */
public record DemoteRequest(String target, String reason, String rule) {}
