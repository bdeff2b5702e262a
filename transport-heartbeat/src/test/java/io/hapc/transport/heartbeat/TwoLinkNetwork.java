package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import io.hapc.transport.heartbeat.liveness.MonotonicClock;
import io.hapc.transport.heartbeat.wire.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nodes n1 and n2 joined by two links: ring0 over 127.0.0.1, ring1 over [::1]. Each link runs through a
 * pair of {@link UdpRelay}s (one per direction) that a test can cut or make lossy, as a failing network.
 */
final class TwoLinkNetwork implements AutoCloseable {
    static final List<String> LINKS = List.of("ring0", "ring1");
    private final Map<String, InetAddress> address = new LinkedHashMap<>();
    /** relays.get(link)[0]: n1 → n2, [1]: n2 → n1 */
    private final Map<String, UdpRelay[]> relays = new LinkedHashMap<>();

    TwoLinkNetwork() throws IOException {
        address.put("ring0", InetAddress.getByName("127.0.0.1"));
        address.put("ring1", InetAddress.getByName("::1"));
        for (String link : LINKS) {
            relays.put(link, new UdpRelay[] {new UdpRelay(address.get(link)), new UdpRelay(address.get(link))});
        }
    }

    /** The configuration of `node` (n1 or n2): its links listen on a free port and send into the relays. */
    EndpointConfig config(String node, long incarnation, HeartbeatTimings timings) {
        boolean isN1 = node.equals("n1");
        List<LinkConfig> links = new ArrayList<>();
        for (String link : LINKS) {
            links.add(new LinkConfig(
                    link, new InetSocketAddress(address.get(link), 0), relays.get(link)[isN1 ? 0 : 1].address()));
        }
        return new EndpointConfig(
                node, isN1 ? "n2" : "n1", links, timings, TestKeys.ring(), incarnation, 4096, new MonotonicClock());
    }

    /** Points the relays towards `node` at the sockets its endpoint bound. */
    void attach(String node, HeartbeatEndpoint endpoint) {
        for (String link : LINKS) {
            relays.get(link)[node.equals("n1") ? 1 : 0].forwardTo(endpoint.localAddress(link));
        }
    }

    void cut(String link, boolean cut) {
        for (UdpRelay r : relays.get(link)) r.cut(cut);
    }

    void dropEvery(String link, int n) {
        for (UdpRelay r : relays.get(link)) r.dropEvery(n);
    }

    /** The relay carrying n2's packets to n1 on `link`. */
    UdpRelay towardsN1(String link) {
        return relays.get(link)[1];
    }

    /** The relay carrying n1's packets to n2 on `link`. */
    UdpRelay towardsN2(String link) {
        return relays.get(link)[0];
    }

    @Override
    public void close() throws IOException {
        for (UdpRelay[] pair : relays.values()) {
            for (UdpRelay r : pair) r.close();
        }
    }
}
