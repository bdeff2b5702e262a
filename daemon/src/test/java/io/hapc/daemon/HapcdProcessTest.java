package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.zookeeper.EmbeddedZooKeeper;
import io.hapc.transport.zookeeper.EmbeddedZooKeeperConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
            assertTrue(
                    stderr.contains(
                            "hapcd: refusing to join cluster planted: the ZooKeeper znode /hapc/planted already exists"),
                    stderr);
            assertTrue(stderr.contains("deleteall /hapc/planted"), stderr);
        }
    }

    @Test
    void aHapcdThatCannotReachZooKeeperAtItsStartExitsInsteadOfLingeringWithoutACluster() throws Exception {
        // Seen in the fault campaign: a host booted while ZooKeeper was restarting kept a hapcd whose socket
        // answered "link LOST" for ever (its admin and worker threads kept the JVM up); systemd restarts one that
        // exits.
        int nobody;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            nobody = free.getLocalPort();
        }
        Process hapcd = hapcd("127.0.0.1:" + nobody, "unreachable", "connection.timeout.ms=2000");
        try {
            assertTrue(hapcd.waitFor(60, TimeUnit.SECONDS), "hapcd exits by itself");
            String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
            assertEquals(1, hapcd.exitValue(), stderr);
            assertTrue(stderr.contains("hapcd: "), stderr);
        } finally {
            hapcd.destroyForcibly();
        }
    }

    @Test
    void theCibCopyZooKeepersDataAndTheLogsAreTheOwnersOnly() throws Exception {
        // An earlier version's files, readable by all, are made private too.
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("log/actions.log"), "");
        Files.setPosixFilePermissions(dir.resolve("log/actions.log"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir.resolve("log"), PosixFilePermissions.fromString("rwxr-xr-x"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        Process hapcd = hapcd(null, "private", "zookeeper.embedded.port=" + port);
        try {
            Path cib = dir.resolve("state/cib.xml");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(cib) && hapcd.isAlive() && System.nanoTime() < deadline) Thread.sleep(200);
            assertTrue(Files.exists(cib), "hapcd wrote its CIB copy: " + Files.readString(dir.resolve("stderr")));
            List<Path> zookeeperFiles = new ArrayList<>();
            for (Path top : List.of(dir.resolve("state"), dir.resolve("log"))) {
                try (Stream<Path> all = Files.walk(top)) {
                    for (Path p : (Iterable<Path>) all::iterator) {
                        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                        assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
                        if (p.startsWith(dir.resolve("state/zookeeper")) && Files.isRegularFile(p))
                            zookeeperFiles.add(p);
                    }
                }
            }
            assertTrue(
                    zookeeperFiles.stream()
                            .anyMatch(p -> p.getFileName().toString().startsWith("log.")),
                    "ZooKeeper's own transaction log was checked: " + zookeeperFiles);
            assertTrue(Files.exists(dir.resolve("log/agents.log")));
        } finally {
            hapcd.destroy();
            if (!hapcd.waitFor(60, TimeUnit.SECONDS)) hapcd.destroyForcibly();
        }
    }

    private Process hapcd(String connect, String cluster, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Hapcd.class.getName(),
                "node.name=a",
                "cluster.name=" + cluster,
                "cluster.secret=s3cret",
                "state.dir=" + dir.resolve("state"),
                "log.dir=" + dir.resolve("log"),
                "rsctmp.dir=" + dir.resolve("rsctmp"),
                "socket=" + dir.resolve("hapcd.sock"),
                "admin.bind=127.0.0.1",
                "admin.port=" + freePort()));
        if (connect != null) command.add("zookeeper.connect=" + connect);
        command.addAll(List.of(more));
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile())
                .start();
    }

    /** The admin service on a free loopback port: never 2224 on every address from a test. */
    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
