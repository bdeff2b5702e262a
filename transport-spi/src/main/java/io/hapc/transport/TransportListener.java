package io.hapc.transport;

import java.util.Optional;

/**
 * Events from a transport, delivered on one thread and in order (never two callbacks at once).
 * Implementations must not block for long: the daemon hands them to its own single-threaded
 * controller. Every event reflects the transport's view at that moment, and the getters of
 * {@link ClusterTransport} already answer with it.
 */
public interface TransportListener {
    /** The link to the cluster changed; see {@link ConnectionState} for what each state asks of the node. */
    void connectionStateChanged(ConnectionState state);

    /** A new membership view; its epoch is greater than that of every view delivered before. */
    void membershipChanged(Membership membership);

    /**
     * The DC changed: gained, lost (empty while no DC is known or the link is in doubt) or moved to
     * another node. Non-empty leaderships arrive with epochs that never go down; a new DC always has
     * a greater epoch than the one before it.
     */
    void leadershipChanged(Optional<Leadership> leadership);

    /**
     * A newer replicated CIB is available: on every node, the writer included, and once at start if a
     * CIB is stored. Revisions only grow; when writes come fast, intermediate revisions may be skipped
     * (the latest is what counts). Transports without a store deliver the DC's pushes.
     */
    void cibChanged(StoredCib cib);

    /** A message addressed to this node, in the order its sender sent it. */
    void messageReceived(Message message);
}
