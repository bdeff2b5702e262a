package io.hapc.engine.assign;

import io.hapc.model.cib.Role;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of assignment: for every primitive instance, the node it should run on (absent:
 * stopped) and the role there, plus the explanation of each decision.
 */
public record Placement(
        Map<String, String> nodeOf,
        Map<String, Role> roleOf,
        Map<String, Explanation> explanations,
        java.util.Set<String> settledUnits) {
    /** settledUnits: resources whose node no tie-break chose (the same next time, whatever the load). */
    public Placement {
        settledUnits = java.util.Set.copyOf(settledUnits);
        nodeOf = Map.copyOf(nodeOf);
        roleOf = Map.copyOf(roleOf);
        // Built lazily by the assigner (and unmodifiable); not copied, or every explanation would be built.
    }

    public Optional<String> node(String primitiveId) {
        return Optional.ofNullable(nodeOf.get(primitiveId));
    }

    public Role role(String primitiveId) {
        return roleOf.getOrDefault(primitiveId, nodeOf.containsKey(primitiveId) ? Role.STARTED : Role.STOPPED);
    }
}
