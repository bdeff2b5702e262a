package io.hapc.transport;

/**
 * The node's link to the cluster, named as Curator names it so both transports speak alike.
 * SUSPENDED: the link is in doubt (the node must act as if it may be cut off soon);
 * LOST: the cluster has given this node up (its membership is gone, someone may fence it).
 */
public enum ConnectionState {
    CONNECTED, SUSPENDED, RECONNECTED, LOST;

    public boolean connected() {
        return this == CONNECTED || this == RECONNECTED;
    }
}
