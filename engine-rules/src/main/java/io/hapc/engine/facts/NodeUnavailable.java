package io.hapc.engine.facts;

/** A node on which no resource may be placed in this decision, and why. */
public record NodeUnavailable(String node, String reason, String rule) {}
