package io.hapc.cli.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an isolated sandbox plans before it makes anything (no root needed), and its fence agent's protocol. */
class IsolatedSandboxPlanTest {
    @TempDir
    Path tmp;

    @Test
    void subnetGivesTheBridgeTheNodesTheClientAndTheFloatingIpTheirAddresses() {
        Subnet s = Subnet.parse("198.18.0.0/24");
        assertEquals("198.18.0.1", s.bridge());
        assertEquals("198.18.0.11", s.node(1));
        assertEquals("198.18.0.13", s.node(3));
        assertEquals("198.18.0.100", s.floatingIp());
        assertEquals("198.18.0.200", s.client());
        assertEquals("10.7.0.0/16", Subnet.parse("10.7.0.0/16").toString());
    }

    @Test
    void isolatedHeartbeatHostsTalkOnTheirOwnAddressesWithTheGivenDeadtime() {
        // the two-node transport on isolated hosts (the fault campaign's two-node part): each node at its host's
        // address
        List<String> lines = SandboxLauncher.heartbeatLines(
                List.of(
                        "198.18.0.11:" + IsolatedSandboxStart.HEARTBEAT_PORT,
                        "198.18.0.12:" + IsolatedSandboxStart.HEARTBEAT_PORT),
                4000L);
        assertEquals(
                List.of(
                        "transport=heartbeat",
                        "heartbeat.node.sandbox-1=198.18.0.11:5405",
                        "heartbeat.node.sandbox-2=198.18.0.12:5405",
                        "heartbeat.deadtime=4000ms",
                        "heartbeat.interval=800ms",
                        "heartbeat.warntime=2000ms",
                        "heartbeat.initdead=8000ms"),
                lines);
        assertEquals(
                List.of(
                        "transport=heartbeat",
                        "heartbeat.node.sandbox-1=127.0.0.1:1",
                        "heartbeat.node.sandbox-2=127.0.0.1:2"),
                SandboxLauncher.heartbeatLines(List.of("127.0.0.1:1", "127.0.0.1:2"), null),
                "the heartbeat's own timings");
    }

    @Test
    void aBadSubnetIsRefusedWithWhatToWrite() {
        CommandFailure hostBits = assertThrows(CommandFailure.class, () -> Subnet.parse("198.18.0.5/24"));
        assertEquals(ExitCodes.INVALID_INPUT, hostBits.exitCode());
        assertTrue(hostBits.getMessage().contains("did you mean 198.18.0.0/24"), hostBits.getMessage());
        assertTrue(assertThrows(CommandFailure.class, () -> Subnet.parse("198.18.0.0/28"))
                .getMessage()
                .contains("prefix length 28"));
        assertTrue(assertThrows(CommandFailure.class, () -> Subnet.parse("198.18.0.0"))
                .getMessage()
                .contains("no prefix length"));
        assertTrue(assertThrows(CommandFailure.class, () -> Subnet.parse("198.18.300.0/24"))
                .getMessage()
                .contains("not a number"));
    }

    @Test
    void twoSandboxDirectoriesNeverShareANamespaceName() {
        IsolatedNetwork a =
                IsolatedNetwork.plan(tmp.resolve("a"), Subnet.parse(Subnet.DEFAULT), List.of("sandbox-1", "sandbox-2"));
        IsolatedNetwork b =
                IsolatedNetwork.plan(tmp.resolve("b"), Subnet.parse(Subnet.DEFAULT), List.of("sandbox-1", "sandbox-2"));
        assertNotEquals(a.prefix(), b.prefix());
        assertTrue(a.host("sandbox-1").namespace().startsWith(a.prefix() + "-"), a.toString());
        assertEquals("198.18.0.12", a.host("sandbox-2").address());
        assertEquals("198.18.0.1:2181", a.zookeeperConnect());
        assertNotEquals(NetworkNamespaces.bridgeMac(a), NetworkNamespaces.bridgeMac(b));
        assertTrue(NetworkNamespaces.bridgeMac(a).matches("02(:[0-9a-f]{2}){5}"), NetworkNamespaces.bridgeMac(a));
        // the same directory, the same names: a later start finds what an earlier one left
        assertEquals(
                a,
                IsolatedNetwork.plan(
                        tmp.resolve("a"), Subnet.parse(Subnet.DEFAULT), List.of("sandbox-1", "sandbox-2")));
        CommandFailure unknown = assertThrows(CommandFailure.class, () -> a.host("sandbox-9"));
        assertTrue(unknown.getMessage().contains("sandbox-1, sandbox-2, and client"), unknown.getMessage());
    }

