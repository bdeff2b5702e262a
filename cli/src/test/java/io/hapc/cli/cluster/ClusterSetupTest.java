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
        CliRun r = CliRun.of("cluster", "setup", "web", "n1", "n2", "n3", "--zookeeper", "zk1:2181,zk2:2181", "--config-dir",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("authkey"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hapcd.conf"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        DaemonConfig c = DaemonConfig.fromArgs(new String[] {"--config", dir.resolve("hapcd.conf").toString(), "node.name=n2"}, "h");
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
    void anExistingSetupIsKeptUnlessForced() {
        assertEquals(0, CliRun.of("cluster", "setup", "solo", "n1", "--config-dir", dir.toString()).code());
        CliRun again = CliRun.of("cluster", "setup", "other", "n1", "--config-dir", dir.toString());
        assertEquals(3, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertEquals(0, CliRun.of("cluster", "setup", "other", "n1", "--config-dir", dir.toString(), "--force").code());
    }

    @Test
    void thePackagedExampleWithEveryLineCommentedIsNotASetup() throws Exception {
        // The Debian package ships /etc/hapc/hapcd.conf with every key commented out (a conffile).
        Path example = Path.of(System.getProperty("hapc.root.dir", "..")).resolve("packaging/etc/hapcd.conf");
        Files.copy(example, dir.resolve("hapcd.conf"));
        CliRun r = CliRun.of("cluster", "setup", "solo", "n1", "--config-dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        DaemonConfig c = DaemonConfig.fromArgs(new String[] {"--config", dir.resolve("hapcd.conf").toString()}, "n1");
        assertEquals("solo", c.clusterName());
    }
}
