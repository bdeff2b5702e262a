package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.hapc.transport.zookeeper.EmbeddedZooKeeper;
import io.hapc.transport.zookeeper.EmbeddedZooKeeperConfig;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hapcd as a real process against a real ZooKeeper. */
class HapcdProcessTest {
    @TempDir
    Path dir;

    @Test
    void aClusterPathPlantedByAnUnauthenticatedClientMakesHapcdExitWithItsOwnCodeAndTheFix() throws Exception {
        try (EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dir.resolve("zk")))) {
            try (ZooKeeper anonymous = connect(zookeeper.connectString())) {
                anonymous.create("/hapc/planted", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            Process hapcd = hapcd(zookeeper.connectString(), "planted");
            assertTrue(hapcd.waitFor(60, TimeUnit.SECONDS), "hapcd exits by itself");
            String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
            assertEquals(Hapcd.EXIT_CLUSTER_PATH_NOT_OURS, hapcd.exitValue(), stderr);
            assertTrue(stderr.contains("hapcd: refusing to join cluster planted: the ZooKeeper znode /hapc/planted already exists"), stderr);
            assertTrue(stderr.contains("deleteall /hapc/planted"), stderr);
        }
    }

    private Process hapcd(String connect, String cluster) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Hapcd.class.getName(),
                "node.name=a", "cluster.name=" + cluster, "cluster.secret=s3cret", "zookeeper.connect=" + connect,
                "state.dir=" + dir.resolve("state"), "log.dir=" + dir.resolve("log"), "rsctmp.dir=" + dir.resolve("rsctmp"),
                "socket=" + dir.resolve("hapcd.sock")));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
    }

    private static ZooKeeper connect(String connect) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 5_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
        });
        assertTrue(connected.await(10, TimeUnit.SECONDS));
        return zk;
    }
}
