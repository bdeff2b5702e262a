package io.hapc.engine.facts;

/**
 * Starts that may not happen in this transition: `target` is a resource id or "*" for all
 * resources; reason as printed after "due to" ("no quorum").
 */
public record StartBlock(String target, String reason, String rule) {
    public static final String ALL = "*";
}
