package io.hapc.transport.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatSettingsTest {
    private static Map<String, String> conf(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("cluster.name", "alpha"); // the rest of hapcd.conf is not ours to judge
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void theSameFileGivesEachNodeItsLinksMirroredAndTheTimings() {
        HeartbeatSettings s = HeartbeatSettings.parse(conf(
                "heartbeat.node.n1",
                "10.0.0.1, fd00::1",
                "heartbeat.node.n2",
                "10.0.0.2,[fd00::2]:7002",
                "heartbeat.keepalive",
                "100ms",
                "heartbeat.deadtime",
                "500ms"));
        assertEquals("n2", s.peerOf("n1"));
        assertEquals(
                List.of(
                        new LinkConfig(
                                "ring0",
                                new InetSocketAddress("10.0.0.1", 694),
                                new InetSocketAddress("10.0.0.2", 694)),
                        new LinkConfig(
                                "ring1",
                                new InetSocketAddress("fd00::1", 694),
                                new InetSocketAddress("fd00::2", 7002))),
                s.linksFor("n1"));
        assertEquals(
                List.of(
                        new LinkConfig(
                                "ring0",
                                new InetSocketAddress("10.0.0.2", 694),
                                new InetSocketAddress("10.0.0.1", 694)),
                        new LinkConfig(
                                "ring1",
                                new InetSocketAddress("fd00::2", 7002),
                                new InetSocketAddress("fd00::1", 694))),
                s.linksFor("n2"));
        assertEquals(Duration.ofMillis(100), s.timings().keepalive());
        assertEquals(Duration.ofMillis(500), s.timings().deadtime());
        HeartbeatSettings defaults = HeartbeatSettings.parse(
                conf("heartbeat.node.a", "127.0.0.1:7001", "heartbeat.node.b", "127.0.0.2", "heartbeat.port", "7000"));
        assertEquals(HeartbeatTimings.DEFAULTS, defaults.timings());
        assertEquals(7000, defaults.linksFor("a").get(0).peer().getPort());
        assertEquals(7001, defaults.linksFor("a").get(0).local().getPort());
    }

    @Test
    void badSettingsAreRefusedSayingWhatAndHowToFix() {
        assertRefused(
                "is for two nodes; heartbeat.node.* names 3",
                conf("heartbeat.node.a", "10.0.0.1", "heartbeat.node.b", "10.0.0.2", "heartbeat.node.c", "10.0.0.3"));
        assertRefused("names 0", conf());
        assertRefused(
                "each link needs an address on both nodes",
                conf("heartbeat.node.a", "10.0.0.1,10.1.0.1", "heartbeat.node.b", "10.0.0.2"));
        assertRefused(
                "one is IPv4, the other IPv6", conf("heartbeat.node.a", "10.0.0.1", "heartbeat.node.b", "fd00::2"));
        assertRefused("no host names", conf("heartbeat.node.a", "alpha.example", "heartbeat.node.b", "10.0.0.2"));
        assertRefused(
                "port 70000 not in 1..65535",
                conf("heartbeat.node.a", "10.0.0.1:70000", "heartbeat.node.b", "10.0.0.2"));
        assertRefused("unknown setting 'heartbeat.ucast'", conf("heartbeat.ucast", "eth0 10.0.0.2"));
        assertRefused(
                "deadtime",
                conf("heartbeat.node.a", "10.0.0.1", "heartbeat.node.b", "10.0.0.2", "heartbeat.deadtime", "100ms"));
        assertRefused(
                "max_packet_bytes = 100",
                conf(
                        "heartbeat.node.a",
                        "10.0.0.1",
                        "heartbeat.node.b",
                        "10.0.0.2",
                        "heartbeat.max_packet_bytes",
                        "100"));
        HeartbeatSettings s =
                HeartbeatSettings.parse(conf("heartbeat.node.a", "10.0.0.1", "heartbeat.node.b", "10.0.0.2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.linksFor("c"));
        assertTrue(
                e.getMessage().contains("this node is 'c', but heartbeat.node.* names only a and b"), e.getMessage());
    }

    private static void assertRefused(String expected, Map<String, String> settings) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HeartbeatSettings.parse(settings));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
