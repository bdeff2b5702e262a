package io.hapc.engine.facts;

/** Something an admin should know about the configuration (shown by status and simulate). */
public record Warning(String message, String rule) {}
