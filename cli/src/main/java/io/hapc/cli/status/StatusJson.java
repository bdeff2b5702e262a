package io.hapc.cli.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeState;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.report.ClusterStates;
import io.hapc.engine.report.ResourceState;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * `hapc status --output json`, a FIXED CONTRACT outside scripts check:
 * {"dc": NAME|null, "quorate": BOOL,
 *  "nodes": [{"name", "online", "standby", …}],
 *  "resources": [{"id", "agent", "role", "nodes": [NAMES where active], …}]}
 * with one resource entry per primitive and per clone instance. Fields may be added, never
 * renamed or removed.
 */
public final class StatusJson {
    private StatusJson() {}

    public record Report(
            String dc,
            boolean quorate,
            List<NodeEntry> nodes,
            List<ResourceEntry> resources,
            String clusterName,
            List<String> warnings) {}

    /** state: online, offline, unclean or pending. */
    public record NodeEntry(
            String name, boolean online, boolean standby, boolean maintenance, String id, String state) {}

    /** role: Started, Stopped, Promoted or Unpromoted (where active, the highest role it has). */
    public record ResourceEntry(
            String id,
            String agent,
            String role,
            List<String> nodes,
            boolean failed,
            boolean managed,
            boolean disabled,
            @JsonProperty("group") String groupId,
            @JsonProperty("clone") String cloneId,
            boolean orphan) {}

    public static Report report(Cib cib, ClusterView view, Optional<String> dc) {
        return report(cib, view, dc, List.of());
    }

    /** With the warnings of the DC's last decision (see {@link io.hapc.cli.daemon.DaemonOptions#warnings()}). */
    public static Report report(Cib cib, ClusterView view, Optional<String> dc, List<String> ruleWarnings) {
        List<NodeEntry> nodes = new ArrayList<>();
        for (NodeView n : view.nodes()) {
            nodes.add(new NodeEntry(
                    n.name(),
                    n.state() == NodeState.ONLINE,
                    n.standby(),
                    n.maintenance(),
                    n.id(),
                    n.state().name().toLowerCase(Locale.ROOT)));
        }
        Map<String, List<ResourceState>> states = ClusterStates.current(view);
        List<ResourceEntry> resources = new ArrayList<>();
        view.resources().stream()
                .flatMap(t -> t.primitives())
                .forEach(r -> resources.add(entry(r, states.getOrDefault(r.id(), List.of()), promotable(view, r))));
        return new Report(
                dc.orElse(null),
                view.quorate(),
                nodes,
                resources,
                ClusterFacts.clusterName(cib).orElse(null),
                ClusterFacts.warnings(view, ruleWarnings));
    }

    /** Whether the primitive is an instance of a promotable clone (where "Started" reads "Unpromoted"). */
    private static boolean promotable(ClusterView view, ResourceView r) {
        return r.cloneId()
                .map(view.treesById()::get)
                .filter(t -> t instanceof ResourceTree.CloneOf c && c.promotable())
                .isPresent();
    }

    private static ResourceEntry entry(ResourceView r, List<ResourceState> states, boolean promotable) {
        Role role = Role.STOPPED;
        for (ResourceState s : states) {
            Role seen = promotable && s.role() == Role.STARTED ? Role.UNPROMOTED : s.role();
            if (rank(seen) > rank(role)) role = seen;
        }
        return new ResourceEntry(
                r.id(),
                r.agent(),
                role.display(),
                states.stream().map(ResourceState::node).toList(),
                states.stream().anyMatch(ResourceState::failed),
                r.meta().managed(),
                r.meta().targetRole().map(t -> t == Role.STOPPED).orElse(false),
                r.groupId().orElse(null),
                r.cloneId().orElse(null),
                r.orphan());
    }

    private static int rank(Role role) {
        return switch (role) {
            case PROMOTED -> 3;
            case UNPROMOTED -> 2;
            case STARTED -> 1;
            default -> 0;
        };
    }
}
