package io.hapc.engine.facts;

/**
 * `first`'s `firstAction` before `then`'s `thenAction` (actions: start, stop, promote, demote).
 *
 * <p>An edge with a `firstGroup` is one of a "one or more" ordering: `then` needs only
 * `firstsNeeded` runnable instances among all firsts of the edges sharing that group label (a
 * resource set with require-all=false needs one member; a clone with clone-min needs that many
 * instances). Plain edges have an empty group and need every first.
 */
public record OrderEdge(
        String first,
        String firstAction,
        String then,
        String thenAction,
        OrderKind kind,
        String source,
        String rule,
        String firstGroup,
        int firstsNeeded) {

    public OrderEdge(
            String first,
            String firstAction,
            String then,
            String thenAction,
            OrderKind kind,
            String source,
            String rule) {
        this(first, firstAction, then, thenAction, kind, source, rule, "", 0);
    }

    /** Whether `then` waits for only some of its firsts (see the class comment). */
    public boolean oneOrMore() {
        return !firstGroup.isEmpty();
    }

    /** This edge as part of the "one or more" group `group`, satisfied by `needed` runnable firsts. */
    public OrderEdge needing(String group, int needed, String byRule) {
        return new OrderEdge(first, firstAction, then, thenAction, kind, source, byRule, group, needed);
    }

    /** Whether `other` links the same actions of the same resources for the same constraint. */
    public boolean sameLink(OrderEdge other) {
        return first.equals(other.first)
                && firstAction.equals(other.firstAction)
                && then.equals(other.then)
                && thenAction.equals(other.thenAction)
                && source.equals(other.source);
    }
}
