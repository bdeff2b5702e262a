package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.liveness.LinkState;
import io.hapc.transport.heartbeat.liveness.PeerState;
import io.hapc.transport.heartbeat.wire.Packet;
import java.time.Duration;

/**
 * What a {@link HeartbeatEndpoint} tells the layer above, on one thread and in order (never two calls at
 * once). Calls must return quickly.
 */
public interface EndpointListener {
    /** The peer's liveness changed (UNKNOWN → ALIVE, ALIVE → LATE → DEAD, DEAD → ALIVE …). */
    default void peerStateChanged(PeerState from, PeerState to, Duration silentFor) {}

    /** One link's state changed; the peer may still be alive on another link. */
    default void linkStateChanged(String link, LinkState from, LinkState to, Duration silentFor) {}

    /**
     * A packet of a new life of the peer arrived: the first one ever heard (`previous` 0), or the peer
     * restarted. Called before that packet is delivered.
     */
    default void peerIncarnationChanged(long previous, long current) {}

    /** An authentic, fresh MESSAGE or ACK packet of the peer, as received on `link` (once per link it came on). */
    default void packetReceived(String link, Packet packet) {}

    /**
     * The peer's announced state ({@link HeartbeatEndpoint#announce}) changed, or is the first of its
     * current life, or the first since it came back from DEAD (then told after that change, even if the
     * same); empty if it announces nothing.
     */
    default void peerAnnounced(byte[] state) {}

    /** The peer said it leaves (a clean stop): the layer above need not wait for deadtime. */
    default void peerLeft(long incarnation) {}
}
