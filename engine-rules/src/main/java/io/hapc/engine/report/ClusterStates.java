package io.hapc.engine.report;

import io.hapc.engine.actions.PlannedTransition;
import io.hapc.engine.actions.ResourcePlan;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resource states before a transition (from the CIB) and after it (as if every runnable action succeeded). */
public final class ClusterStates {
    private ClusterStates() {}

    public static Map<String, List<ResourceState>> current(ClusterView view) {
        Map<String, List<ResourceState>> out = new LinkedHashMap<>();
        for (ResourceView r : view.primitivesById().values()) {
            List<ResourceState> states = new ArrayList<>();
            for (Presence p : r.presence()) {
                if (p.role() == Role.STOPPED && !p.failed()) continue;
                NodeView n = view.nodesByName().get(p.node());
                boolean unmanaged = !r.meta().managed() || p.blocked() || n != null && n.maintenance();
                states.add(new ResourceState(
                        p.node(), p.role() == Role.STOPPED ? Role.STARTED : p.role(), p.failed(), unmanaged));
            }
            out.put(r.id(), states);
        }
        return out;
    }

    public static Map<String, List<ResourceState>> revised(ClusterView view, PlannedTransition t) {
        Map<String, List<ResourceState>> before = current(view);
        Map<String, List<ResourceState>> out = new LinkedHashMap<>(before);
        Set<String> fenced = t.fencedNodes().keySet();
        for (ResourcePlan p : t.plans()) {
            String id = p.resource().id();
            if (p.frozen()) continue;
            List<ResourceState> states = new ArrayList<>();
            for (ResourceState s : before.getOrDefault(id, List.of())) {
                boolean stopped = p.stops().contains(s.node()) && (p.stopRunnable() || fenced.contains(s.node()));
                if (!stopped && !fenced.contains(s.node())) {
                    Role role = p.nextNode().map(s.node()::equals).orElse(false) ? p.nextRole() : s.role();
                    states.add(new ResourceState(
                            s.node(), role, s.failed() && !p.stops().contains(s.node()), s.unmanaged()));
                }
            }
            if (p.starts() && p.startRunnable() && p.nextNode().isPresent()) {
                states.removeIf(s -> s.node().equals(p.nextNode().get()));
                states.add(new ResourceState(
                        p.nextNode().get(), p.nextRole() == Role.STOPPED ? Role.STARTED : p.nextRole(), false, false));
            } else if (!p.starts() && p.nextNode().isPresent()) {
                List<ResourceState> updated = new ArrayList<>();
                for (ResourceState s : states) {
                    updated.add(
                            s.node().equals(p.nextNode().get())
                                    ? new ResourceState(s.node(), p.nextRole(), s.failed(), s.unmanaged())
                                    : s);
                }
                states = updated;
            }
            out.put(id, states);
        }
        return out;
    }
}
