package io.hapc.engine.actions;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.RemoteNode;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.OrderKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The orderings a placement on a remote or guest node implies (they depend on where the
 * assignment put each resource, so they are made after it, not by rules): a resource on a guest
 * node starts after the guest's container and is restarted when the container (re)starts; a
 * resource starting on a remote node waits for the node's connection, and one staying there is
 * restarted only when the connection is recovered from a failure.
 */
final class RemotePlacementOrders {
    static final String GUEST_RULE = "remote: resources on a guest node restart with its container";
    static final String REMOTE_RULE = "remote: resources on a remote node wait for its connection";

    private RemotePlacementOrders() {}

    static List<OrderEdge> of(ClusterView view, Map<String, ResourcePlan> plans) {
        List<OrderEdge> out = new ArrayList<>();
        for (ResourcePlan p : plans.values()) {
            if (p.next == null) continue;
            NodeView n = view.nodesByName().get(p.next);
            if (n == null || n.remote().isEmpty()) continue;
            RemoteNode rn = n.remote().get();
            String id = p.rsc.id();
            if (id.equals(rn.connection()) || rn.container().map(id::equals).orElse(false)) continue;
            if (rn.guest()) {
                out.add(new OrderEdge(
                        rn.container().get(),
                        "start",
                        id,
                        "start",
                        OrderKind.MANDATORY,
                        "guest node " + n.name(),
                        GUEST_RULE));
                continue;
            }
            ResourcePlan connection = plans.get(rn.connection());
            boolean recovered = connection != null && connection.failed;
            if (recovered || !p.current.contains(p.next)) {
                out.add(new OrderEdge(
                        rn.connection(),
                        "start",
                        id,
                        "start",
                        OrderKind.MANDATORY,
                        "remote node " + n.name(),
                        REMOTE_RULE));
            }
        }
        return out;
    }
}
