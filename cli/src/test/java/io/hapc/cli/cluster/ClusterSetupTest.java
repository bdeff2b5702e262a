package io.hapc.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.cli.CliRun;
import io.hapc.daemon.config.DaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSetupTest {
    @TempDir
    Path dir;

    @Test
    void writesASettingsFileHapcdReadsAndAPrivateSecret() throws Exception {
        CliRun r = CliRun.of(
                "cluster",
                "setup",
                "web",
                "n1",
                "n2",
                "n3",
                "--zookeeper",
                "zk1:2181,zk2:2181",
                "--config-dir",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("authkey"))));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hapcd.conf"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        DaemonConfig c = DaemonConfig.fromArgs(
                new String[] {"--config", dir.resolve("hapcd.conf").toString(), "node.name=n2"}, "h");
        assertEquals("web", c.clusterName());
        assertEquals(Optional.of("zk1:2181,zk2:2181"), c.zookeeperConnect());
        assertEquals(Files.readString(dir.resolve("authkey")).trim(), c.secret());
    }

    @Test
    void severalMachinesWithoutAnEnsembleAreRefusedAndNothingIsWritten() {
        CliRun r = CliRun.of("cluster", "setup", "web", "n1", "n2", "--config-dir", dir.toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("--zookeeper"), r.err());
        assertFalse(Files.exists(dir.resolve("hapcd.conf")));
    }

    @Test
    void heartbeatForTwoNodesWritesTheirLinksAndHapcdReadsThem() throws Exception {
        CliRun r = CliRun.of(
                "cluster",
                "setup",
                "pair",
                "n1",
                "addr=10.0.0.1",
                "addr=fd00::1",
                "n2",
                "addr=10.0.0.2",
                "addr=fd00::2",
                "--transport",
                "heartbeat",
                "--config-dir",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("authkey"))));
        DaemonConfig c = DaemonConfig.fromArgs(
                new String[] {"--config", dir.resolve("hapcd.conf").toString(), "node.name=n2"}, "h");
        io.hapc.transport.heartbeat.HeartbeatSettings hb = c.heartbeat().orElseThrow();
        assertEquals("n1", hb.peerOf("n2"));
        assertEquals(
                java.util.List.of("ring0", "ring1"),
                hb.linksFor("n2").stream().map(l -> l.name()).toList());
        assertEquals(
                new java.net.InetSocketAddress("fd00::1", 694),
                hb.linksFor("n2").get(1).peer());
    }

    @Test
    void heartbeatIsForExactlyTwoNodesAndTakesOnlyAddresses() {
        CliRun three = CliRun.of(
                "cluster",
                "setup",
                "trio",
                "n1",
                "addr=10.0.0.1",
                "n2",
                "addr=10.0.0.2",
                "n3",
                "addr=10.0.0.3",
                "--transport",
                "heartbeat",
                "--config-dir",
                dir.toString());
        assertEquals(3, three.code());
        assertTrue(three.err().contains("exactly two nodes, not 3"), three.err());
        CliRun name = CliRun.of(
                "cluster",
                "setup",
                "pair",
                "n1",
                "addr=peer.example",
                "n2",
                "addr=10.0.0.2",
                "--transport",
                "heartbeat",
                "--config-dir",
                dir.toString());
        assertEquals(3, name.code());
        assertTrue(name.err().contains("'peer.example' is not an IP address"), name.err());
        CliRun zk = CliRun.of("cluster", "setup", "web", "n1", "addr=10.0.0.1", "--config-dir", dir.toString());
        assertEquals(3, zk.code());
        assertTrue(zk.err().contains("for --transport heartbeat"), zk.err());
        assertFalse(Files.exists(dir.resolve("hapcd.conf")));
    }

    @Test
    void cibSyncDropsThisNodesCopiesOnlyFromItsPeerAndOnlyWithHapcdStopped() throws Exception {
        assertEquals(
                0,
                CliRun.of(
                                "cluster",
                                "setup",
                                "pair",
                                "n1",
                                "addr=10.0.0.1",
                                "n2",
                                "addr=10.0.0.2",
                                "--transport",
                                "heartbeat",
                                "--config-dir",
                                dir.toString())
                        .code());
        Path state = dir.resolve("state");
        Path conf = dir.resolve("hapcd.conf");
        Files.writeString(
                conf,
                Files.readString(conf) + "node.name=n2\nstate.dir=" + state + "\nsocket=" + dir.resolve("hapcd.sock")
                        + "\n");
        Files.createDirectories(state);
        for (String f : java.util.List.of("heartbeat-cib.xml", "heartbeat-cib.properties", "cib.xml"))
            Files.writeString(state.resolve(f), "x");

        CliRun wrong = CliRun.of("cluster", "cib-sync", "--from", "n3", "--config", conf.toString());
        assertEquals(3, wrong.code());
        assertTrue(wrong.err().contains("its peer is n1"), wrong.err());
        assertTrue(Files.exists(state.resolve("cib.xml")), "nothing dropped on a refusal");

        CliRun ok = CliRun.of("cluster", "cib-sync", "--from", "n1", "--config", conf.toString());
        assertEquals(0, ok.code(), ok.err());
        for (String f : java.util.List.of("heartbeat-cib.xml", "heartbeat-cib.properties", "cib.xml")) {
            assertFalse(Files.exists(state.resolve(f)), f);
        }
    }

    @Test
    void anExistingSetupIsKeptUnlessForced() {
        assertEquals(
                0,
                CliRun.of("cluster", "setup", "solo", "n1", "--config-dir", dir.toString())
                        .code());
        CliRun again = CliRun.of("cluster", "setup", "other", "n1", "--config-dir", dir.toString());
        assertEquals(3, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(
                0,
                CliRun.of("cluster", "setup", "other", "n1", "--config-dir", dir.toString(), "--force")
                        .code());
    }

    @Test
    void thePackagedExampleWithEveryLineCommentedIsNotASetup() throws Exception {
        // The Debian package ships /etc/hapc/hapcd.conf with every key commented out (a conffile).
        Path example = Path.of(System.getProperty("hapc.root.dir", "..")).resolve("packaging/etc/hapcd.conf");
        Files.copy(example, dir.resolve("hapcd.conf"));
        CliRun r = CliRun.of("cluster", "setup", "solo", "n1", "--config-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        DaemonConfig c = DaemonConfig.fromArgs(
                new String[] {"--config", dir.resolve("hapcd.conf").toString()}, "n1");
        assertEquals("solo", c.clusterName());
    }
}
