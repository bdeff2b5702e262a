package io.hapc.transport;

/**
 * The node's link to the cluster, named as Curator names it so both transports speak alike.
 * CONNECTED: first connection after start; SUSPENDED: the link is in doubt (the node must act as if
 * it may be cut off soon: a DC stops acting as DC, and {@link ClusterTransport#leadership()} is
 * empty); RECONNECTED: the link is back (after SUSPENDED, or after LOST as a new life of the node,
 * which rejoins membership and stands for DC again); LOST: the cluster has given this node up (its
 * membership is gone, its DC role too, someone may fence it).
 */
public enum ConnectionState {
    CONNECTED,
    SUSPENDED,
    RECONNECTED,
    LOST;

    public boolean connected() {
        return this == CONNECTED || this == RECONNECTED;
    }
}
