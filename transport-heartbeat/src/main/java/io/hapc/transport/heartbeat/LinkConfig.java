package io.hapc.transport.heartbeat;

import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * One link: a local UDP address to listen and send on, and the peer's address on the same network. Two
 * links on two networks keep the peer in sight when one network fails. Port 0 locally lets the system
 * choose (tests); both addresses are of one family (IPv4 or IPv6).
 */
public record LinkConfig(String name, InetSocketAddress local, InetSocketAddress peer) {
    public LinkConfig {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("link name '" + name + "': letters, digits, '_', '.', '-' (at most 32)");
        }
        if (local == null || peer == null || local.isUnresolved() || peer.isUnresolved()) {
            throw new IllegalArgumentException(
                    "link " + name + ": local " + local + " and peer " + peer + " must both be resolved addresses");
        }
        if ((local.getAddress() instanceof Inet4Address) != (peer.getAddress() instanceof Inet4Address)) {
            throw new IllegalArgumentException("link " + name + ": local " + local + " and peer " + peer
                    + " are of different address families (IPv4 and IPv6); a link joins two addresses of one network");
        }
        if (peer.getPort() == 0) {
            throw new IllegalArgumentException("link " + name + ": the peer's port is needed (" + peer + ")");
        }
    }
}
