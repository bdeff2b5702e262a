package io.hapc.daemon.dc;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each resource's role on each node as the DC's last decision saw it (the engine's reading of the lrm
 * histories), and what changed since the decision before. The first decision of a DC only sets the
 * baseline: a new DC has not seen anything change.
 */
final class ResourceRoles {
    /** Per resource, the view it was read from (the incremental engine keeps unchanged views) and its roles. */
    private record Known(ResourceView view, Map<String, Role> roleByNode) {}

    private Optional<Map<String, Known>> known = Optional.empty();

    /** Takes the roles of `cluster`; the changes since the last call (none on the first). */
    @SuppressWarnings("ReferenceEquality") // the same view object means the same resource state (ClusterUnpacker.Memo)
    List<DcEvent.RoleChanged> update(ClusterView cluster) {
        Map<String, Known> before = known.orElse(Map.of());
        Map<String, Known> now = new HashMap<>();
        List<DcEvent.RoleChanged> changes = new ArrayList<>();
        for (ResourceView r : cluster.primitivesById().values()) {
            Known was = before.get(r.id());
            if (was != null && was.view() == r) {
                now.put(r.id(), was);
                continue;
            }
            Known is = new Known(r, rolesOf(r));
            now.put(r.id(), is);
            if (known.isPresent()) {
                changes.addAll(changes(r.id(), was == null ? Map.of() : was.roleByNode(), is.roleByNode()));
            }
        }
        known = Optional.of(now);
        return changes;
    }

    private static Map<String, Role> rolesOf(ResourceView r) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Presence p : r.presence()) {
            if (p.role() != Role.STOPPED) roles.put(p.node(), p.role());
        }
        return roles;
    }

    private static List<DcEvent.RoleChanged> changes(String resource, Map<String, Role> from, Map<String, Role> to) {
        Set<String> nodes = new LinkedHashSet<>(from.keySet());
        nodes.addAll(to.keySet());
        List<DcEvent.RoleChanged> changes = new ArrayList<>();
        for (String node : nodes) {
            Role was = from.getOrDefault(node, Role.STOPPED);
            Role is = to.getOrDefault(node, Role.STOPPED);
            if (was != is) changes.add(new DcEvent.RoleChanged(resource, node, was, is));
        }
        return changes;
    }
}
