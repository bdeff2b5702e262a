package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workshop on three isolated hosts over ZooKeeper (see {@link IsolatedSandboxTest}), and README's walkthrough on
 * hosts that wait for `cluster setup`. The two-node heartbeat transport's workshop is {@link IsolatedHeartbeatIT}.
 */
class IsolatedSandboxIT extends IsolatedSandboxTest {
    @Test
    void workshopOnThreeHostsNeverRunsTheServiceTwice() throws Exception {
        workshop("zookeeper", 3, 3000);
    }

    /**
     * README's walkthrough on hosts that behave like machines before `pcs host auth`: each hapcd waits for `cluster setup`;
     * from sandbox-1's namespace `host auth` and `cluster setup` of both hosts, `cluster start --all`, a resource created and
     * moved; then a wrong password, a changed certificate, a request without a token and a read-only role trying to write:
     * each refused with a clear error, and audited where it reached a node.
     */
    @Test
    void hostsWaitingForSetupAreAuthenticatedAndSetUpFromOneOfThem() throws Exception {
        assumeRootAnd(
                List.of(
                        "/usr/lib/ocf/resource.d/heartbeat/Dummy",
                        "/usr/bin/curl",
                        "/usr/sbin/ip",
                        "/usr/bin/unshare",
                        "/usr/bin/nsenter",
                        "/usr/bin/env"),
                "resource-agents, curl, iproute2, util-linux");
        sandbox = dir.resolve("sb");
        LocalCluster.Result start = hapc(
                "sandbox",
                "start",
                "--isolate",
                "--unconfigured",
                "--nodes",
                "2",
                "--dir",
                sandbox.toString(),
                "--session-timeout-ms",
                "3000");
        assertEquals(0, start.rc(), start.out() + start.err());
        assertTrue(start.out().contains("each hapcd waiting for `hapc cluster setup`"), start.out());
        JsonNode net = JSON.readTree(sandbox.resolve("isolation.json").toFile());
        String zookeeper = net.get("bridgeAddress").asText() + ":"
                + net.get("zookeeperPort").asInt();
        String clientNs = net.get("client").get("namespace").asText();
        LocalCluster.Result waiting = hapc("--node", "sandbox-1", "status");
        assertEquals(5, waiting.rc(), waiting.out() + waiting.err());
        assertTrue(waiting.err().contains("sandbox-1 runs no cluster yet"), waiting.err());

        // On each machine, locally: hacluster's password.
        for (String n : List.of("sandbox-1", "sandbox-2")) ok("--node", n, "host", "set-password", "-p", PASSWORD);
        // From sandbox-1, by the hosts' names on their LAN, as pcs's walkthrough does.
        LocalCluster.Result auth =
                onHost("sandbox-1", "admin", "host", "auth", "sandbox-1", "sandbox-2", "-p", PASSWORD);
        assertEquals(0, auth.rc(), auth.out() + auth.err());
        assertTrue(auth.out().contains("sandbox-2: Authorized"), auth.out());
        LocalCluster.Result setup = onHost(
                "sandbox-1", "admin", "cluster", "setup", "web", "sandbox-1", "sandbox-2", "--zookeeper", zookeeper);
        assertEquals(0, setup.rc(), setup.out() + setup.err());
        assertTrue(setup.out().contains("Cluster 'web' set up on sandbox-1, sandbox-2"), setup.out());
        LocalCluster.Result started = onHost("sandbox-1", "admin", "cluster", "start", "--all");
        assertEquals(0, started.rc(), started.out() + started.err());
        assertTrue(
                started.out().contains("sandbox-1: started, an online member")
                        && started.out().contains("sandbox-2: started, an online member"),
                started.out());
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-2", "property", "set", "stonith-enabled=false")
                        .rc());
        LocalCluster.Result created =
                onHost("sandbox-1", "admin", "--host", "sandbox-2", "resource", "create", "Web", "ocf:heartbeat:Dummy");
        assertEquals(0, created.rc(), created.out() + created.err());
        String[] on = new String[1];
        awaitTrue("Web running", 60, () -> runs("Web", null, on));
        String to = other(on[0]);
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-1", "resource", "move", "Web", to)
                        .rc());
        awaitTrue("Web moved to " + to, 60, () -> runs("Web", to, on));
        assertTrue(
                audit("sandbox-2").stream()
                        .anyMatch(l -> l.matches(".* accepted user=hacluster from=198\\.18\\.0\\.11:\\d+ "
                                + "token=[0-9a-f]{12} what=\"edit resource-create id=Web\"")),
                String.join("\n", audit("sandbox-2")));

        // A wrong password (from sandbox-2, another user's config): refused, audited by the node asked.
        LocalCluster.Result wrong =
                onHost("sandbox-2", "guess", "host", "auth", "sandbox-1", "-p", "guess-guess-guess");
        assertEquals(3, wrong.rc(), wrong.out() + wrong.err());
        assertTrue(wrong.err().contains("wrong user name or password"), wrong.err());
        List<String> one = audit("sandbox-1");
        assertTrue(
                one.get(one.size() - 1)
                        .matches(
                                ".* refused user=hacluster from=198\\.18\\.0\\.12:\\d+ what=auth why=\"wrong password\""),
                one.get(one.size() - 1));
        // A changed certificate: sandbox-1's service answering at sandbox-2's name; refused before the password is
        // sent.
        LocalCluster.Result changed =
                onHost("sandbox-1", "admin", "host", "auth", "sandbox-2=198.18.0.11", "-p", PASSWORD);
        assertEquals(3, changed.rc(), changed.out() + changed.err());
        assertTrue(
                changed.err().contains("the certificate of sandbox-2 (198.18.0.11:2224) has changed"), changed.err());
        assertEquals(one.size(), audit("sandbox-1").size(), "the password did not reach the service that answered");
        // Nothing without a token, from the client's namespace: refused and audited.
        List<String> code = LocalClusterShell.lines(
                "ip",
                "netns",
                "exec",
                clientNs,
                "curl",
                "-sk",
                "-m",
                "5",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-X",
                "POST",
                "-d",
                "{\"type\":\"get-cib\"}",
                "https://198.18.0.11:2224/remote/admin");
        assertEquals(List.of("401"), code);
        List<String> afterCurl = audit("sandbox-1");
        assertTrue(
                afterCurl.get(afterCurl.size() - 1).matches(".* refused user=- from=198\\.18\\.0\\.200:\\d+ what=.*"),
                afterCurl.get(afterCurl.size() - 1));
        // A read-only role (enable-acl): viewer reads, may not write; refused with exit 6, audited.
        ok("--node", "sandbox-1", "host", "set-password", "-u", "viewer", "-p", PASSWORD);
        assertEquals(
                0,
                onHost(
                                "sandbox-1",
                                "admin",
                                "--host",
                                "sandbox-1",
                                "acl",
                                "role",
                                "create",
                                "readonly",
                                "read",
                                "xpath",
                                "/cib")
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-1", "acl", "user", "create", "viewer", "readonly")
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-1", "admin", "--host", "sandbox-1", "acl", "enable")
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-2", "viewer", "host", "auth", "sandbox-1", "-u", "viewer", "-p", PASSWORD)
                        .rc());
        assertEquals(
                0,
                onHost("sandbox-2", "viewer", "--host", "sandbox-1", "status").rc());
        LocalCluster.Result denied = onHost(
                "sandbox-2", "viewer", "--host", "sandbox-1", "resource", "create", "Mine", "ocf:heartbeat:Dummy");
        assertEquals(6, denied.rc(), denied.out() + denied.err());
        assertTrue(
                denied.err()
                        .contains("permission denied (enable-acl=true): viewer (role readonly) may not write 'Mine'"),
                denied.err());
        List<String> last = audit("sandbox-1");
        assertTrue(
                last.get(last.size() - 1)
                        .matches(".* refused user=viewer from=198\\.18\\.0\\.12:\\d+ token=[0-9a-f]{12} "
                                + "what=\"edit resource-create id=Mine\" why=\"permission denied .*"),
                last.get(last.size() - 1));
    }

    private static final String PASSWORD = "correct-horse-battery";

    /**
     * `hapc ARGS` run on `host` (`sandbox exec`): in its network and mount namespace, as a user whose hapc configuration
     * (known hosts, tokens) is `config` under the sandbox's directory, with no sandbox to fall back on.
     */
    private LocalCluster.Result onHost(String host, String config, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "sandbox",
                "exec",
                host,
                "--",
                "env",
                "-u",
                "HAPC_SANDBOX_DIR",
                "XDG_CONFIG_HOME=" + sandbox.resolve("users").resolve(config),
                LocalCluster.ROOT.resolve("bin/hapc").toString()));
        cmd.addAll(List.of(args));
        return hapc(cmd.toArray(String[]::new));
    }

    private List<String> audit(String node) throws IOException {
        return Files.readAllLines(sandbox.resolve(node).resolve("log/audit.log"));
    }
}
