package io.hapc.daemon.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.daemon.config.DaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSetupTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);

    private HostSetup host(BootService boot) {
        return new HostSetup(
                new DaemonConfig.Args(
                        Optional.of(dir.resolve("etc/hapcd.conf")),
                        Map.of(
                                "node.name",
                                "n1",
                                "state.dir",
                                dir.resolve("state").toString())),
                "machine",
                boot,
                clock);
    }

    private HostSetup host() {
        return host(noSystemd());
    }

    private static BootService noSystemd() {
        return new BootService() {
            @Override
            public Optional<String> unavailableBecause() {
                return Optional.of("systemd does not run here");
            }

            @Override
            public Result run(boolean enable) {
                throw new AssertionError("not called without systemd");
            }
        };
    }

    private static AdminRequest.PushSetup push(List<String> settings) {
        return new AdminRequest.PushSetup("web", List.of("n1", "n2"), settings, SECRET, false);
    }

    @Test
    void aPushedSetupIsWrittenPrivatelyAndReadAsHapcdWill() throws Exception {
        HostSetup h = host();
        h.waiting();
        assertFalse(h.configured());
        AdminReply r = h.handle(push(List.of("zookeeper.connect=zk1:2181")));
        assertTrue(r.ok(), r.message());
        Path conf = dir.resolve("etc/hapcd.conf");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("etc/authkey"))));
        assertTrue(h.configured());
        DaemonConfig c = DaemonConfig.of(h.values(), "machine");
        assertEquals("web", c.clusterName());
        assertEquals(SECRET, c.secret());
        assertEquals(Optional.of("zk1:2181"), c.zookeeperConnect());
        assertTrue(h.handle(new AdminRequest.HostState()).message().contains("\"nodes\":[\"n1\",\"n2\"]"));
    }

    @Test
    void aBadPushIsRefusedWholeAndWritesNothing() throws Exception {
        HostSetup h = host();
        h.waiting();
        AdminReply bad = h.handle(push(List.of("session.timeout.ms=soon")));
        assertFalse(bad.ok());
        assertTrue(
                bad.message().contains("session.timeout.ms=soon")
                        && bad.message().contains("nothing written"),
                bad.message());
        AdminReply foreign = h.handle(push(List.of("state.dir=/tmp/elsewhere")));
        assertTrue(foreign.message().contains("is not one cluster setup pushes"), foreign.message());
        AdminReply notAmong =
                h.handle(new AdminRequest.PushSetup("web", List.of("n2", "n3"), List.of(), SECRET, false));
        assertTrue(
                notAmong.message().contains("this node calls itself n1, which is not among the cluster's nodes n2, n3"),
                notAmong.message());
        assertFalse(Files.exists(dir.resolve("etc/hapcd.conf")));
        assertFalse(Files.exists(dir.resolve("etc/authkey")));
    }

    @Test
    void aSecondSetupNeedsForceAndARunningHostRefusesBoth() throws Exception {
        HostSetup h = host();
        h.waiting();
        assertTrue(h.handle(push(List.of())).ok());
        AdminReply again = h.handle(new AdminRequest.PushSetup("other", List.of("n1"), List.of(), SECRET, false));
        assertTrue(again.message().contains("already belongs to cluster 'web'"), again.message());
        h.running();
        AdminReply running = h.handle(new AdminRequest.PushSetup("other", List.of("n1"), List.of(), SECRET, true));
        assertTrue(running.message().contains("n1 runs in cluster 'web'"), running.message());
        assertEquals("web", DaemonConfig.read(dir.resolve("etc/hapcd.conf")).get("cluster.name"));
    }

    @Test
    void startCompletesTheWaitOnlyOnceConfigured() throws Exception {
        HostSetup h = host();
        CompletableFuture<Void> asked = h.waiting();
        AdminReply early = h.handle(new AdminRequest.StartHost());
        assertFalse(early.ok());
        assertTrue(early.message().contains("run `hapc cluster setup NAME n1 …` first"), early.message());
        assertFalse(asked.isDone());
        h.handle(push(List.of()));
        assertTrue(h.handle(new AdminRequest.StartHost()).ok());
        assertTrue(asked.isDone());
        h.running();
        assertEquals(
                "n1: already running", h.handle(new AdminRequest.StartHost()).message());
    }

    @Test
    void destroyRemovesTheClusterButKeepsTheAdminServiceFilesAndOnlyWhileWaiting() throws Exception {
        HostSetup h = host();
        h.waiting();
        h.handle(push(List.of()));
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("cib.xml"), "<cib/>");
        Files.createDirectories(state.resolve("zookeeper/version-2"));
        Files.writeString(state.resolve("admin-passwords"), "x");
        h.running();
        assertTrue(h.handle(new AdminRequest.DestroyHost()).message().contains("stop it first"));
        assertTrue(Files.exists(state.resolve("cib.xml")));
        h.waiting();
        AdminReply r = h.handle(new AdminRequest.DestroyHost());
        assertTrue(r.ok(), r.message());
        assertFalse(Files.exists(dir.resolve("etc/hapcd.conf")) || Files.exists(dir.resolve("etc/authkey")));
        assertFalse(Files.exists(state.resolve("cib.xml")) || Files.exists(state.resolve("zookeeper")));
        assertTrue(Files.exists(state.resolve("admin-passwords")));
        assertFalse(h.configured());
    }

    @Test
    void bootSaysWhatItCannotDoWithoutSystemd() {
        AdminReply r = host().handle(new AdminRequest.BootStart(true));
        assertFalse(r.ok());
        assertEquals(5, r.exitCode());
        assertEquals("n1: not enabled: systemd does not run here", r.message());
    }

    @Test
    void aRunningNodeGivesItsSetupForANewNodeAndKeepsTheNodeListItIsTold() throws Exception {
        HostSetup h = host();
        h.waiting();
        h.handle(push(List.of("zookeeper.connect=zk1:2181")));
        h.running();
        AdminReply r = h.handle(new AdminRequest.GetSetup());
        AdminRequest.PushSetup given =
                io.hapc.admin.protocol.ProtocolJson.mapper().readValue(r.message(), AdminRequest.PushSetup.class);
        assertEquals(
                new AdminRequest.PushSetup(
                        "web", List.of("n1", "n2"), List.of("zookeeper.connect=zk1:2181"), SECRET, false),
                given);
        assertTrue(h.handle(new AdminRequest.SetClusterNodes(List.of("n1", "n2", "n3")))
                .ok());
        assertEquals(
                "n1,n2,n3", DaemonConfig.read(dir.resolve("etc/hapcd.conf")).get("cluster.nodes"));
        assertEquals("web", DaemonConfig.read(dir.resolve("etc/hapcd.conf")).get("cluster.name"), "the rest stays");
        assertFalse(h.handle(new AdminRequest.SetClusterNodes(List.of("n1", "bad name")))
                .ok());
    }
}
