package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.crypto.KeyRing;
import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import io.hapc.transport.heartbeat.liveness.MonotonicClock;
import io.hapc.transport.heartbeat.wire.PacketCodec;
import java.time.Clock;
import java.util.List;

/**
 * Everything one end of a two-node heartbeat needs: who it is and who the peer is, the links, the
 * timings, the keys, this boot's incarnation (from {@link Incarnations}) and the largest packet.
 * `clock` measures silences (a {@link MonotonicClock} in production; tests may inject another).
 */
public record EndpointConfig(
        String localNode,
        String peerNode,
        List<LinkConfig> links,
        HeartbeatTimings timings,
        KeyRing keys,
        long incarnation,
        int maxPacketBytes,
        Clock clock) {
    public EndpointConfig {
        links = List.copyOf(links);
        if (links.isEmpty()) throw new IllegalArgumentException("at least one link is needed");
        if (links.stream().map(LinkConfig::name).distinct().count() != links.size()) {
            throw new IllegalArgumentException("link names must differ: "
                    + links.stream().map(LinkConfig::name).toList());
        }
        if (links.stream()
                        .map(LinkConfig::local)
                        .filter(a -> a.getPort() != 0)
                        .distinct()
                        .count()
                != links.stream().filter(l -> l.local().getPort() != 0).count()) {
            throw new IllegalArgumentException("two links listen on the same local address: " + links);
        }
        if (incarnation < 1) throw new IllegalArgumentException("incarnation must be >= 1, not " + incarnation);
    }

    public static EndpointConfig of(
            String localNode,
            String peerNode,
            List<LinkConfig> links,
            HeartbeatTimings timings,
            KeyRing keys,
            long incarnation) {
        return new EndpointConfig(
                localNode,
                peerNode,
                links,
                timings,
                keys,
                incarnation,
                PacketCodec.DEFAULT_MAX_PACKET_BYTES,
                new MonotonicClock());
    }
}
