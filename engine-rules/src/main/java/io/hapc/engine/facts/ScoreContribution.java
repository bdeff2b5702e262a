package io.hapc.engine.facts;

/**
 * One non-zero contribution to where a resource may run: `target` (a primitive, group, clone or
 * clone instance id) gets `score` on `node`, because of `reason`, decided by rule `rule`
 * (and constraint `source`, when one is involved). Scores add up per (target, node). `kind`
 * says whether it comes from a location constraint, which in an asymmetric cluster
 * (symmetric-cluster=false) is what allows a node at all.
 */
public record ScoreContribution(
        String target, String node, int score, String reason, String rule, String source, Kind kind) {
    public enum Kind {
        /** A location constraint's score: it allows the node in an asymmetric cluster. */
        LOCATION,
        OTHER
    }

    public ScoreContribution(String target, String node, int score, String reason, String rule, String source) {
        this(target, node, score, reason, rule, source, Kind.OTHER);
    }
}
