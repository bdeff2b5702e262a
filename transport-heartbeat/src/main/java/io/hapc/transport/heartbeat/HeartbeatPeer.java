package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.liveness.LinkState;
import io.hapc.transport.heartbeat.liveness.PeerState;
import io.hapc.transport.heartbeat.messaging.MessageChannel;
import io.hapc.transport.heartbeat.wire.Packet;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer as the layer above sees it: a {@link HeartbeatEndpoint} (liveness, links) with a
 * {@link MessageChannel} on top (in-order, at-most-once messages), resending every keepalive. This is
 * what a `ClusterTransport` for two nodes is to be built on.
 */
public final class HeartbeatPeer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatPeer.class);

    /** What the endpoint reports, plus each message of the peer, once and in order. */
    public interface Listener extends EndpointListener {
        void messageReceived(byte[] body);
    }

    /** Fragments waiting for an acknowledgement beyond this are refused (the peer is gone or far behind). */
    public static final int MAX_UNACKED = 2048;
    /** The largest message: a CIB of thousands of resources with their history fits. */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final MessageChannel channel;
    private final HeartbeatEndpoint endpoint;
    private final ScheduledExecutorService resender;

    @SuppressWarnings("FutureReturnValueIgnored") // resend catches its own failures, so it never stops
    private HeartbeatPeer(EndpointConfig config, Listener listener) throws IOException {
        EndpointHolder holder = new EndpointHolder();
        this.channel = new MessageChannel(
                config.incarnation(),
                holder::send,
                listener::messageReceived,
                config.clock(),
                config.timings().keepalive(),
                MAX_UNACKED,
                maxPayload(config),
                MAX_MESSAGE_BYTES);
        this.endpoint = HeartbeatEndpoint.open(config, new EndpointListener() {
            @Override
            public void peerStateChanged(PeerState from, PeerState to, Duration silentFor) {
                listener.peerStateChanged(from, to, silentFor);
            }

            @Override
            public void linkStateChanged(String link, LinkState from, LinkState to, Duration silentFor) {
                listener.linkStateChanged(link, from, to, silentFor);
            }

            @Override
            public void peerIncarnationChanged(long previous, long current) {
                channel.peerIncarnationChanged(current);
                listener.peerIncarnationChanged(previous, current);
            }

            @Override
            public void packetReceived(String link, Packet packet) {
                channel.packetReceived(packet);
            }

            @Override
            public void peerAnnounced(byte[] state) {
                listener.peerAnnounced(state);
            }

            @Override
            public void peerLeft(long incarnation) {
                listener.peerLeft(incarnation);
            }
        });
        holder.endpoint = endpoint;
        this.resender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + config.localNode() + "-resend");
            t.setDaemon(true);
            return t;
        });
        long every = config.timings().keepalive().toNanos();
        resender.scheduleAtFixedRate(this::resend, every, every, TimeUnit.NANOSECONDS);
    }

    private void resend() {
        try {
            channel.resendDue();
        } catch (RuntimeException e) {
            log.error("resending unacknowledged messages failed", e); // a periodic task that throws never runs again
        }
    }

    private static int maxPayload(EndpointConfig config) {
        return io.hapc.transport.heartbeat.wire.PacketCodec.maxPayloadBytes(
                config.maxPacketBytes(), config.localNode());
    }

    /** Until the endpoint is open, a send (an ack of an early message) is lost, and made up for by a resend. */
    private static final class EndpointHolder {
        volatile HeartbeatEndpoint endpoint;

        boolean send(io.hapc.transport.heartbeat.wire.PacketType type, byte[] payload) {
            HeartbeatEndpoint e = endpoint;
            return e != null && e.send(type, payload);
        }
    }

    public static HeartbeatPeer open(EndpointConfig config, Listener listener) throws IOException {
        return new HeartbeatPeer(config, listener);
    }

    public HeartbeatEndpoint endpoint() {
        return endpoint;
    }

    /** Sends a message to the peer's current life; empty if accepted, or why not. Never blocks. */
    public Optional<MessageChannel.Refusal> send(byte[] body) {
        return channel.send(body);
    }

    public int unackedCount() {
        return channel.unackedCount();
    }

    @Override
    public void close() {
        resender.shutdownNow();
        channel.close();
        endpoint.close();
    }
}
