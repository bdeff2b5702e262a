package io.hapc.engine.cluster;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The nodes unpacked so far, by name and id, and what the history replay needs to know of each:
 * up, unclean, cleanly down, guest or remote. Filled while nodes are unpacked (remote nodes after
 * the cluster nodes their connections run on), read when resources are.
 */
final class KnownNodes {
    private final Map<String, String> nodeNameById = new HashMap<>();
    private final Set<String> uncleanNodes = new HashSet<>();
    private final Set<String> cleanlyDownNodes = new HashSet<>();
    /** Nodes (cluster or remote) that are online and clean. */
    private final Set<String> upNodes = new HashSet<>();

    private final Set<String> guestNodes = new HashSet<>();
    private final Set<String> remoteNodes = new HashSet<>();
    /** Attributes of each node by name, for instance attribute rules (op digests are per node). */
    private final Map<String, Map<String, String>> nodeAttributes = new HashMap<>();

    void register(NodeView n) {
        nodeNameById.put(n.id(), n.name());
        nodeAttributes.put(n.name(), n.attributes());
        if (n.state() == NodeState.UNCLEAN) uncleanNodes.add(n.name());
        if (n.state() == NodeState.ONLINE) upNodes.add(n.name());
        if (n.guestNode()) guestNodes.add(n.name());
        if (n.remoteNode()) remoteNodes.add(n.name());
        // A node in maintenance is left alone: what its history says runs there is still taken as running.
        if (n.state() == NodeState.OFFLINE && !(n.maintenance() && !n.remoteNode())) {
            cleanlyDownNodes.add(n.name());
        }
    }

    /** A node also known by another id (a remote node's configured node entry). */
    void alsoKnownAs(String id, String name) {
        nodeNameById.putIfAbsent(id, name);
    }

    /** The name of the node with this id, null for a node not unpacked. */
    String nameOf(String id) {
        return nodeNameById.get(id);
    }

    boolean unclean(String node) {
        return uncleanNodes.contains(node);
    }

    boolean cleanlyDown(String node) {
        return cleanlyDownNodes.contains(node);
    }

    boolean up(String node) {
        return upNodes.contains(node);
    }

    boolean guest(String node) {
        return guestNodes.contains(node);
    }

    boolean remote(String node) {
        return remoteNodes.contains(node);
    }

    Map<String, String> attributes(String node) {
        return nodeAttributes.getOrDefault(node, Map.of());
    }

    /** The nodes up so far (a live view: it grows as nodes are registered). */
    Set<String> upNodes() {
        return Collections.unmodifiableSet(upNodes);
    }
}
