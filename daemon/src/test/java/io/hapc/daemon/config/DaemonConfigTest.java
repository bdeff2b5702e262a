package io.hapc.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFileThenAppliesOverridesWithDefaultsForTheRest() throws Exception {
        Path key = dir.resolve("authkey");
        Files.writeString(key, "s3cret\n");
        Path conf = dir.resolve("hapcd.conf");
        Files.writeString(conf, "cluster.name=web\ncluster.secret.file=" + key + "\nsession.timeout.ms=2000\n");
        DaemonConfig c = DaemonConfig.fromArgs(
                new String[] {"--config", conf.toString(), "node.name=n7", "state.dir=" + dir}, "host");
        assertEquals("n7", c.nodeName());
        assertEquals("web", c.clusterName());
        assertEquals("s3cret", c.secret());
        assertEquals(Duration.ofSeconds(2), c.sessionTimeout());
        assertEquals(Optional.empty(), c.zookeeperConnect(), "no ensemble: the embedded server");
        assertEquals(dir.resolve("zookeeper"), c.embeddedZookeeperDir());
        assertEquals(Path.of("/run/hapc/hapcd.sock"), c.socket());
    }

    @Test
    void theNodeNameDefaultsToTheHostName() throws Exception {
        DaemonConfig c = DaemonConfig.fromArgs(new String[] {"cluster.secret=x"}, "db1.example.org");
        assertEquals("db1.example.org", c.nodeName());
    }

    @Test
    void anUnknownKeyOrAMissingSecretIsRefusedByName() {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.fromArgs(new String[] {"cluster.secret=x", "sesion.timeout.ms=5"}, "h"));
        assertTrue(
                unknown.getMessage().contains("sesion.timeout.ms")
                        && unknown.getMessage().contains("session.timeout.ms"),
                unknown.getMessage());
        IllegalArgumentException secret = assertThrows(
                IllegalArgumentException.class, () -> DaemonConfig.fromArgs(new String[] {"node.name=a"}, "h"));
        assertTrue(secret.getMessage().contains("cluster.secret.file"), secret.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DaemonConfig.fromArgs(new String[] {"stray"}, "h"));
    }

    @Test
    void aBadNumberOrTransportNamesTheSettingAndWhatItTakes() {
        IllegalArgumentException time = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.of(java.util.Map.of("cluster.secret", "x", "session.timeout.ms", "soon"), "host"));
        assertEquals(
                "setting session.timeout.ms=soon: expected milliseconds, a whole number from 1 to 2147483647 (default 5000)",
                time.getMessage());
        IllegalArgumentException port = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.of(
                        java.util.Map.of("cluster.secret", "x", "zookeeper.embedded.port", "70000"), "host"));
        assertTrue(
                port.getMessage().startsWith("setting zookeeper.embedded.port=70000: expected a TCP port"),
                port.getMessage());
        IllegalArgumentException transport = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.of(java.util.Map.of("cluster.secret", "x", "transport", "corosync"), "host"));
        assertTrue(
                transport.getMessage().startsWith("setting transport=corosync: expected zookeeper"),
                transport.getMessage());
    }

    @Test
    void theTransportIsChosenByItsKeyZooKeeperByDefault() throws Exception {
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> DaemonConfig.of(java.util.Map.of("cluster.secret", "x", "transport", "zookeeper"), "host"));
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(
                () -> DaemonConfig.of(java.util.Map.of("cluster.secret", "x"), "host"));
    }

    @Test
    void metricsAreServedOnLoopbackByDefaultAndAPortOfZeroTurnsThemOff() throws Exception {
        DaemonConfig plain = DaemonConfig.of(java.util.Map.of("cluster.secret", "x"), "host");
        assertEquals(new DaemonConfig.MetricsEndpoint("127.0.0.1", 9664), plain.metrics());
        assertTrue(plain.metrics().enabled());
        DaemonConfig off = DaemonConfig.of(java.util.Map.of("cluster.secret", "x", "metrics.port", "0"), "host");
        assertEquals(false, off.metrics().enabled());
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class,
                () -> DaemonConfig.of(java.util.Map.of("cluster.secret", "x", "metrics.port", "http"), "host"));
        assertTrue(
                bad.getMessage().startsWith("setting metrics.port=http: expected a TCP port, or 0 for none"),
                bad.getMessage());
    }

    private static final String KEY = "0123456789abcdef0123456789abcdef";

    @Test
    void heartbeatTakesItsTwoNodesLinksAndTimings() throws Exception {
        DaemonConfig c = DaemonConfig.of(
                java.util.Map.of(
                        "cluster.secret",
                        KEY,
                        "transport",
                        "heartbeat",
                        "node.name",
                        "n1",
                        "heartbeat.node.n1",
                        "10.0.0.1, 192.168.7.1",
                        "heartbeat.node.n2",
                        "10.0.0.2, 192.168.7.2",
                        "heartbeat.interval",
                        "100ms",
                        "heartbeat.deadtime",
                        "500ms",
                        "heartbeat.port",
                        "7694"),
                "host");
        io.hapc.transport.heartbeat.HeartbeatSettings hb = c.heartbeat().orElseThrow();
        assertEquals(java.time.Duration.ofMillis(500), hb.timings().deadtime());
        assertEquals("n2", hb.peerOf("n1"));
        assertEquals(2, hb.linksFor("n1").size());
        assertEquals(
                new java.net.InetSocketAddress("192.168.7.2", 7694),
                hb.linksFor("n1").get(1).peer());
        assertEquals(
                java.util.Optional.empty(),
                DaemonConfig.of(java.util.Map.of("cluster.secret", "x"), "host").heartbeat());
    }

    @Test
    void badHeartbeatSettingsSayWhatIsWrong() {
        java.util.Map<String, String> good = java.util.Map.of(
                "cluster.secret",
                KEY,
                "transport",
                "heartbeat",
                "node.name",
                "n1",
                "heartbeat.node.n1",
                "10.0.0.1",
                "heartbeat.node.n2",
                "10.0.0.2");
        assertMessage("heartbeat.deadtime = 'soon' is not a duration", with(good, "heartbeat.deadtime", "soon"));
        assertMessage("the heartbeat transport is for two nodes", with(good, "heartbeat.node.n3", "10.0.0.3"));
        assertMessage("'ha-peer.example' is not an IP address", with(good, "heartbeat.node.n2", "ha-peer.example"));
        assertMessage("unknown setting 'heartbeat.deadline'", with(good, "heartbeat.deadline", "2s"));
        assertMessage("this node is 'n9'", with(good, "node.name", "n9"));
        assertMessage("authkey of 5 bytes is too short", with(good, "cluster.secret", "short"));
        java.util.Map<String, String> zk = new java.util.HashMap<>(good);
        zk.remove("transport");
        assertMessage("is for transport=heartbeat, but the transport is zookeeper", zk);
    }

    @Test
    void heartbeatRefusesAnAuthkeyOthersMayRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path key = dir.resolve("authkey");
        java.nio.file.Files.writeString(key, KEY + "\n");
        java.nio.file.Files.setPosixFilePermissions(
                key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        java.util.Map<String, String> values = java.util.Map.of(
                "cluster.secret.file",
                key.toString(),
                "transport",
                "heartbeat",
                "node.name",
                "n1",
                "heartbeat.node.n1",
                "10.0.0.1",
                "heartbeat.node.n2",
                "10.0.0.2");
        assertMessage("chmod 600 " + key, values);
        java.nio.file.Files.setPosixFilePermissions(
                key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(KEY, DaemonConfig.of(values, "host").secret());
    }

    private static java.util.Map<String, String> with(java.util.Map<String, String> base, String key, String value) {
        java.util.Map<String, String> m = new java.util.HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static void assertMessage(String part, java.util.Map<String, String> values) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DaemonConfig.of(values, "host"));
        assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
}
