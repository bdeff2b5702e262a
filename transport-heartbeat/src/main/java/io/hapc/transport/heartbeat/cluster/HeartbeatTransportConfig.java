package io.hapc.transport.heartbeat.cluster;

import io.hapc.transport.heartbeat.EndpointConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A two-node transport: its heartbeat endpoint (who, links, timings, keys, this boot's incarnation), the
 * directory that keeps this node's copy of the CIB across restarts, and how long a CIB write waits for the
 * peer's acknowledgement while the peer is alive (after that the write's outcome is unknown).
 */
public record HeartbeatTransportConfig(EndpointConfig endpoint, Path stateDir, Duration ackTimeout) {
    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(10);

    public static HeartbeatTransportConfig of(EndpointConfig endpoint, Path stateDir) {
        return new HeartbeatTransportConfig(endpoint, stateDir, DEFAULT_ACK_TIMEOUT);
    }
}