    @Test
    void aHostBootsWithPrivateRunTmpAndLogAndEndsExecingHapcd() throws Exception {
        Path base = tmp.resolve("sb");
        IsolatedNetwork net =
                IsolatedNetwork.plan(base, Subnet.parse(Subnet.DEFAULT), List.of("sandbox-1", "sandbox-2"));
        SandboxHosts hosts = new SandboxHosts(base, net);
        List<String> cmd = hosts.bootCommand(
                "sandbox-1", List.of("setsid", "/usr/bin/java", "-cp", "x", "io.hapc.daemon.Hapcd", "--config", "c"));
        assertEquals(
                List.of(
                        "setsid",
                        "ip",
                        "netns",
                        "exec",
                        net.host("sandbox-1").namespace(),
                        "unshare",
                        "--mount",
                        "--uts",
                        "--propagation",
                        "private",
                        "sh",
                        "-c"),
                cmd.subList(0, 12));
        String script = cmd.get(12);
        for (String expected : List.of(
                "mount -t tmpfs -o mode=0755 hapc-run /run",
                "mount -t tmpfs -o mode=1777 hapc-tmp /tmp",
                "/proc/self/fd/4 /var/log",
                "/proc/self/fd/5 /etc/hosts",
                "hostname 'sandbox-1'",
                "HAPC_FENCE_AGENT_DIR=",
                "exec \"$@\"")) {
            assertTrue(script.contains(expected), expected + " in\n" + script);
        }
        // hapcd is exec'd last, without a second setsid: the pid the sandbox records is hapcd's
        assertEquals(
                List.of("/usr/bin/java", "-cp", "x", "io.hapc.daemon.Hapcd", "--config", "c"),
                cmd.subList(14, cmd.size()));
        String etcHosts = Files.readString(base.resolve("sandbox-1/host/hosts"));
        assertTrue(etcHosts.contains("198.18.0.12\tsandbox-2") && etcHosts.contains("198.18.0.200\tclient"), etcHosts);
    }

