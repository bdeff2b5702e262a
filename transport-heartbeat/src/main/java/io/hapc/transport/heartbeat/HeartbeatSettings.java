package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.crypto.KeyRing;
import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import io.hapc.transport.heartbeat.wire.PacketCodec;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heartbeat part of hapcd.conf, the same file on both nodes (as `hapc cluster setup` writes it):
 *
 * <pre>
 * heartbeat.node.n1 = 10.0.0.1, 192.168.7.1        # one address per link, in link order (ring0, ring1)
 * heartbeat.node.n2 = 10.0.0.2, 192.168.7.2
 * heartbeat.port = 694                              # optional (Heartbeat's port); an address may say its own: 10.0.0.1:7001, [fd00::1]:7001
 * heartbeat.keepalive = 200ms                       # optional, ha.cf's timings: keepalive (interval), warntime, deadtime, initdead
 * heartbeat.max_packet_bytes = 16384                # optional
 * </pre>
 *
 * Link k joins the k-th address of each node. Addresses are IP literals: the heartbeat must not wait on
 * DNS, which may sit behind the very network that failed.
 */
public record HeartbeatSettings(
        Map<String, List<InetSocketAddress>> nodes, HeartbeatTimings timings, int maxPacketBytes) {
    public static final String PREFIX = "heartbeat.";
    public static final int DEFAULT_PORT = 694;
    private static final Pattern BRACKETED_V6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
    private static final Pattern V4 = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})(?::(\\d{1,5}))?");
    private static final Pattern BARE_V6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public HeartbeatSettings {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /**
     * Reads the `heartbeat.*` settings (others are ignored: they belong to the rest of hapcd.conf).
     *
     * @throws IllegalArgumentException what is wrong, with the setting's name and what it should be
     */
    public static HeartbeatSettings parse(Map<String, String> settings) {
        int port = DEFAULT_PORT;
        if (settings.containsKey(PREFIX + "port")) port = port(PREFIX + "port", settings.get(PREFIX + "port"));
        int maxPacket = PacketCodec.DEFAULT_MAX_PACKET_BYTES;
        Map<String, String> timing = new LinkedHashMap<>();
        Map<String, List<InetSocketAddress>> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(settings).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) continue;
            String name = key.substring(PREFIX.length());
            if (name.startsWith("node.")) {
                nodes.put(name.substring("node.".length()), null); // addresses below, once the port is known
            } else if (HeartbeatTimings.KEYS.contains(name)) {
                timing.put(name, e.getValue());
            } else if (name.equals("max_packet_bytes")) {
                maxPacket = integer(key, e.getValue());
            } else if (!name.equals("port")) {
                throw new IllegalArgumentException(
                        "unknown setting '" + key + "' (known: heartbeat.node.NAME, heartbeat.port, "
                                + "heartbeat.keepalive/interval, heartbeat.warntime, heartbeat.deadtime, heartbeat.initdead, "
                                + "heartbeat.max_packet_bytes)");
            }
        }
        for (String node : List.copyOf(nodes.keySet())) {
            String key = PREFIX + "node." + node;
            if (!node.matches("[A-Za-z0-9_.-]{1," + PacketCodec.MAX_SENDER_BYTES + "}")) {
                throw new IllegalArgumentException(key + ": '" + node + "' is not a node name (a host name)");
            }
            List<InetSocketAddress> addrs = new ArrayList<>();
            for (String a : settings.get(key).split(",")) {
                if (!a.isBlank()) addrs.add(address(key, a.trim(), port));
            }
            if (addrs.isEmpty())
                throw new IllegalArgumentException(
                        key + " has no address: give one per link, e.g. 10.0.0.1, 192.168.7.1");
            nodes.put(node, List.copyOf(addrs));
        }
        if (nodes.size() != 2) {
            throw new IllegalArgumentException(
                    "the heartbeat transport is for two nodes; heartbeat.node.* names " + nodes.size()
                            + (nodes.isEmpty() ? "" : " (" + String.join(", ", nodes.keySet()) + ")")
                            + ": give exactly two, or use ZooKeeper (zookeeper.connect) for more");
        }
        List<String> names = new ArrayList<>(nodes.keySet());
        List<InetSocketAddress> first = nodes.get(names.get(0));
        List<InetSocketAddress> second = nodes.get(names.get(1));
        if (first.size() != second.size()) {
            throw new IllegalArgumentException(
                    "heartbeat.node." + names.get(0) + " has " + first.size() + " address(es), heartbeat.node."
                            + names.get(1) + " " + second.size() + ": each link needs an address on both nodes");
        }
        for (int i = 0; i < first.size(); i++) {
            if ((first.get(i).getAddress() instanceof Inet4Address)
                    != (second.get(i).getAddress() instanceof Inet4Address)) {
                throw new IllegalArgumentException(
                        "link ring" + i + " joins " + first.get(i) + " (" + names.get(0) + ") and "
                                + second.get(i) + " (" + names.get(1)
                                + "): one is IPv4, the other IPv6; put addresses of one network "
                                + "at the same place in both lists");
            }
        }
        if (maxPacket < PacketCodec.MIN_MAX_PACKET_BYTES || maxPacket > PacketCodec.MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException(PREFIX + "max_packet_bytes = " + maxPacket + " not in "
                    + PacketCodec.MIN_MAX_PACKET_BYTES + ".." + PacketCodec.MAX_DATAGRAM_BYTES);
        }
        HeartbeatTimings timings;
        try {
            timings = HeartbeatTimings.parse(timing);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PREFIX + e.getMessage(), e); // the message starts with the key: heartbeat.deadtime …
        }
        return new HeartbeatSettings(nodes, timings, maxPacket);
    }

    /** The other node. */
    public String peerOf(String localNode) {
        requireMember(localNode);
        return nodes.keySet().stream()
                .filter(n -> !n.equals(localNode))
                .findFirst()
                .orElseThrow();
    }

    /** This node's links: ring0, ring1, … from its k-th address to the peer's k-th address. */
    public List<LinkConfig> linksFor(String localNode) {
        List<InetSocketAddress> mine = nodes.get(requireMember(localNode));
        List<InetSocketAddress> theirs = nodes.get(peerOf(localNode));
        List<LinkConfig> links = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) links.add(new LinkConfig("ring" + i, mine.get(i), theirs.get(i)));
        return links;
    }

    public EndpointConfig endpointConfig(String localNode, KeyRing keys, long incarnation, Clock clock) {
        return new EndpointConfig(
                localNode, peerOf(localNode), linksFor(localNode), timings, keys, incarnation, maxPacketBytes, clock);
    }

    private String requireMember(String node) {
        if (!nodes.containsKey(node)) {
            throw new IllegalArgumentException("this node is '" + node + "', but heartbeat.node.* names only "
                    + String.join(" and ", nodes.keySet()) + " (set node.name, or add heartbeat.node." + node + ")");
        }
        return node;
    }

    private static InetSocketAddress address(String key, String text, int defaultPort) {
        String host;
        String portText;
        Matcher m;
        if ((m = BRACKETED_V6.matcher(text)).matches() || (m = V4.matcher(text)).matches()) {
            host = m.group(1);
            portText = m.group(2);
        } else if (BARE_V6.matcher(text).matches()) {
            host = text;
            portText = null;
        } else {
            throw new IllegalArgumentException(
                    key + ": '" + text + "' is not an IP address (write 10.0.0.1, 10.0.0.1:7001, fd00::1 "
                            + "or [fd00::1]:7001; no host names: the heartbeat must not depend on DNS)");
        }
        try {
            InetAddress addr = InetAddress.getByName(host); // a literal: no lookup
            int port = portText == null ? defaultPort : port(key, portText);
            return new InetSocketAddress(addr, port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not an IP address", e);
        }
    }

    private static int port(String key, String text) {
        int p = integer(key, text);
        if (p < 1 || p > 65535) throw new IllegalArgumentException(key + ": port " + p + " not in 1..65535");
        return p;
    }

    private static int integer(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + text + "' is not a whole number");
        }
    }
}
