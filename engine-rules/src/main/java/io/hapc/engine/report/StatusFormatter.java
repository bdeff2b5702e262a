package io.hapc.engine.report;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeState;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Prints a node list and resource list the way Pacemaker's crm_mon / crm_simulate do. */
public final class StatusFormatter {
    private StatusFormatter() {}

    public static String format(ClusterView view, Map<String, List<ResourceState>> states, Set<String> fencedNodes) {
        return "  * Node List:\n" + nodeList(view, fencedNodes, "    ") + "\n  * Full List of Resources:\n"
                + resourceList(view, states, "    ");
    }

    /** The node lines ("* Online: [ … ]", "* Node n3: standby", "* OFFLINE: [ … ]"), each after `indent`. */
    public static String nodeList(ClusterView view, Set<String> fencedNodes, String indent) {
        StringBuilder sb = new StringBuilder();
        List<String> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        List<String> remoteOnline = new ArrayList<>();
        List<String> guestOnline = new ArrayList<>();
        List<String> remoteOffline = new ArrayList<>();
        for (NodeView n : view.nodes()) {
            boolean fenced = fencedNodes.contains(n.name());
            NodeState st = fenced ? NodeState.OFFLINE : n.state();
            if (n.remoteNode()) {
                // Pacemaker's lists: RemoteOnline, GuestOnline, RemoteOFFLINE; a guest that is down is not listed.
                if (n.guestNode() && st != NodeState.ONLINE) continue;
                String kind = n.guestNode() ? "GuestNode " : "RemoteNode ";
                if (st == NodeState.UNCLEAN)
                    sb.append(indent).append("* ").append(kind).append(n.name()).append(": UNCLEAN (offline)\n");
                else if (st == NodeState.ONLINE && n.maintenance())
                    sb.append(indent).append("* ").append(kind).append(n.name()).append(": maintenance\n");
                else if (st == NodeState.ONLINE && n.standby())
                    sb.append(indent).append("* ").append(kind).append(n.name()).append(": standby\n");
                else if (st == NodeState.ONLINE) (n.guestNode() ? guestOnline : remoteOnline).add(n.name());
                else if (!n.guestNode()) remoteOffline.add(n.name());
                continue;
            }
            if (st == NodeState.UNCLEAN) {
                sb.append(indent).append("* Node ").append(n.name()).append(": UNCLEAN (offline)\n");
            } else if (st == NodeState.PENDING) {
                sb.append(indent).append("* Node ").append(n.name()).append(": pending\n");
            } else if (st == NodeState.ONLINE && n.maintenance()) {
                sb.append(indent).append("* Node ").append(n.name()).append(": maintenance\n");
            } else if (st == NodeState.ONLINE && n.standby()) {
                sb.append(indent).append("* Node ").append(n.name()).append(": standby\n");
            } else if (st == NodeState.ONLINE) {
                online.add(n.name());
            } else {
                offline.add(n.name());
            }
        }
        if (!online.isEmpty())
            sb.append(indent)
                    .append("* Online: [ ")
                    .append(String.join(" ", online))
                    .append(" ]\n");
        if (!offline.isEmpty())
            sb.append(indent)
                    .append("* OFFLINE: [ ")
                    .append(String.join(" ", offline))
                    .append(" ]\n");
        if (!remoteOnline.isEmpty())
            sb.append(indent)
                    .append("* RemoteOnline: [ ")
                    .append(String.join(" ", remoteOnline))
                    .append(" ]\n");
        if (!guestOnline.isEmpty())
            sb.append(indent)
                    .append("* GuestOnline: [ ")
                    .append(String.join(" ", guestOnline))
                    .append(" ]\n");
        if (!remoteOffline.isEmpty())
            sb.append(indent)
                    .append("* RemoteOFFLINE: [ ")
                    .append(String.join(" ", remoteOffline))
                    .append(" ]\n");
        return sb.toString();
    }

    /** One line per primitive (groups and clones with their members below them), each after `indent`. */
    public static String resourceList(ClusterView view, Map<String, List<ResourceState>> states, String indent) {
        StringBuilder sb = new StringBuilder();
        for (ResourceTree t : view.resources()) {
            // A guest node's implicit connection (named after the node) is not configured: Pacemaker does not list it.
            if (t instanceof ResourceTree.Single
                    && view.node(t.id()).map(NodeView::guestNode).orElse(false)) continue;
            appendTree(sb, t, states, indent);
        }
        return sb.toString();
    }

