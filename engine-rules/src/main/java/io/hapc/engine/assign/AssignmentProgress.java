package io.hapc.engine.assign;

import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What the assignment has decided so far: nodes, roles, explanations, load and capacity used per node, units done. */
final class AssignmentProgress {
    final Map<String, String> nodeOf = new LinkedHashMap<>();
    final Map<String, Role> roleOf = new LinkedHashMap<>();
    final Map<String, LazyExplanations.Source> explanations = new LinkedHashMap<>();
    final Map<String, Integer> load = new HashMap<>();
    final Map<String, Map<String, Integer>> usedCapacity = new HashMap<>();
    final Set<String> done = new HashSet<>();
    final Set<String> inProgress = new HashSet<>();
    final java.util.Deque<String> unitStack = new java.util.ArrayDeque<>();
    final Set<String> undecided = new HashSet<>();
    /** Units whose dependents' preferences are being merged (guards colocation loops). */
    final Set<String> mergingFrom = new HashSet<>();

    /** Assigns a primitive to a node, counting its load and utilization there. */
    void place(ResourceView r, String node) {
        nodeOf.put(r.id(), node);
        load.merge(node, 1, Integer::sum);
        Map<String, Integer> used = usedCapacity.computeIfAbsent(node, k -> new HashMap<>());
        r.utilization().forEach((k, v) -> used.merge(k, v, Integer::sum));
    }

    boolean frozenInPlace(ResourceView r) {
        if (!Assigner.frozen(r)) return false;
        r.presence().stream().filter(p -> p.role() != Role.STOPPED).findFirst().ifPresent(p -> {
            place(r, p.node());
            roleOf.put(r.id(), p.role());
        });
        explanations.put(
                r.id(),
                new LazyExplanations.Source(r.id(), null, r.currentNode(), "unmanaged or blocked: stays as it is"));
        return true;
    }
}
