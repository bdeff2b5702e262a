package io.hapc.engine.cluster;

import java.util.Optional;

/**
 * What makes a node a Pacemaker Remote node: the connection resource that runs on a cluster node
 * (an `ocf:pacemaker:remote` primitive, or for a guest node the implicit one named after the
 * node) and, for a guest node, the container resource (the primitive with meta `remote-node`)
 * the node lives in. A guest node is "fenced" by recovering its container.
 */
public record RemoteNode(String connection, Optional<String> container) {
    public boolean guest() {
        return container.isPresent();
    }
}
