package io.hapc.transport.heartbeat.liveness;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The detector's view at one instant: the peer's state, and each link's state and silence (empty if
 * nothing was ever heard on it), in link order. For status output and logs.
 */
public record PeerStatus(PeerState peer, Map<String, LinkStatus> links) {
    public record LinkStatus(LinkState state, Optional<Duration> silentFor) {}

    public PeerStatus {
        links = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(links));
    }
}
