package io.hapc.engine.facts;

import io.hapc.model.cib.Role;
import java.util.Optional;

/**
 * `dependent` is placed relative to `primary`: a score of INFINITY means "only where primary is",
 * -INFINITY "never where primary is", anything else a preference. Roles restrict which role of each
 * side the edge concerns (promotable clones).
 */
public record ColocationEdge(String dependent, String primary, int score, Optional<Role> dependentRole,
                             Optional<Role> primaryRole, String source, String rule) {}
