package io.hapc.engine.facts;

/** A node that must be fenced before its resources can be recovered elsewhere. */
public record FenceRequest(String node, String reason, String rule) {}
