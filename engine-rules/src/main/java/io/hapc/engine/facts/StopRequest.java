package io.hapc.engine.facts;

/** A resource (or "*" for all) that must stop where it runs, with the printed reason ("no quorum"). */
public record StopRequest(String target, String reason, String rule) {}
