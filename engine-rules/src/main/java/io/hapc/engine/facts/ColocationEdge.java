package io.hapc.engine.facts;

import io.hapc.model.cib.Role;
import java.util.Optional;

/**
 * `dependent` is placed relative to `primary`: a score of INFINITY means "only where primary is",
 * -INFINITY "never where primary is", anything else a preference. Roles restrict which role of each
 * side the edge concerns (promotable clones).
 */
public record ColocationEdge(
        String dependent,
        String primary,
        int score,
        Optional<Role> dependentRole,
        Optional<Role> primaryRole,
        String source,
        String rule,
        boolean influence) {
    /** With influence (Pacemaker's default): the unplaced dependent's preferences pull the primary. */
    public ColocationEdge(
            String dependent,
            String primary,
            int score,
            Optional<Role> dependentRole,
            Optional<Role> primaryRole,
            String source,
            String rule) {
        this(dependent, primary, score, dependentRole, primaryRole, source, rule, true);
    }
}
