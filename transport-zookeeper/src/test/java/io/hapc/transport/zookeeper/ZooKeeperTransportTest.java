package io.hapc.transport.zookeeper;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.model.cib.CibVersion;
import io.hapc.transport.CibTooLargeException;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import io.hapc.transport.Message;
import io.hapc.transport.StaleWriteException;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import io.hapc.transport.zookeeper.TestCluster.Node;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is particular to the ZooKeeper transport: znodes, ACLs, fencing in the store, the error policy, limits. */
class ZooKeeperTransportTest {
    private static final Duration WAIT = TestCluster.WAIT;
    private static final AtomicInteger clusters = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static EmbeddedZooKeeper zookeeper;

    private TestCluster cluster;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir));
    }

    @AfterAll
    static void stopZooKeeper() {
        zookeeper.close();
    }

    @BeforeEach
    void newCluster() {
        cluster = new TestCluster(zookeeper.connectString(), "zk-" + clusters.incrementAndGet());
    }

    @AfterEach
    void closeCluster() throws Exception {
        cluster.close();
    }

    @Test
    void onlyClientsWithTheClusterSecretCanReadTheClustersZnodes() throws Exception {
        Node a = cluster.start("a");
        Leadership dc = awaitDc(a);
        a.transport().writeCib("<cib/>", new CibVersion(0, 1, 0), -1, dc.epoch());

        ZooKeeper anonymous = cluster.rawClient(Optional.empty());
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.getData(cluster.paths.cib(), false, null));
        assertThrows(
                KeeperException.NoAuthException.class, () -> anonymous.getChildren(cluster.paths.members(), false));
        assertThrows(
                KeeperException.NoAuthException.class, () -> anonymous.setData(cluster.paths.dc(), new byte[0], -1));
        ZooKeeper wrongSecret = cluster.rawClient(Optional.of("not-the-secret"));
        assertThrows(
                KeeperException.NoAuthException.class, () -> wrongSecret.getData(cluster.paths.cib(), false, null));

        ZooKeeper member = cluster.rawClient(Optional.of(TestCluster.SECRET));
        assertTrue(member.getData(cluster.paths.cib(), false, null).length > 0);
        ACL clusterOnly = new ACL(
                ZooDefs.Perms.ALL,
                new org.apache.zookeeper.data.Id(
                        "digest", DigestAuthenticationProvider.generateDigest("hapc:" + TestCluster.SECRET)));
        for (String path : List.of(
                cluster.paths.cluster(),
                cluster.paths.members(),
                cluster.paths.member("a"),
                cluster.paths.dcElection(),
                cluster.paths.dc(),
                cluster.paths.cib(),
                cluster.paths.inbox("a"))) {
            assertEquals(List.of(clusterOnly), member.getACL(path, new Stat()), path);
        }
        // The root shared by clusters is listable by anyone: it shows cluster names, nothing else.
        assertTrue(anonymous.getChildren(ZnodePaths.ROOT, false).contains(cluster.name));
    }

    @Test
    void aClusterPathPreCreatedByAnUnauthenticatedClientIsRefusedNotAdopted() throws Exception {
        ZooKeeper anonymous = cluster.rawClient(Optional.empty());
        // Anyone may create a cluster in /hapc; planting one before the real cluster first starts is the attack.
        anonymous.create(cluster.paths.cluster(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        ClusterPathNotOwnedException refused =
                assertThrows(ClusterPathNotOwnedException.class, () -> cluster.start("a"));
        assertEquals(cluster.paths.cluster(), refused.path());
        assertTrue(refused.getMessage().contains("world:anyone:cdrwa"), refused.getMessage());
        assertTrue(refused.getMessage().contains("deleteall " + cluster.paths.cluster()), refused.getMessage());
        assertEquals(
                List.of(),
                anonymous.getChildren(cluster.paths.cluster(), false),
                "nothing written under a path not ours");
    }

    @Test
    void aClusterPathWithOurAclButAPlantedChildIsRefused() throws Exception {
        ZooKeeper member = cluster.rawClient(Optional.of(TestCluster.SECRET));
        member.create(
                cluster.paths.cluster(),
                new byte[0],
                new ClusterAcl(TestCluster.SECRET).clusterOnly(),
                CreateMode.PERSISTENT);
        member.create(
                cluster.paths.dc(),
                new ZnodeCodec().encodeDc("intruder", 99),
                ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);

        ClusterPathNotOwnedException refused =
                assertThrows(ClusterPathNotOwnedException.class, () -> cluster.start("a"));
        assertEquals(cluster.paths.dc(), refused.path());
    }

    @Test
    void aClusterPathOfAnotherSecretIsRefusedNamingTheSecret() throws Exception {
        cluster.start("a");
        ClusterPathNotOwnedException refused = assertThrows(
                ClusterPathNotOwnedException.class,
                () -> cluster.start(
                        "b",
                        c -> new ZooKeeperTransportConfig(
                                c.connectString(),
                                c.clusterName(),
                                c.nodeName(),
                                "another-secret",
                                c.sessionTimeout(),
                                c.connectionTimeout(),
                                c.retryBaseSleep(),
                                c.retryMaxSleep(),
                                c.retryMaxAttempts(),
                                c.maxZnodeBytes())));
        assertTrue(refused.getMessage().contains("secret"), refused.getMessage());
    }

    @Test
    void onceStartedAnUnauthenticatedClientCanNotCreateOrDeleteUnderTheClusterPath() throws Exception {
        Node a = cluster.start("a");
        Leadership dc = awaitDc(a);
        a.transport().writeCib("<cib/>", new CibVersion(0, 1, 0), -1, dc.epoch());
        ZooKeeper anonymous = cluster.rawClient(Optional.empty());

        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.delete(cluster.paths.cib(), -1));
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.delete(cluster.paths.dc(), -1));
        assertThrows(
                KeeperException.NoAuthException.class,
                () -> anonymous.create(
                        cluster.paths.cluster() + "/planted",
                        new byte[0],
                        ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT));
        assertThrows(
                KeeperException.NoAuthException.class,
                () -> anonymous.create(
                        cluster.paths.member("fake"), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
        assertThrows(
                KeeperException.NoAuthException.class,
                () -> anonymous.setACL(cluster.paths.cluster(), ZooDefs.Ids.OPEN_ACL_UNSAFE, -1));
        // /hapc itself: clusters may be added, not removed; the embedded server's / is read-only.
        assertThrows(KeeperException.NoAuthException.class, () -> anonymous.delete(ZnodePaths.ROOT, -1));
        assertThrows(
                KeeperException.NoAuthException.class,
                () -> anonymous.setACL(ZnodePaths.ROOT, ZooDefs.Ids.OPEN_ACL_UNSAFE, -1));
        assertThrows(
                KeeperException.NoAuthException.class,
                () -> anonymous.create("/elsewhere", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertEquals(
                List.of(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE)), anonymous.getACL("/", new Stat()));
        assertEquals(
                List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE)),
                anonymous.getACL(ZnodePaths.ROOT, new Stat()));
        assertEquals(Optional.of(dc), a.transport().leadership());
    }

    @Test
    void theZnodesAreLaidOutAsDocumented() throws Exception {
        Node a = cluster.start("a");
        Leadership dc = awaitDc(a);
        Node b = cluster.start("b");
        b.events().awaitLeadership(Optional.of(dc)::equals, WAIT, "the DC");
        ZooKeeper zk = cluster.rawClient(Optional.of(TestCluster.SECRET));

        Stat members = new Stat();
        assertEquals(Set.of("a", "b"), Set.copyOf(zk.getChildren(cluster.paths.members(), false, members)));
        assertEquals(
                members.getCversion(), b.transport().membership().epoch(), "membership epoch is the members/ cversion");
        assertNotEquals(0, zk.exists(cluster.paths.member("a"), false).getEphemeralOwner(), "members/a is ephemeral");
        assertEquals(2, zk.getChildren(cluster.paths.dcElection(), false).size(), "one DC candidate per node");
        ObjectMapper json = new ObjectMapper();
        assertEquals(
                json.readTree("{\"dc\": \"a\", \"epoch\": " + dc.epoch() + "}"),
                json.readTree(zk.getData(cluster.paths.dc(), false, null)));
        assertTrue(zk.exists(cluster.paths.inbox("a"), false) != null
                && zk.exists(cluster.paths.inbox("b"), false) != null);

        StoredCib first = a.transport().writeCib("<cib epoch=\"1\"/>", new CibVersion(0, 1, 0), -1, dc.epoch());
        assertEquals(
                zk.exists(cluster.paths.cib(), false).getVersion(),
                first.revision(),
                "revision is the cib znode version");
        StoredCib second =
                a.transport().writeCib("<cib epoch=\"2\"/>", new CibVersion(0, 2, 0), first.revision(), dc.epoch());
        assertEquals(zk.exists(cluster.paths.cib(), false).getVersion(), second.revision());
    }

    @Test
    void aNodeDiscardsMessagesLeftInItsInboxByAnEarlierLife() throws Exception {
        Node a = cluster.start("a");
        ZooKeeper zk = cluster.rawClient(Optional.of(TestCluster.SECRET));
        List<ACL> acl = new ClusterAcl(TestCluster.SECRET).clusterOnly();
        zk.create(cluster.paths.inbox("b"), new byte[0], acl, CreateMode.PERSISTENT);
        byte[] leftOver = new ZnodeCodec().encodeMessage(new Message("a", "b", "request", "left over"));
        zk.create(cluster.paths.messagePrefix("b"), leftOver, acl, CreateMode.PERSISTENT_SEQUENTIAL);

        Node b = cluster.start("b");
        assertEquals(List.of(), zk.getChildren(cluster.paths.inbox("b"), false), "emptied before start() returned");
        Message fresh = new Message("a", "b", "request", "fresh");
        a.transport().send(fresh);
        assertEquals(fresh, b.events().nextMessage(WAIT));
        assertEquals(List.of(), b.events().pendingMessages());
    }

    @Test
    void aDcWhoseClaimWasOverwrittenInZooKeeperCanNotWriteAndClaimsAboveIt() throws Exception {
        Node a = cluster.start("a");
        Leadership first = awaitDc(a);
        StoredCib initial = a.transport().writeCib("<cib/>", new CibVersion(0, 1, 0), -1, first.epoch());

        // A stale rival's claim lands in the dc znode behind a's back.
        ZooKeeper zk = cluster.rawClient(Optional.of(TestCluster.SECRET));
        long rivalEpoch = first.epoch() + 10;
        zk.setData(cluster.paths.dc(), new ZnodeCodec().encodeDc("rival", rivalEpoch), -1);

        assertThrows(
                StaleWriteException.class,
                () -> a.transport()
                        .writeCib("<cib stale=\"1\"/>", new CibVersion(0, 2, 0), initial.revision(), first.epoch()));
        assertEquals(Optional.of(initial), a.transport().readCib());

        // a's latch still leads, so it claims again, above the rival.
        Leadership again = a.events()
                .awaitLeadership(
                        l -> l.filter(d -> d.dc().equals("a") && d.epoch() > rivalEpoch)
                                .isPresent(),
                        WAIT,
                        "a above the rival")
                .orElseThrow();
        StoredCib written = a.transport()
                .writeCib("<cib again=\"1\"/>", new CibVersion(0, 2, 0), initial.revision(), again.epoch());
        assertEquals(Optional.of(written), a.transport().readCib());
    }

    @Test
    void aDcWhoseConnectionIsResetKeepsItsEpoch() throws Exception {
        // Session policy: a reset connection suspends the DC, but the same DC comes back at the same
        // epoch, and the other node never sees the DC change.
        Duration longSession = Duration.ofSeconds(4);
        TcpProxy proxy = cluster.closeAfterNodes(TcpProxy.start(zookeeper.port()));
        Node a = cluster.start(
                "a",
                c -> c.withConnectString(proxy.connectString())
                        .withSessionTimeout(longSession)
                        .withConnectionTimeout(longSession));
        Leadership dc = awaitDc(a);
        Node b = cluster.start("b");
        b.events().awaitLeadership(Optional.of(dc)::equals, WAIT, "the DC");

        a.events().awaitState(ConnectionState.CONNECTED, WAIT);

        proxy.reset();
        assertEquals(ConnectionState.SUSPENDED, a.events().nextState(WAIT));
        a.events().awaitLeadership(Optional::isEmpty, WAIT, "no DC while suspended");
        assertEquals(ConnectionState.RECONNECTED, a.events().nextState(WAIT), "reconnected, never LOST");
        a.events().awaitLeadership(Optional.of(dc)::equals, WAIT, "the same DC at the same epoch");

        assertEquals(Optional.of(dc), b.transport().leadership());
        a.transport().writeCib("<cib/>", new CibVersion(0, 1, 0), -1, dc.epoch());
    }

    @Test
    void aCibTooBigForAZnodeIsRefusedWithoutCostingTheConnection() throws Exception {
        Node a = cluster.start("a");
        Leadership dc = awaitDc(a);
        byte[] noise = new byte[1_200_000];
        new SecureRandom().nextBytes(noise);
        String incompressible = "<cib noise=\"" + Base64.getEncoder().encodeToString(noise) + "\"/>";

        CibTooLargeException refused = assertThrows(
                CibTooLargeException.class,
                () -> a.transport().writeCib(incompressible, new CibVersion(0, 1, 0), -1, dc.epoch()));
        assertTrue(
                refused.getMessage().contains("over the 1000000 bytes one ZooKeeper znode may hold"),
                refused.getMessage());

        // Big but compressible, as CIBs are: stored compressed, read back whole.
        String large =
                "<cib>" + "<primitive id=\"r\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>".repeat(100_000)
                        + "</cib>";
        assertTrue(large.length() > 6_000_000);
        StoredCib written = a.transport().writeCib(large, new CibVersion(0, 1, 0), -1, dc.epoch());
        assertEquals(Optional.of(written), a.transport().readCib());
        assertFalse(a.events().pendingStates().contains(ConnectionState.SUSPENDED), "the link never dropped");
    }

    @Test
    void a32NodeCibWith10000ResourcesAndTheirHistoryFitsEveryZnodeUnderTheLimit() throws Exception {
        CibVersion v1 = new CibVersion(0, 10, 1);
        String xml = LargeCib.xml(32, 10_000, v1);
        int whole = new ZnodeCodec().encodeCib(xml, v1, "a", 1).length;
        assertTrue(
                whole > ZooKeeperTransportConfig.DEFAULT_MAX_ZNODE_BYTES,
                "in one znode it would not fit: " + whole + " bytes");

        Node a = cluster.start("a");
        Leadership dc = awaitDc(a);
        StoredCib written = writeOnceLinked(a, xml, v1, -1, dc.epoch());
        Node b = cluster.start("b");
        assertEquals(Optional.of(written), readOnceLinked(b), "read back whole by another node");

        ZooKeeper zk = cluster.rawClient(Optional.of(TestCluster.SECRET));
        List<String> parts = zk.getChildren(cluster.paths.cibStatus(), false);
        assertEquals(32, parts.size(), "one status znode per node");
        int largest = zk.exists(cluster.paths.cib(), false).getDataLength();
        for (String part : parts) {
            largest = Math.max(
                    largest, zk.exists(cluster.paths.cibStatus(part), false).getDataLength());
        }
        System.out.printf(
                "32 nodes x 10,000 resources: XML %,d chars, %,d bytes in one znode, largest of %d znodes %,d bytes%n",
                xml.length(), whole, parts.size() + 1, largest);
        assertTrue(largest <= ZooKeeperTransportConfig.DEFAULT_MAX_ZNODE_BYTES, "largest znode " + largest + " bytes");

        // One node's status changes: one new status znode replaces its old one, the 31 others are kept.
        String changed = xml.replace("uname=\"node-7\" in_ccm=\"true\"", "uname=\"node-7\" in_ccm=\"false\"");
        assertTrue(!changed.equals(xml));
        StoredCib next = writeOnceLinked(a, changed, new CibVersion(0, 10, 2), written.revision(), dc.epoch());
        List<String> after = zk.getChildren(cluster.paths.cibStatus(), false);
        assertEquals(32, after.size());
        assertEquals(
                31, after.stream().filter(parts::contains).count(), "only node-7's part was written again: " + after);
        b.events().awaitCib(c -> c.revision() == next.revision(), WAIT, "the change");
        assertEquals(Optional.of(next), readOnceLinked(b));
    }

    /** Reads as a node does after megabytes went by: its link may be in doubt for a moment, and then the read says so. */
    private static Optional<StoredCib> readOnceLinked(Node n) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return n.transport().readCib();
            } catch (io.hapc.transport.TransportException e) {
                if (!e.getMessage().contains("not connected") || System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    /**
     * Writes as the DC does: moving megabytes can hold the client's pings back long enough for the link to be
     * in doubt for a moment (seen in CI-sized machines), and a write refused then says to retry once reconnected.
     */
    private static StoredCib writeOnceLinked(Node n, String xml, CibVersion v, long revision, long epoch)
            throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return n.transport().writeCib(xml, v, revision, epoch);
            } catch (io.hapc.transport.StaleWriteException e) {
                throw e;
            } catch (io.hapc.transport.TransportException e) {
                if (!e.getMessage().contains("in doubt") || System.nanoTime() > deadline) throw e;
                Thread.sleep(200);
            }
        }
    }

    @Test
    void aCibTooLargeIsRefusedBeforeAnythingIsWrittenNamingWhatAndTheLimit() throws Exception {
        Node a = cluster.start("a");
        Leadership dc = awaitDc(a);
        StoredCib stored = a.transport()
                .writeCib(
                        "<cib><configuration/><status><node_state uname=\"a\"/></status></cib>",
                        new CibVersion(0, 1, 0),
                        -1,
                        dc.epoch());
        byte[] noise = new byte[1_200_000];
        new SecureRandom().nextBytes(noise);
        String random = Base64.getEncoder().encodeToString(noise);

        CibTooLargeException status = assertThrows(
                CibTooLargeException.class,
                () -> a.transport()
                        .writeCib(
                                "<cib><configuration/><status><node_state uname=\"a\" junk=\"" + random
                                        + "\"/></status></cib>",
                                new CibVersion(0, 2, 0),
                                stored.revision(),
                                dc.epoch()));
        assertTrue(status.getMessage().startsWith("the status of node a would be "), status.getMessage());
        CibTooLargeException configuration = assertThrows(
                CibTooLargeException.class,
                () -> a.transport()
                        .writeCib(
                                "<cib><configuration junk=\"" + random
                                        + "\"/><status><node_state uname=\"a\"/></status></cib>",
                                new CibVersion(0, 2, 0),
                                stored.revision(),
                                dc.epoch()));
        assertTrue(configuration.getMessage().startsWith("the CIB's configuration"), configuration.getMessage());
        assertEquals(ZooKeeperTransportConfig.DEFAULT_MAX_ZNODE_BYTES, configuration.limit());
        assertTrue(configuration.size() > configuration.limit());

        assertEquals(Optional.of(stored), a.transport().readCib(), "nothing written");
        ZooKeeper zk = cluster.rawClient(Optional.of(TestCluster.SECRET));
        assertEquals(1, zk.getChildren(cluster.paths.cibStatus(), false).size(), "no status znode left behind");
        StoredCib after = a.transport()
                .writeCib(
                        "<cib><configuration/><status><node_state uname=\"a\" x=\"1\"/></status></cib>",
                        new CibVersion(0, 2, 0),
                        stored.revision(),
                        dc.epoch());
        assertEquals(stored.revision() + 1, after.revision(), "the DC goes on writing");
    }

    @Test
    void largeMessagesTravelCompressedAndOneTooLargeIsKnownBeforeItIsSent() throws Exception {
        Node a = cluster.start("a");
        Node b = cluster.start("b");
        Message big = new Message(
                "a",
                "b",
                "reply",
                "<cib>" + "<primitive id=\"r\" class=\"ocf\" type=\"Dummy\"/>".repeat(50_000) + "</cib>");
        assertTrue(big.payload().length() > 2_000_000);
        assertTrue(a.transport().canCarry(big));
        a.transport().send(big);
        assertEquals(big, b.events().nextMessage(WAIT));

        byte[] noise = new byte[1_100_000];
        new SecureRandom().nextBytes(noise);
        assertFalse(a.transport()
                .canCarry(new Message("a", "b", "reply", Base64.getEncoder().encodeToString(noise))));
        assertTrue(a.transport().canCarry(new Message("a", "b", "reply", "small")));
    }

    @Test
    void aNodeCutOffClosesPromptlyAndTheOthersSeeItLeaveWhenItsSessionExpires() throws Exception {
        TcpProxy proxy = cluster.closeAfterNodes(TcpProxy.start(zookeeper.port()));
        Node a = cluster.start("a");
        Node b = cluster.start("b", c -> c.withConnectString(proxy.connectString()));
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a", "b")), WAIT, "a and b");

        proxy.cut();
        b.events().awaitState(ConnectionState.SUSPENDED, WAIT);
        long started = System.nanoTime();
        b.transport().close();
        Duration closing = Duration.ofNanos(System.nanoTime() - started);
        // Bounded by ZooKeeper's one connection attempt in progress (a session timeout with one server,
        // plus up to 1 s of backoff), not by retried deletes (4 attempts of a connection timeout each).
        assertTrue(
                closing.compareTo(TestCluster.SESSION_TIMEOUT.multipliedBy(2).plusSeconds(1)) < 0,
                "closed in " + closing);
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a")), WAIT, "b gone");
    }

    @Test
    void theServerGrantsTheSessionTimeoutAsked() throws Exception {
        Node twoSeconds = cluster.start("a", c -> c.withSessionTimeout(Duration.ofSeconds(2)));
        Node oneSecond = cluster.start(
                "b", c -> c.withSessionTimeout(Duration.ofSeconds(1)).withConnectionTimeout(Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(2), twoSeconds.transport().negotiatedSessionTimeout());
        assertEquals(Duration.ofSeconds(1), oneSecond.transport().negotiatedSessionTimeout());
    }

    @Test
    void startFailsWhenZooKeeperCanNotBeReached() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        ZooKeeperTransport transport =
                new ZooKeeperTransport(ZooKeeperTransportConfig.of("127.0.0.1:" + closedPort, "nowhere", "a", "s")
                        .withSessionTimeout(Duration.ofSeconds(1))
                        .withConnectionTimeout(Duration.ofMillis(500)));
        TransportException failed = assertThrows(
                TransportException.class, () -> transport.start(new io.hapc.transport.RecordingListener("a")));
        assertTrue(failed.getMessage().contains("could not reach ZooKeeper"), failed.getMessage());
        assertThrows(IllegalStateException.class, transport::readCib, "a failed start leaves the transport closed");
        transport.close();
    }

    @Test
    void theCibZnodeHoldsAHeaderLineAndTheXmlCompressed() {
        ZnodeCodec codec = new ZnodeCodec();
        String xml = "<cib>\n  <configuration/>\n  <!-- ünïcødé -->\n</cib>";
        byte[] stored = codec.encodeCib(xml, new CibVersion(1, 2, 3), "a", 7);
        assertEquals(new StoredCib(xml, new CibVersion(1, 2, 3), 5, "a", 7), codec.decodeCib(stored, 5));
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, new byte[] {stored[0], stored[1]}, "gzip");

        String byHand =
                "{\"format\":1,\"adminEpoch\":0,\"epoch\":4,\"numUpdates\":0,\"writtenBy\":\"admin\",\"dcEpoch\":0}\n<cib/>";
        assertEquals(
                new StoredCib("<cib/>", new CibVersion(0, 4, 0), 0, "admin", 0),
                codec.decodeCib(byHand.getBytes(UTF_8), 0));
    }

    private static Leadership awaitDc(Node node) {
        return node.events().awaitLeadership(Optional::isPresent, WAIT, "a DC").orElseThrow();
    }
}
