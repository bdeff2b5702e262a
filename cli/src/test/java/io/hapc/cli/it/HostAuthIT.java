package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Administration across machines, end to end on 127.0.0.1: two real hapcd processes, each with
 * its admin service on its own loopback port, and the real `bin/hapc` as a client whose only way
 * to the cluster is the admin service (its HAPC_SOCKET points nowhere). Every refusal must say
 * why and leave a line in the node's audit log; the cluster must be unchanged by it.
 */
class HostAuthIT {
    private static final String PASSWORD = "correct-horse-battery";
    private static final long N2_TOKEN_LIFETIME_S = 4;

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    private Path audit(String node) {
        return cluster.node(node).home.resolve("log/audit.log");
    }

    private List<String> auditLines(String node) throws Exception {
        return Files.readAllLines(audit(node));
    }

    private String target(String node, String portOf) {
        return node + "=127.0.0.1:" + cluster.node(portOf).adminPort;
    }

    @Test
    void hostAuthThenRemoteAdminWithEveryRefusalExplainedAndAudited() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        cluster = new LocalCluster(
                dir, 2, 3000, List.of(), Map.of("n2", List.of("admin.token.lifetime.s=" + N2_TOKEN_LIFETIME_S)));
        LocalCluster c = cluster;
        for (String n : c.names()) {
            // hapcd starts its admin service beside joining the cluster, not before
            assertTrue(
                    io.hapc.cli.sandbox.LoopbackPorts.awaitListening(c.node(n).adminPort, Duration.ofSeconds(30)),
                    n + "'s admin service");
        }
        // The remote client: its own config directory, and no local daemon to fall back on.
        Map<String, String> remote = Map.of(
                "XDG_CONFIG_HOME",
                dir.resolve("client-config").toString(),
                "HAPC_SOCKET",
                dir.resolve("no-such.sock").toString());
        String me = System.getProperty("user.name");

