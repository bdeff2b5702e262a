package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pcs walkthrough across hosts, end to end on 127.0.0.1 (network namespaces are not needed for
 * it: each node is its own hapcd with its own admin port): two hapcd started without a cluster, a
 * client that reaches them only through their admin services — `host auth`, `cluster setup` pushing
 * the configuration, `cluster start --all`, a resource, `cluster enable --all` (no systemd here:
 * said so), `cluster destroy --all` (asks for --force first).
 */
class ClusterAcrossHostsIT {
    private static final String PASSWORD = "correct-horse-battery";

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    /** The checkpoint numbers in `config checkpoint --output json`'s answer, oldest first. */
    private static java.util.List<Integer> checkpoints(LocalCluster.Result r) throws java.io.IOException {
        assertEquals(0, r.rc(), r.out() + r.err());
        java.util.List<Integer> out = new java.util.ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out())
                .forEach(n -> out.add(n.path("number").asInt()));
        return out;
    }

    /** The checkpoint numbers `node` keeps, asked over its socket (checkpoint-list). */
    private static java.util.List<Integer> kept(LocalCluster c, String node) {
        try {
            var r = new io.hapc.admin.protocol.DaemonClient(c.node(node).socket())
                    .call(new io.hapc.admin.protocol.AdminRequest.CheckpointList());
            return checkpoints(new LocalCluster.Result(r.ok() ? 0 : r.exitCode(), r.message(), ""));
        } catch (java.io.IOException e) {
            return java.util.List.of();
        }
    }

    private String target(String node) {
        return node + "=127.0.0.1:" + cluster.node(node).adminPort;
    }

    @Test
    void setupStartAndDestroyAcrossHostsThroughTheirAdminServices() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        cluster = LocalCluster.waitingForSetup(dir, 3);
        LocalCluster c = cluster;
        long began = System.nanoTime();
        java.util.function.Consumer<String> phase = what -> System.out.printf(
                "ClusterAcrossHostsIT: %-28s done at %5.1f s%n", what, (System.nanoTime() - began) / 1e9);
        for (String n : c.names()) {
            assertTrue(
                    io.hapc.cli.sandbox.LoopbackPorts.awaitListening(c.node(n).adminPort, Duration.ofSeconds(30)),
                    n + "'s admin service");
        }
        Map<String, String> remote = Map.of(
                "XDG_CONFIG_HOME",
                dir.resolve("client-config").toString(),
                "HAPC_SOCKET",
                dir.resolve("no-such.sock").toString(),
                "HAPC_SANDBOX_DIR",
                dir.resolve("no-sandbox").toString());
        // A waiting hapcd says what it waits for.
        LocalCluster.Result early = c.hapc("n1", "status");
        assertEquals(5, early.rc(), early.out() + early.err());
        assertTrue(
                early.err().contains("n1 runs no cluster yet: its hapcd waits for `hapc cluster setup"), early.err());
        for (String n : c.names()) c.ok(n, "host", "set-password", "--password", PASSWORD);
        LocalCluster.Result auth =
                c.hapcWith(remote, "n1", "host", "auth", target("n1"), target("n2"), target("n3"), "-p", PASSWORD);
        assertEquals(0, auth.rc(), auth.out() + auth.err());
        phase.accept("host auth");

        // Setup naming a node not authenticated to: refused before anything is pushed.
        LocalCluster.Result partial = c.hapcWith(
                remote,
                "n1",
                "cluster",
                "setup",
                "it",
                "n1",
                "n2",
                "n4",
                "--zookeeper",
                "127.0.0.1:" + c.zookeeperPort);
        assertEquals(3, partial.rc(), partial.out() + partial.err());
        assertTrue(partial.err().contains("not authenticated to n4: run `hapc host auth n4` first"), partial.err());
        assertFalse(Files.exists(c.node("n1").home.resolve("hapcd.conf")));

        LocalCluster.Result setup = c.hapcWith(
                remote, "n1", "cluster", "setup", "it", "n1", "n2", "--zookeeper", "127.0.0.1:" + c.zookeeperPort);
        assertEquals(0, setup.rc(), setup.out() + setup.err());
        assertTrue(
                setup.out()
                        .contains("n2: cluster 'it' configured in "
                                + c.node("n2").home.resolve("hapcd.conf")),
                setup.out());
        for (String n : java.util.List.of("n1", "n2")) {
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(c.node(n).home.resolve("authkey"))));
        }
        assertEquals(
                Files.readString(c.node("n1").home.resolve("authkey")),
                Files.readString(c.node("n2").home.resolve("authkey")));
        phase.accept("cluster setup");

        LocalCluster.Result start = c.hapcWith(remote, "n1", "--host", "n1", "cluster", "start", "--all");
        assertEquals(0, start.rc(), start.out() + start.err());
        assertTrue(
                start.out().contains("n1: started, an online member")
                        && start.out().contains("n2: started, an online member"),
                start.out());
        c.await("a DC", Duration.ofSeconds(30), () -> c.dc().isPresent());
        c.ok("n1", "property", "set", "stonith-enabled=false");
        LocalCluster.Result created =
                c.hapcWith(remote, "n1", "--host", "n2", "resource", "create", "Web", "ocf:heartbeat:Dummy");
        assertEquals(0, created.rc(), created.out() + created.err());
        c.await("Web running", Duration.ofSeconds(30), () -> c.runningOn("Web").size() == 1);
        phase.accept("start --all, Web running");

        // The CIB's history (pcs config checkpoint): each configuration version a checkpoint, the last one with Web.
        java.util.List<Integer> numbers = checkpoints(c.hapc("n2", "config", "checkpoint", "--output", "json"));
        int withWeb = numbers.get(numbers.size() - 1);
        int beforeWeb = numbers.get(numbers.size() - 2);
        LocalCluster.Result diff = c.hapc("n2", "config", "checkpoint", "diff", "" + beforeWeb, "live");
        assertEquals(0, diff.rc(), diff.out() + diff.err());
        assertTrue(
                diff.out()
                                .startsWith("Differences between checkpoint " + beforeWeb
                                        + " (-) and live configuration (+):")
                        && diff.out().lines().anyMatch(l -> l.startsWith("+") && l.contains("Web")),
                diff.out());
        // Restored through n2's admin service: one edit through the DC, audited there.
        LocalCluster.Result restore =
                c.hapcWith(remote, "n1", "--host", "n2", "config", "checkpoint", "restore", "" + beforeWeb);
        assertEquals(0, restore.rc(), restore.out() + restore.err());
        assertTrue(restore.out().startsWith("Restored checkpoint " + beforeWeb), restore.out());
        c.await(
                "Web stopped by the restore",
                Duration.ofSeconds(30),
                () -> c.runningOn("Web").isEmpty());
        String restoreAudit = Files.readAllLines(c.node("n2").home.resolve("log/audit.log")).stream()
                .filter(l -> l.contains("what=\"edit checkpoint-restore checkpoint=" + beforeWeb + "\""))
                .findFirst()
                .orElse("");
        assertTrue(
                restoreAudit.matches(".* accepted user=hacluster from=127\\.0\\.0\\.1:\\d+ token=[0-9a-f]{12} .*"),
                restoreAudit);
        // Nothing lost: the configuration before the restore is a checkpoint too (the restore made a newer one): back
        // to it.
        c.await(
                "the restore kept as a checkpoint",
                Duration.ofSeconds(10),
                () -> kept(c, "n2").stream().anyMatch(n -> n > withWeb));
        c.ok("n2", "config", "checkpoint", "restore", "" + withWeb);
        c.await(
                "Web running again",
                Duration.ofSeconds(30),
                () -> c.runningOn("Web").size() == 1);
        phase.accept("checkpoints");

        // The running cluster grows by n3 (pushed the cluster's configuration, started) and shrinks again.
        LocalCluster.Result add = c.hapcWith(remote, "n1", "--host", "n1", "cluster", "node", "add", "n3", "--start");
        assertEquals(0, add.rc(), add.out() + add.err());
        assertTrue(add.out().contains("n3: started, an online member"), add.out());
        phase.accept("node add n3");
        assertEquals(
                "n1,n2,n3",
                io.hapc.daemon.config.DaemonConfig.read(c.node("n2").home.resolve("hapcd.conf"))
                        .get("cluster.nodes"));
        LocalCluster.Result remove = c.hapcWith(remote, "n1", "--host", "n1", "cluster", "node", "remove", "n3");
        assertEquals(0, remove.rc(), remove.out() + remove.err());
        assertTrue(remove.out().contains("Node n3 removed from the CIB"), remove.out());
        assertEquals(1, c.runningOn("Web").size());
        assertFalse(c.runningOn("Web").contains("n3"));
        assertFalse(Files.exists(c.node("n3").home.resolve("hapcd.conf")));
        assertEquals(
                java.util.List.of("n1", "n2"),
                c.cib("n1").orElseThrow().nodes().stream()
                        .map(io.hapc.model.cib.Node::uname)
                        .toList());
        assertEquals(
                "n1,n2",
                io.hapc.daemon.config.DaemonConfig.read(c.node("n1").home.resolve("hapcd.conf"))
                        .get("cluster.nodes"));
        phase.accept("node remove n3");

        // Roles (enable-acl): alice, authenticated with her own password, may read and write Web only; never fence or
        // stop.
        c.ok("n1", "host", "set-password", "-u", "alice", "--password", PASSWORD);
        Map<String, String> alice = Map.of(
                "XDG_CONFIG_HOME",
                dir.resolve("alice-config").toString(),
                "HAPC_SOCKET",
                dir.resolve("no-such.sock").toString(),
                "HAPC_SANDBOX_DIR",
                dir.resolve("no-sandbox").toString());
        assertEquals(
                0,
                c.hapcWith(alice, "n1", "host", "auth", target("n1"), "-u", "alice", "-p", PASSWORD)
                        .rc());
        c.ok("n1", "acl", "role", "create", "operator", "read", "xpath", "/cib", "write", "id", "Web");
        c.ok("n1", "acl", "user", "create", "alice", "operator");
        LocalCluster.Result before =
                c.hapcWith(alice, "n1", "--host", "n1", "resource", "create", "Other", "ocf:heartbeat:Dummy");
        assertEquals(0, before.rc(), "ACLs are not enforced before enable-acl: " + before.err());
        c.ok("n1", "acl", "enable");
        LocalCluster.Result denied = c.hapcWith(alice, "n1", "--host", "n1", "resource", "delete", "Other");
        assertEquals(6, denied.rc(), denied.out() + denied.err());
        assertTrue(
                denied.err()
                        .contains(
                                "permission denied (enable-acl=true): alice (role operator) may not write 'Other' (in "
                                        + "/cib/configuration/resources): no write permission on it"),
                denied.err());
        java.util.List<String> audit = Files.readAllLines(c.node("n1").home.resolve("log/audit.log"));
        assertTrue(
                audit.get(audit.size() - 1)
                        .matches(".* refused user=alice from=127\\.0\\.0\\.1:\\d+ token=[0-9a-f]{12} "
                                + "what=\"edit resource-delete id=Other\" why=\"permission denied .*"),
                audit.get(audit.size() - 1));
        assertEquals(
                0,
                c.hapcWith(alice, "n1", "--host", "n1", "resource", "disable", "Web")
                        .rc(),
                "write id Web");
        assertEquals(
                0,
                c.hapcWith(alice, "n1", "--host", "n1", "resource", "enable", "Web")
                        .rc());
        // Checkpoints are reads (the restore reads checkpoint 1 first), a restore writes the whole configuration.
        LocalCluster.Result restoreDenied =
                c.hapcWith(alice, "n1", "--host", "n1", "config", "checkpoint", "restore", "1");
        assertEquals(6, restoreDenied.rc(), restoreDenied.out() + restoreDenied.err());
        assertTrue(
                restoreDenied
                        .err()
                        .contains("alice (role operator) may not write /cib/configuration: no write permission on it"),
                restoreDenied.err());
        LocalCluster.Result stopDenied = c.hapcWith(alice, "n1", "--host", "n1", "cluster", "stop", "--all");
        assertEquals(6, stopDenied.rc(), stopDenied.out() + stopDenied.err());
        assertTrue(
                stopDenied.err().contains("alice may not stop-nodes: that is for root and hacluster only"),
                stopDenied.err());
        c.ok("n1", "resource", "delete", "Other");
        phase.accept("roles");

        // Boot start: systemd's business; where it does not run, each node says so and nothing is claimed.
        LocalCluster.Result enable = c.hapcWith(remote, "n1", "cluster", "enable", "--all");
        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            assertEquals(5, enable.rc(), enable.out() + enable.err());
            assertTrue(
                    enable.err().contains("n1: not enabled: systemd does not run here")
                            && enable.err().contains("n2: not enabled: systemd does not run here"),
                    enable.err());
        }

        // Destroy asks for --force and does nothing without it.
        LocalCluster.Result ask = c.hapcWith(remote, "n1", "--host", "n1", "cluster", "destroy", "--all");
        assertEquals(3, ask.rc(), ask.out() + ask.err());
        assertTrue(ask.err().contains("run it again with --force"), ask.err());
        phase.accept("enable, destroy asked");
        assertEquals(1, c.runningOn("Web").size());
        LocalCluster.Result destroy =
                c.hapcWith(remote, "n1", "--host", "n1", "cluster", "destroy", "--all", "--force");
        assertEquals(0, destroy.rc(), destroy.out() + destroy.err());
        assertTrue(
                destroy.out().contains("n1: cluster configuration and state removed")
                        && destroy.out().contains("n2: cluster configuration and state removed"),
                destroy.out());
        assertTrue(c.runningOn("Web").isEmpty(), "Web was stopped before its cluster was destroyed");
        for (String n : java.util.List.of("n1", "n2")) {
            assertFalse(Files.exists(c.node(n).home.resolve("hapcd.conf"))
                    || Files.exists(c.node(n).home.resolve("authkey")));
            assertFalse(Files.exists(c.node(n).home.resolve("state/cib.xml")));
            assertTrue(Files.exists(c.node(n).home.resolve("state/admin-tls.p12")), "the admin identity stays");
            assertTrue(c.node(n).alive(), n + "'s hapcd waits for a new setup");
        }
        // ... and still answers its admin service with the same pinned certificate and token.
        LocalCluster.Result after = c.hapcWith(remote, "n1", "--host", "n2", "status");
        assertEquals(5, after.rc(), after.out() + after.err());
        assertTrue(after.err().contains("n2 runs no cluster yet"), after.err());
        phase.accept("destroy --all");
    }
}
