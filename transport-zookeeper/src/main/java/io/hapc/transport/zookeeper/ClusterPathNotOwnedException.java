package io.hapc.transport.zookeeper;

import io.hapc.transport.TransportException;

/**
 * The cluster's path in ZooKeeper exists but does not carry the cluster's own ACL: someone without
 * the secret made it (and could then delete or plant the cluster's znodes), or it belongs to a
 * cluster with another secret. The node refuses to join; an admin must remove the path or pick
 * another cluster name (docs/ZOOKEEPER.md). Not retried: waiting does not change whose it is.
 */
public final class ClusterPathNotOwnedException extends TransportException {
    private final String path;

    public ClusterPathNotOwnedException(String path, String message) {
        super(message);
        this.path = path;
    }

    /** The znode found not to be the cluster's. */
    public String path() {
        return path;
    }
}
