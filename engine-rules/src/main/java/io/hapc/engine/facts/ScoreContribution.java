package io.hapc.engine.facts;

/**
 * One non-zero contribution to where a resource may run: `target` (a primitive, group, clone or
 * clone instance id) gets `score` on `node`, because of `reason`, decided by rule `rule`
 * (and constraint `source`, when one is involved). Scores add up per (target, node).
 */
public record ScoreContribution(String target, String node, int score, String reason, String rule, String source) {}