    private static void appendTree(
            StringBuilder sb, ResourceTree t, Map<String, List<ResourceState>> states, String indent) {
        if (t instanceof ResourceTree.Single s) {
            appendPrimitive(sb, s.view(), states.getOrDefault(s.view().id(), List.of()), indent);
        } else if (t instanceof ResourceTree.GroupOf g) {
            sb.append(indent).append("* Resource Group: ").append(g.id()).append(":\n");
            for (ResourceView m : g.members())
                appendPrimitive(sb, m, states.getOrDefault(m.id(), List.of()), indent + "  ");
        } else if (t instanceof ResourceTree.CloneOf c) {
            List<String> flags = new ArrayList<>();
            if (c.promotable()) flags.add("promotable");
            if (c.globallyUnique()) flags.add("unique");
            sb.append(indent)
                    .append("* Clone Set: ")
                    .append(c.id())
                    .append(" [")
                    .append(c.childId())
                    .append("]")
                    .append(flags.isEmpty() ? "" : " (" + String.join(", ", flags) + ")")
                    .append(":\n");
            if (c.globallyUnique() || c.instances().stream().anyMatch(i -> i instanceof ResourceTree.GroupOf)) {
                for (ResourceTree i : c.instances()) appendTree(sb, i, states, indent + "  ");
            } else {
                appendAnonymous(sb, c, states, indent + "  ");
            }
        }
    }

    private static void appendAnonymous(
            StringBuilder sb, ResourceTree.CloneOf c, Map<String, List<ResourceState>> states, String indent) {
        Map<String, List<String>> byState = new TreeMap<>();
        for (ResourceTree i : c.instances()) {
            for (ResourceView r : i.primitives().toList()) {
                List<ResourceState> s = states.getOrDefault(r.id(), List.of());
                if (s.size() != 1 || s.get(0).failed() || s.get(0).unmanaged()) {
                    if (!s.isEmpty()) appendPrimitive(sb, r, s, indent);
                    continue;
                }
                String label =
                        c.promotable() ? (s.get(0).role() == Role.PROMOTED ? "Promoted" : "Unpromoted") : "Started";
                byState.computeIfAbsent(label, k -> new ArrayList<>())
                        .add(s.get(0).node());
            }
        }
        for (String label : List.of("Promoted", "Unpromoted", "Started")) {
            List<String> nodes = byState.get(label);
            if (nodes == null) continue;
            nodes.sort(String::compareTo);
            sb.append(indent)
                    .append("* ")
                    .append(label)
                    .append(": [ ")
                    .append(String.join(" ", nodes))
                    .append(" ]\n");
        }
    }

    private static void appendPrimitive(StringBuilder sb, ResourceView r, List<ResourceState> states, String indent) {
        if (r.orphan() && states.isEmpty()) return; // no longer configured and no longer running: gone
        sb.append(indent)
                .append("* ")
                .append(r.id())
                .append("\t(")
                .append(r.agent())
                .append("):\t ");
        if (r.orphan()) sb.append("ORPHANED ");
        boolean disabled =
                !r.orphan() && r.meta().targetRole().map(t -> t == Role.STOPPED).orElse(false);
        if (states.isEmpty()) {
            sb.append("Stopped").append(disabled ? " (disabled)" : "");
        } else if (states.size() > 1) {
            sb.append(label(states.get(0))).append(" [ ");
            states.forEach(s -> sb.append(s.node()).append(' '));
            sb.append(']');
        } else {
            ResourceState s = states.get(0);
            sb.append(s.failed() ? "FAILED" : label(s)).append(' ').append(s.node());
            if (s.unmanaged()) sb.append(s.failed() ? " (blocked)" : " (unmanaged)");
            if (disabled) sb.append(" (disabled)");
        }
        sb.append('\n');
    }

    private static String label(ResourceState s) {
        return s.role() == Role.PROMOTED ? "Promoted" : s.role() == Role.UNPROMOTED ? "Unpromoted" : "Started";
    }
}
