package io.hapc.engine.facts;

/** `first`'s `firstAction` before `then`'s `thenAction` (actions: start, stop, promote, demote). */
public record OrderEdge(String first, String firstAction, String then, String thenAction, OrderKind kind,
                        String source, String rule) {}
