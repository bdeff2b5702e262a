package io.hapc.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPaddr2 and apache for real, inside a network namespace this test creates (198.18.77.0/24,
 * the benchmarking range, reachable only inside the namespace) and deletes afterwards.
 */
class NetworkAgentsTest {
    private static final String NS = "hapct" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private static String sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    @BeforeAll
    static void namespace() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false), "needs root for ip netns");
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2")), "needs resource-agents");
        try {
            sh("ip", "netns", "add", NS);
        } catch (IOException e) {
            assumeTrue(false, "ip netns unusable here: " + e.getMessage());
        }
        sh("ip", "-n", NS, "link", "set", "lo", "up");
        sh("ip", "-n", NS, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        sh("ip", "-n", NS, "link", "set", "veth0", "up");
        sh("ip", "-n", NS, "link", "set", "veth1", "up");
        sh("ip", "-n", NS, "addr", "add", "198.18.77.1/24", "dev", "veth0");
    }

    @AfterAll
    static void removeNamespace() throws Exception {
        try {
            sh("ip", "netns", "del", NS);
        } catch (IOException ignored) {
            // it was never made
        }
    }

    private ResourceAgentExecutor inNamespace() {
        return new ResourceAgentExecutor(
                AgentPaths.system(), NodeIsolation.under("n1", dir).inNamespace(NS));
    }

    @Test
    void ipaddr2AddsAndRemovesTheAddress() throws Exception {
        ResourceAgentExecutor ex = inNamespace();
        AgentId ip = AgentId.parse("ocf:heartbeat:IPaddr2");
        Map<String, String> params = Map.of("ip", "198.18.77.100", "cidr_netmask", "24", "nic", "veth0");
        ActionRequest start = new ActionRequest("vip", ip, "start", params, Map.of(), 0, Duration.ofSeconds(20));
        ActionResult started = ex.execute(start);
        assertEquals(0, started.rc(), started.stderr());
        assertTrue(sh("ip", "-n", NS, "addr", "show", "veth0").contains("198.18.77.100/24"));
        assertEquals(
                0,
                ex.execute(new ActionRequest("vip", ip, "monitor", params, Map.of(), 10000, Duration.ofSeconds(20)))
                        .rc());
        assertEquals(
                0,
                ex.execute(new ActionRequest("vip", ip, "stop", params, Map.of(), 0, Duration.ofSeconds(20)))
                        .rc());
        assertFalse(sh("ip", "-n", NS, "addr", "show", "veth0").contains("198.18.77.100"));
        assertEquals(
                7,
                ex.execute(new ActionRequest("vip", ip, "monitor", params, Map.of(), 0, Duration.ofSeconds(20)))
                        .rc());
        // Outside the namespace nothing changed.
        assertFalse(sh("ip", "addr").contains("198.18.77.100"));
    }

    @Test
    void ipaddr2WithABadAddressIsNotConfigured() {
        ActionResult r = inNamespace()
                .execute(ActionRequest.of(
                        "vip",
                        AgentId.parse("ocf:heartbeat:IPaddr2"),
                        "start",
                        Map.of("ip", "198.18.77.100", "cidr_netmask", "33", "nic", "veth0")));
        assertEquals(OcfResult.ERR_CONFIGURED, r.result());
        assertTrue(r.exitReason().isPresent(), r.stderr());
    }

    @Test
    void apacheAnswersOnItsOwnConfig() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/apache"))
                        && Files.exists(Path.of("/etc/apache2/apache2.conf")),
                "needs apache2 and resource-agents");
        Path run = Files.createDirectories(dir.resolve("apache"));
        Path envvars = run.resolve("envvars");
        Files.writeString(
                envvars,
                String.join(
                        "\n",
                        List.of(
                                ". /etc/apache2/envvars",
                                "export APACHE_RUN_DIR=" + run,
                                "export APACHE_PID_FILE=" + run.resolve("apache2.pid"),
                                "export APACHE_LOCK_DIR=" + run,
                                "export APACHE_LOG_DIR=" + run,
                                "")));
        Path conf = run.resolve("apache2.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        List.of(
                                "Include /etc/apache2/apache2.conf",
                                "PidFile " + run.resolve("apache2.pid"),
                                "ErrorLog " + run.resolve("error.log"),
                                "<Location /server-status>",
                                "  SetHandler server-status",
                                "  Require local",
                                "</Location>",
                                "")));
        ResourceAgentExecutor ex = inNamespace();
        AgentId apache = AgentId.parse("ocf:heartbeat:apache");
        Map<String, String> params = Map.of(
                "configfile",
                conf.toString(),
                "envfiles",
                envvars.toString(),
                "statusurl",
                "http://localhost/server-status");
        ActionResult started =
                ex.execute(new ActionRequest("web", apache, "start", params, Map.of(), 0, Duration.ofSeconds(60)));
        try {
            assertEquals(0, started.rc(), started.stdout() + started.stderr());
            assertEquals(
                    0,
                    ex.execute(new ActionRequest(
                                    "web", apache, "monitor", params, Map.of(), 10000, Duration.ofSeconds(30)))
                            .rc());
        } finally {
            ActionResult stopped =
                    ex.execute(new ActionRequest("web", apache, "stop", params, Map.of(), 0, Duration.ofSeconds(60)));
            assertEquals(0, stopped.rc(), stopped.stderr());
        }
        assertEquals(
                7,
                ex.execute(new ActionRequest("web", apache, "monitor", params, Map.of(), 0, Duration.ofSeconds(30)))
                        .rc());
    }
}
