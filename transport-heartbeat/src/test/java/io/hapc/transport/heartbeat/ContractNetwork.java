package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import io.hapc.transport.heartbeat.liveness.MonotonicClock;
import io.hapc.transport.heartbeat.wire.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two nodes "a" and "b" on 127.0.0.1, each listening on a port fixed for the test (so a restarted node is
 * found where it was), each sending through a {@link UdpRelay} towards the other: cutting a node's relays
 * cuts it off silently, both ways. Any other name gets a pair of its own with no relay (it is never started
 * with a peer).
 */
public final class ContractNetwork implements AutoCloseable {
    private final InetAddress loopback = InetAddress.getLoopbackAddress();
    private final Map<String, Integer> ports = new HashMap<>();
    /** towards.get(x): the relay carrying packets to x. */
    private final Map<String, UdpRelay> towards = new HashMap<>();

    public ContractNetwork() throws IOException {
        for (String node : List.of("a", "b")) {
            ports.put(node, freeUdpPort());
            UdpRelay relay = new UdpRelay(loopback);
            relay.forwardTo(new InetSocketAddress(loopback, ports.get(node)));
            towards.put(node, relay);
        }
    }

    public static String peerOf(String node) {
        return node.equals("a") ? "b" : "a";
    }

    /** The endpoint of `node`: link ring0 from its port to the relay towards its peer. */
    public EndpointConfig config(String node, long incarnation, HeartbeatTimings timings) throws IOException {
        String peer = peerOf(node);
        InetSocketAddress localAddress =
                new InetSocketAddress(loopback, ports.computeIfAbsent(node, n -> freeUdpPortUnchecked()));
        InetSocketAddress peerAddress = towards.containsKey(peer) && towards.containsKey(node)
                ? towards.get(peer).address()
                : new InetSocketAddress(loopback, freeUdpPort());
        return new EndpointConfig(
                node,
                peer,
                List.of(new LinkConfig("ring0", localAddress, peerAddress)),
                timings,
                TestKeys.ring(),
                incarnation,
                16 * 1024,
                new MonotonicClock());
    }

    /** Cuts `node` off: nothing reaches it, nothing of it reaches its peer. */
    public void cut(String node, boolean cut) {
        towards.get(node).cut(cut);
        towards.get(peerOf(node)).cut(cut);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) ch.getLocalAddress()).getPort();
        }
    }

    private static int freeUdpPortUnchecked() {
        try {
            return freeUdpPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (UdpRelay r : towards.values()) r.close();
    }
}
