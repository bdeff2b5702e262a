package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/**
 * A Pacemaker rule: expressions combined with and/or, yielding a score (or a node attribute's
 * value as score) when it matches.
 */
public record Rule(
        String id,
        Optional<Integer> score,
        Optional<String> scoreAttribute,
        BooleanOp booleanOp,
        Optional<Role> role,
        List<RuleExpression> expressions)
        implements RuleExpression {
    public Rule {
        expressions = List.copyOf(expressions);
    }

    public enum BooleanOp {
        AND,
        OR
    }
}