    @Test
    void aHostBootedFromAnInstallationUnderTmpStillSeesItOverItsPrivateTmp() throws Exception {
        // A fresh clone in /tmp: each host mounts its own /tmp, which hid the jars (every hapcd died at once).
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ProcessHandle.current().info().user().map("root"::equals).orElse(false), "mount namespaces need root");
        Path base = tmp.resolve("sb");
        Path install = Files.createDirectories(tmp.resolve("hapc-clone"));
        Files.writeString(install.resolve("hapc-cli.jar"), "jar");
        IsolatedNetwork net = IsolatedNetwork.plan(base, Subnet.parse(Subnet.DEFAULT), List.of("sandbox-1"));
        List<String> cmd = new SandboxHosts(base, net, java.util.Optional.of(install))
                .bootCommand(
                        "sandbox-1",
                        List.of("cat", install.resolve("hapc-cli.jar").toString()));
        // the host's own mount namespace, as the sandbox makes it, without its network: the boot command after
        // `setsid ip netns exec NS` (the script is the same)
        Process p = new ProcessBuilder(cmd.subList(5, cmd.size()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("jar", out.strip(), "the installation under /tmp, read inside the host");
        List<String> hidden = new SandboxHosts(base, net, java.util.Optional.empty())
                .bootCommand(
                        "sandbox-1",
                        List.of("test", "-e", install.resolve("hapc-cli.jar").toString()));
        Process q = new ProcessBuilder(hidden.subList(5, hidden.size()))
                .redirectErrorStream(true)
                .start();
        q.getInputStream().readAllBytes();
        assertNotEquals(0, q.waitFor(), "without the bind the host's private /tmp hides it");
    }

    private record Ran(int rc, String out, String err) {}

    private static Ran agent(Map<String, String> options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new SandboxFenceAgent(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(options);
        return new Ran(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fenceAgentReadsKeyValueLinesTheFenceAgentsWay() throws Exception {
        Map<String, String> o = SandboxFenceAgent.parseStdin(new BufferedReader(
                new StringReader("# a comment\naction=status\nport=sandbox-2\nunknown=ignored\n\naction=off\n")));
        assertEquals("off", o.get("action"), "the last duplicate wins");
        assertEquals("sandbox-2", o.get("plug"), "port is plug");
        Map<String, String> args = new LinkedHashMap<>();
        assertTrue(SandboxFenceAgent.parseArgs(new String[] {"--sandbox-dir", "/x", "-o", "list"}, args));
        assertEquals(Map.of("sandbox_dir", "/x", "action", "list"), args);
        Map<String, String> noAction = new LinkedHashMap<>();
        assertTrue(!SandboxFenceAgent.parseArgs(new String[] {"--sandbox-dir", "/x"}, noAction), "then stdin is read");
    }

    @Test
    void fenceAgentMetadataListsItsActionsAndParameters() {
        Ran r = agent(Map.of("action", "metadata"));
        assertEquals(0, r.rc());
        for (String a : List.of("off", "on", "reboot", "status", "list", "monitor", "metadata", "validate-all")) {
            assertTrue(r.out().contains("<action name=\"" + a + "\""), a + " in " + r.out());
        }
        assertTrue(
                r.out().contains("<parameter name=\"plug\"") && r.out().contains("<parameter name=\"sandbox_dir\""),
                r.out());
        assertTrue(r.out().startsWith("<?xml"), r.out());
        // hapc's own parser reads it
        assertEquals(
                "fence_hapc_sandbox",
                io.hapc.agents.metadata.MetadataParser.parse("fence_hapc_sandbox", r.out())
                        .name());
    }

    @Test
    void fenceAgentFailsClearlyWithoutAnIsolatedSandboxOrAHost() throws Exception {
        Ran unknownAction = agent(Map.of("action", "explode", "sandbox_dir", tmp.toString()));
        assertEquals(1, unknownAction.rc());
        assertTrue(unknownAction.err().contains("unknown action 'explode'"), unknownAction.err());
        Ran notIsolated = agent(Map.of("action", "off", "plug", "sandbox-1", "sandbox_dir", tmp.toString()));
        assertEquals(1, notIsolated.rc(), "fencing that cannot act fails");
        assertTrue(notIsolated.err().contains("is not isolated"), notIsolated.err());
        Path base = tmp.resolve("sb");
        Files.createDirectories(base);
        IsolatedNetwork.plan(base, Subnet.parse(Subnet.DEFAULT), List.of("sandbox-1"))
                .write(base);
        Ran noSuchHost = agent(Map.of("action", "off", "plug", "sandbox-7", "sandbox_dir", base.toString()));
        assertEquals(1, noSuchHost.rc());
        assertTrue(noSuchHost.err().contains("no host 'sandbox-7'"), noSuchHost.err());
        Ran noPlug = agent(Map.of("action", "reboot", "sandbox_dir", base.toString()));
        assertEquals(1, noPlug.rc());
        assertTrue(noPlug.err().contains("needs plug"), noPlug.err());
        Ran list = agent(Map.of("action", "list", "sandbox_dir", base.toString()));
        assertEquals(0, list.rc());
        assertEquals("sandbox-1,198.18.0.11\n", list.out());
        // a planned but never started sandbox: its host reads as off (status rc 2), validate-all passes
        assertEquals(
                2,
                agent(Map.of("action", "status", "plug", "sandbox-1", "sandbox_dir", base.toString()))
                        .rc());
        assertEquals(
                0,
                agent(Map.of("action", "validate-all", "plug", "sandbox-1", "sandbox_dir", base.toString()))
                        .rc());
    }

    @Test
    void anUnconfiguredHostGetsItsOwnSettingsOnlyAndWaitsForClusterSetup() throws Exception {
        SandboxLauncher launcher = new SandboxLauncher(tmp, new java.io.PrintWriter(new java.io.StringWriter()));
        Sandbox.Node n =
                launcher.hostOnlyNode("sandbox-1", Path.of("/run/resource-agents"), "198.18.0.11", 9464, 2224, 3000L);
        // hapcd.conf is where `cluster setup` will write it: absent until then, so hapcd waits
        assertEquals(tmp.resolve("sandbox-1/hapcd.conf"), n.config());
        assertTrue(Files.notExists(n.config()));
        List<String> cmd = n.command();
        int config = cmd.indexOf("--config");
        assertEquals(n.config().toString(), cmd.get(config + 1));
        List<String> settings = cmd.subList(config + 2, cmd.size());
        assertTrue(
                settings.containsAll(List.of(
                        "node.name=sandbox-1",
                        "admin.bind=198.18.0.11",
                        "admin.port=2224",
                        "socket=" + n.socket(),
                        "session.timeout.ms=3000")),
                settings.toString());
        assertTrue(
                settings.stream().noneMatch(x -> x.startsWith("cluster.") || x.startsWith("zookeeper.")),
                settings.toString());

        io.hapc.cli.CliRun plain = io.hapc.cli.CliRun.of(
                "sandbox",
                "start",
                "--shared",
                "--unconfigured",
                "--dir",
                tmp.resolve("sb").toString());
        assertEquals(ExitCodes.INVALID_INPUT, plain.code());
        assertTrue(
                plain.err().contains("--unconfigured is for hosts of their own: not with --shared (isolated, as root)"),
                plain.err());
        io.hapc.cli.CliRun both = io.hapc.cli.CliRun.of(
                "sandbox",
                "start",
                "--isolate",
                "--shared",
                "--dir",
                tmp.resolve("sb").toString());
        assertEquals(ExitCodes.INVALID_INPUT, both.code());
        assertTrue(both.err().contains("--isolate and --shared: choose one"), both.err());
    }
}
