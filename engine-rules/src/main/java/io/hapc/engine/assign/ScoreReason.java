package io.hapc.engine.assign;

/** One line of an explanation: `score` on a node, because of `reason`, from rule `rule`. */
public record ScoreReason(int score, String reason, String rule) {}
