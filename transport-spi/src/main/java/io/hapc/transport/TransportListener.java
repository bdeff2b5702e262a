package io.hapc.transport;

import java.util.Optional;

/**
 * Events from a transport, delivered on one thread and in order. Implementations must not block
 * for long: the daemon hands them to its own single-threaded controller.
 */
public interface TransportListener {
    void connectionStateChanged(ConnectionState state);

    void membershipChanged(Membership membership);

    /** The DC changed: gained, lost (empty while no DC is known) or moved to another node. */
    void leadershipChanged(Optional<Leadership> leadership);

    /** A newer replicated CIB is available (transports without a store deliver the DC's pushes). */
    void cibChanged(StoredCib cib);

    void messageReceived(Message message);
}