        // On each node, locally: the password `host auth` checks; audited with the socket peer's user.
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "host", "set-password", "--password", PASSWORD);
        c.ok("n2", "host", "set-password", "--password", PASSWORD);
        String setLine = auditLines("n1").stream()
                .filter(l -> l.contains("set-password"))
                .findFirst()
                .orElseThrow();
        assertTrue(
                setLine.matches(".* accepted user=" + me + " from=local what=\"set-password user=hacluster\""),
                setLine);
        assertTrue(
                auditLines("n1").stream()
                        .anyMatch(l -> l.matches(".* accepted user=" + me
                                + " from=local what=\"edit property-set names=stonith-enabled\"")),
                String.join("\n", auditLines("n1")));
        assertFalse(Files.readString(audit("n1")).contains(PASSWORD));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(audit("n1"))));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(c.node("n1").home.resolve("state/admin-tls.p12"))));

        // A wrong password: no token, a clear error, a line in n1's audit log.
        LocalCluster.Result wrong =
                c.hapcWith(remote, "n1", "host", "auth", target("n1", "n1"), "-u", "hacluster", "-p", "guess-guess");
        assertEquals(3, wrong.rc(), wrong.out() + wrong.err());
        assertTrue(
                wrong.err().contains("n1: authentication of 'hacluster' on n1 refused: wrong user name or password"),
                wrong.err());
        assertTrue(
                auditLines("n1")
                        .get(auditLines("n1").size() - 1)
                        .matches(
                                ".* refused user=hacluster from=127\\.0\\.0\\.1:\\d+ what=auth why=\"wrong password\""),
                auditLines("n1").toString());

        // The right one, for both nodes: certificates pinned on first use, tokens kept 0600.
        LocalCluster.Result auth =
                c.hapcWith(remote, "n1", "host", "auth", target("n1", "n1"), target("n2", "n2"), "-p", PASSWORD);
        assertEquals(0, auth.rc(), auth.out() + auth.err());
        assertTrue(
                auth.out().contains("n1: certificate SHA-256 ")
                        && auth.out().contains("pinned (first use)")
                        && auth.out().contains("n2: Authorized (token valid until"),
                auth.out());
        long n2AuthAt = System.nanoTime();
        Path known = dir.resolve("client-config/hapc/known-hosts.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(known)));
        String listed = c.hapcWith(remote, "n1", "host", "list").out();
        assertTrue(
                listed.contains("n1 127.0.0.1:" + c.node("n1").adminPort) && listed.contains("n2 127.0.0.1:"), listed);

        // Through n1's admin service: a resource created there shows up in the cluster.
        LocalCluster.Result created =
                c.hapcWith(remote, "n1", "--host", "n1", "resource", "create", "Remote", "ocf:heartbeat:Dummy");
        assertEquals(0, created.rc(), created.out() + created.err());
        c.await(
                "Remote running",
                Duration.ofSeconds(40),
                () -> c.runningOn("Remote").size() == 1);
        assertTrue(
                auditLines("n1").stream()
                        .anyMatch(l -> l.matches(".* accepted user=hacluster from=127\\.0\\.0\\.1:\\d+ "
                                + "token=[0-9a-f]{12} what=\"edit resource-create id=Remote\"")),
                String.join("\n", auditLines("n1")));
        LocalCluster.Result status = c.hapcWith(remote, "n1", "--host", "n1", "status");
        assertEquals(0, status.rc(), status.err());
        assertTrue(status.out().contains("Remote"), status.out());

        // An expired token (n2 gives them a few seconds): refused, said so, audited.
        long waitMs = N2_TOKEN_LIFETIME_S * 1000 + 500 - (System.nanoTime() - n2AuthAt) / 1_000_000;
        if (waitMs > 0) Thread.sleep(waitMs);
        LocalCluster.Result expired =
                c.hapcWith(remote, "n1", "--host", "n2", "resource", "create", "Late", "ocf:heartbeat:Dummy");
        assertEquals(3, expired.rc(), expired.out() + expired.err());
        assertTrue(
                expired.err().contains("the token for n2 expired at")
                        && expired.err().contains("hapc host auth n2"),
                expired.err());
        assertTrue(
                auditLines("n2")
                        .get(auditLines("n2").size() - 1)
                        .matches(".* refused user=hacluster from=127\\.0\\.0\\.1:\\d+ "
                                + "token=[0-9a-f]{12} what=\"admin request\" why=\"token expired at .*\""),
                auditLines("n2").toString());

        // A forged token: refused, audited, nothing changed.
        String json = Files.readString(known);
        String token = json.replaceAll("(?s).*\"n1\"\\s*:\\s*\\{[^}]*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertTrue(token.startsWith("hapc1."), token);
        Files.writeString(known, json.replace(token, "hapc1.forgedforgedforgedforgedforgedforgedforg"));
        LocalCluster.Result forged =
                c.hapcWith(remote, "n1", "--host", "n1", "resource", "create", "Forged", "ocf:heartbeat:Dummy");
        assertEquals(3, forged.rc(), forged.out() + forged.err());
        assertTrue(forged.err().contains("n1 does not know this token"), forged.err());
        assertTrue(
                auditLines("n1")
                        .get(auditLines("n1").size() - 1)
                        .matches(".* refused user=- from=127\\.0\\.0\\.1:\\d+ "
                                + "what=\"admin request\" why=\"unknown token .*\""),
                auditLines("n1").toString());
        assertFalse(c.cib("n1").orElseThrow().toString().contains("Forged"), "a forged token changed the cluster");

        // A changed certificate: another service answers for n1 (n2's, at n1's name). Refused before
        // the password is sent; the message says how to re-pin.
        int n2Lines = auditLines("n2").size();
        LocalCluster.Result changed = c.hapcWith(remote, "n1", "host", "auth", target("n1", "n2"), "-p", PASSWORD);
        assertEquals(3, changed.rc(), changed.out() + changed.err());
        assertTrue(
                changed.err().contains("the certificate of n1 (127.0.0.1:" + c.node("n2").adminPort + ") has changed")
                        && changed.err().contains("`hapc host deauth n1` then `hapc host auth n1`"),
                changed.err());
        assertEquals(n2Lines, auditLines("n2").size(), "the password must not have reached the other service");
        // Re-pinning as told: deauth (its token here was the forged one: not revoked there, forgotten here), auth
        // again.
        LocalCluster.Result deauth = c.hapcWith(remote, "n1", "host", "deauth", "n1");
        assertEquals(0, deauth.rc(), deauth.err());
        assertTrue(
                deauth.out().contains("n1: not revoked there") && deauth.out().contains("forgotten here"),
                deauth.out());
        LocalCluster.Result again = c.hapcWith(remote, "n1", "host", "auth", target("n1", "n1"), "-p", PASSWORD);
        assertEquals(0, again.rc(), again.err());
        assertTrue(again.out().contains("pinned (first use)"), again.out());
        assertEquals(
                0,
                c.hapcWith(remote, "n1", "--host", "n1", "resource", "delete", "Remote")
                        .rc());
        c.await(
                "Remote gone",
                Duration.ofSeconds(40),
                () -> c.runningOn("Remote").isEmpty());

        // The whole cluster stopped from the remote client, as `pcs cluster stop --all`.
        LocalCluster.Result stop = c.hapcWith(remote, "n1", "--host", "n1", "cluster", "stop", "--all");
        assertEquals(0, stop.rc(), stop.out() + stop.err());
        assertTrue(stop.out().contains("Stopped: n1, n2"), stop.out());
        for (String n : c.names()) {
            assertTrue(c.node(n).process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), n + " still runs");
        }
        assertTrue(
                auditLines("n1").stream()
                        .anyMatch(l ->
                                l.contains(" accepted user=hacluster ") && l.contains("what=\"stop-nodes nodes=all\"")),
                String.join("\n", auditLines("n1")));
    }
}
