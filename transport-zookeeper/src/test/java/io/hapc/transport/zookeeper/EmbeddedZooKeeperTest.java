package io.hapc.transport.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.Leadership;
import io.hapc.transport.StoredCib;
import io.hapc.transport.zookeeper.TestCluster.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedZooKeeperTest {
    private static final Duration WAIT = TestCluster.WAIT;

    @TempDir
    Path dataDir;

    @Test
    void keepsTheClustersDataAcrossARestartOnTheSameDataDir() throws Exception {
        StoredCib written;
        Leadership firstDc;
        try (EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir));
                TestCluster cluster = new TestCluster(zookeeper.connectString(), "kept")) {
            Node a = cluster.start("a");
            firstDc = a.events()
                    .awaitLeadership(Optional::isPresent, WAIT, "a DC")
                    .orElseThrow();
            written = a.transport().writeCib("<cib kept=\"yes\"/>", new CibVersion(0, 3, 1), -1, firstDc.epoch());
        }

        try (EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir));
                TestCluster cluster = new TestCluster(zookeeper.connectString(), "kept")) {
            Node b = cluster.start("b");
            assertEquals(Optional.of(written), b.transport().readCib());
            Leadership nextDc = b.events()
                    .awaitLeadership(Optional::isPresent, WAIT, "a DC")
                    .orElseThrow();
            assertTrue(
                    nextDc.epoch() > firstDc.epoch(),
                    "the DC epoch keeps growing across the restart: " + firstDc + " then " + nextDc);
        }
    }

    @Test
    void anOpenRootAndHapcLeftByAnEarlierVersionAreLockedAtTheNextStart() throws Exception {
        // A stock server on the same data: / is world:cdrwa, and /hapc is made open to all.
        var storage = new org.apache.zookeeper.server.persistence.FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
        var stock = new org.apache.zookeeper.server.ZooKeeperServer(
                storage, 250, 500, 60_000, -1, new org.apache.zookeeper.server.ZKDatabase(storage), "");
        var connections =
                org.apache.zookeeper.server.ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", 0), 0);
        connections.startup(stock);
        try (TestCluster clients = new TestCluster("127.0.0.1:" + connections.getLocalPort(), "unused")) {
            clients.rawClient(Optional.empty())
                    .create(
                            ZnodePaths.ROOT,
                            new byte[0],
                            org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            org.apache.zookeeper.CreateMode.PERSISTENT);
        } finally {
            stock.shutdown();
            connections.shutdown();
            storage.close();
        }

        try (EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir));
                TestCluster clients = new TestCluster(zookeeper.connectString(), "unused")) {
            org.apache.zookeeper.ZooKeeper anonymous = clients.rawClient(Optional.empty());
            assertEquals(
                    ClusterAcl.SHARED_ROOT, anonymous.getACL(ZnodePaths.ROOT, new org.apache.zookeeper.data.Stat()));
            assertEquals(ClusterAcl.LOCKED_ZOOKEEPER_ROOT, anonymous.getACL("/", new org.apache.zookeeper.data.Stat()));
            assertThrows(
                    org.apache.zookeeper.KeeperException.NoAuthException.class,
                    () -> anonymous.setACL(ZnodePaths.ROOT, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE, -1));
        }
    }

    @Test
    void itsDataIsTheOwnersOnlyIncludingTheFilesZooKeeperCreates() throws Exception {
        // What an earlier version left: a data dir and a snapshot readable by all.
        Path files = java.nio.file.Files.createDirectories(dataDir.resolve("version-2"));
        java.nio.file.Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        java.nio.file.Files.setPosixFilePermissions(files, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir));
                TestCluster cluster = new TestCluster(zookeeper.connectString(), "private")) {
            Node a = cluster.start("a");
            Leadership dc = a.events()
                    .awaitLeadership(Optional::isPresent, WAIT, "a DC")
                    .orElseThrow();
            a.transport().writeCib("<cib password=\"secret\"/>", new CibVersion(0, 1, 0), -1, dc.epoch());
            // The transaction log ZooKeeper created while serving is private while it serves, not only after.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!allPrivate(dataDir) && System.nanoTime() < deadline) Thread.sleep(50);
            assertPrivate(dataDir);
        }
        assertPrivate(dataDir);
        try (var all = java.nio.file.Files.list(files)) {
            assertTrue(
                    all.anyMatch(p -> p.getFileName().toString().startsWith("log.")),
                    "ZooKeeper's transaction log was there to check");
        }
    }

    private static boolean allPrivate(Path root) throws IOException {
        try (var all = java.nio.file.Files.walk(root)) {
            return all.allMatch(p -> mode(p).equals(java.nio.file.Files.isDirectory(p) ? "rwx------" : "rw-------"));
        }
    }

    private static void assertPrivate(Path root) throws IOException {
        try (var all = java.nio.file.Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                assertEquals(java.nio.file.Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
            }
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            return "gone";
        }
    }

    @Test
    void aTakenPortFailsTheStartWithAnExceptionNotAnExit() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IOException failed = assertThrows(
                    IOException.class,
                    () -> EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(taken.getLocalPort(), dataDir)));
            assertTrue(causedBy(failed, BindException.class), failed.toString());
        }
        // Still here, so no System.exit; and the data dir is free for a server that can bind.
        try (EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir))) {
            assertTrue(zookeeper.port() > 0);
        }
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws Exception {
        InetAddress external = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst()
                .orElse(null);
        assumeTrue(external != null, "this host has no non-loopback IPv4 address");
        try (EmbeddedZooKeeper zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir))) {
            assertEquals("127.0.0.1:" + zookeeper.port(), zookeeper.connectString());
            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress("127.0.0.1", zookeeper.port()), 2_000);
            }
            try (Socket outside = new Socket()) {
                assertThrows(
                        ConnectException.class,
                        () -> outside.connect(new InetSocketAddress(external, zookeeper.port()), 2_000));
            }
        }
    }

    @Test
    void mainPrintsWhereItListensAndServesUntilSigterm() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedZooKeeper.class.getName(),
                        "--port",
                        "0",
                        "--data-dir",
                        dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line =
                    CompletableFuture.supplyAsync(() -> readLine(out)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Matcher listening = Pattern.compile("zookeeper listening on 127\\.0\\.0\\.1:(\\d+)")
                    .matcher(String.valueOf(line));
            assertTrue(listening.matches(), "first line: " + line);

            try (TestCluster cluster = new TestCluster("127.0.0.1:" + listening.group(1), "in-a-process")) {
                Node a = cluster.start("a");
                a.events().awaitLeadership(Optional::isPresent, WAIT, "a DC");
            }

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS), "stopped on SIGTERM");
            assertFalse(process.isAlive());
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void mainRefusesUnknownOptionsWithUsage() throws Exception {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedZooKeeper.class.getName(),
                        "--port",
                        "0")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(2, process.exitValue());
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
