package io.hapc.engine.cluster;

import java.util.Optional;

/**
 * What makes a node a Pacemaker Remote node: the connection resource that runs on a cluster node
 * (an `ocf:pacemaker:remote` primitive, or for a guest node the implicit one named after the
 * node) and, for a guest node, the container resource (the primitive with meta `remote-node`)
 * the node lives in. A guest node is "fenced" by recovering its container.
 *
 * <p>fencingRevocable: the node is offline yet its history shows resources active there, and its
 * connection did not fail; it is fenced only if the connection cannot start again in this
 * transition (then the resources are found where they were).
 */
public record RemoteNode(
        String connection,
        Optional<String> container,
        boolean fencingRevocable,
        long reconnectIntervalMs,
        boolean hostLost) {
    public RemoteNode(String connection, Optional<String> container) {
        this(connection, container, false, 0, false);
    }

    public RemoteNode withFencingRevocable() {
        return new RemoteNode(connection, container, true, reconnectIntervalMs, hostLost);
    }

    /** The connection's `reconnect_interval`: after a failure it waits that long before connecting again. */
    public RemoteNode withReconnectInterval(long ms) {
        return new RemoteNode(connection, container, fencingRevocable, ms, hostLost);
    }

    /** A guest unclean only because the cluster node hosting it is: fencing that node resets it, its container just moves. */
    public RemoteNode withHostLost() {
        return new RemoteNode(connection, container, fencingRevocable, reconnectIntervalMs, true);
    }

    public boolean guest() {
        return container.isPresent();
    }
}
