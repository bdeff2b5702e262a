package io.hapc.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.agents.metadata.DefinitionCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real agents, real processes: Debian's resource-agents plus scripts the tests write. */
class ResourceAgentExecutorTest {
    private static final AgentId DUMMY = AgentId.parse("ocf:heartbeat:Dummy");

    @TempDir
    Path dir;

    private ResourceAgentExecutor system() {
        return new ResourceAgentExecutor(AgentPaths.system(), NodeIsolation.under("t1", dir));
    }

    private static void assumeDummy() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")),
                "needs Debian's resource-agents (apt-get install resource-agents)");
    }

    private ActionResult dummy(ResourceAgentExecutor ex, String action) {
        return ex.execute(new ActionRequest(
                "d1",
                DUMMY,
                action,
                Map.of("state", dir.resolve("d1.state").toString()),
                Map.of(),
                0,
                Duration.ofSeconds(20)));
    }

    @Test
    void dummyWholeLife() {
        assumeDummy();
        ResourceAgentExecutor ex = system();
        assertEquals(7, dummy(ex, "monitor").rc(), "probe of a stopped Dummy");
        assertEquals(0, dummy(ex, "start").rc());
        assertEquals(0, dummy(ex, "monitor").rc());
        assertEquals(0, dummy(ex, "start").rc(), "start is idempotent");
        assertEquals(0, dummy(ex, "stop").rc());
        assertEquals(0, dummy(ex, "stop").rc(), "stop is idempotent");
        ActionResult probe = dummy(ex, "monitor");
        assertEquals(OcfResult.NOT_RUNNING, probe.result());
        assertEquals(OcfResult.Recovery.SOFT, probe.result().recovery());
    }

    @Test
    void metaDataDrivesDefinitionChecks() {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2")), "needs resource-agents");
        DefinitionCheck check = system().check(AgentId.parse("ocf:heartbeat:IPaddr2"), Map.of("nosuch", "1"));
        assertFalse(check.ok());
        assertTrue(
                check.errors().get(0).contains("required parameter 'ip' is missing"),
                check.errors().toString());
        assertTrue(
                check.warnings().get(0).contains("unknown parameter 'nosuch'"),
                check.warnings().toString());
    }

    /** A provider of test agents in a temporary OCF_ROOT. */
    private ResourceAgentExecutor withAgent(String name, String body, boolean executable) throws Exception {
        Path provider = dir.resolve("ocf/resource.d/hapctest");
        Files.createDirectories(provider);
        Path script = provider.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        if (executable) Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new ResourceAgentExecutor(
                new AgentPaths(dir.resolve("ocf"), dir.resolve("init.d"), Path.of("/usr/sbin")),
                NodeIsolation.under("t1", dir.resolve("node")));
    }

    @Test
    void aHangingAgentIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        ResourceAgentExecutor ex = withAgent("Hang", "sleep 300 &\necho $! > " + pidFile + "\nsleep 300\n", true);
        ActionResult r = ex.execute(new ActionRequest(
                "h", AgentId.parse("ocf:hapctest:Hang"), "start", Map.of(), Map.of(), 0, Duration.ofSeconds(1)));
        assertTrue(r.timedOut());
        assertEquals(OcfResult.TIMEOUT, r.result());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(
                ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
                "the agent's child must be killed too");
    }

    @Test
    void completionIsTheAgentsExitEvenWhenAChildHoldsThePipes() throws Exception {
        Path pidFile = dir.resolve("bg.pid");
        ResourceAgentExecutor ex =
                withAgent("Bg", "sleep 5 &\necho $! > " + pidFile + "\necho started\nexit 0\n", true);
        ActionResult r = ex.execute(ActionRequest.of("b", AgentId.parse("ocf:hapctest:Bg"), "start", Map.of()));
        assertEquals(0, r.rc());
        assertTrue(r.elapsed().toMillis() < 3000, "took " + r.elapsed());
        assertTrue(r.stdout().contains("started"), r.stdout());
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void aFailingAgentsExitReasonIsKeptWhileItsChildStillWritesToTheSameOutput() throws Exception {
        Path pidFile = dir.resolve("bg2.pid");
        // IPaddr2's way: a background child (send_arp) inherits stdout/stderr and logs to them later
        ResourceAgentExecutor ex = withAgent(
                "BgFail",
                "( sleep 2; echo 'from the child' >&2 ) &\necho $! > " + pidFile
                        + "\necho 'ocf-exit-reason:address already in use' >&2\nexit 1\n",
                true);
        ActionResult r = ex.execute(ActionRequest.of("b", AgentId.parse("ocf:hapctest:BgFail"), "start", Map.of()));
        assertEquals(OcfResult.ERR_GENERIC, r.result());
        assertEquals(Optional.of("address already in use"), r.exitReason());
        assertFalse(r.stderr().contains("from the child"), "the result is the agent's, at its exit: " + r.stderr());
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void exitReasonAndRecoveryClassAreReported() throws Exception {
        ResourceAgentExecutor ex =
                withAgent("Bad", "echo 'ocf-exit-reason:the config file is missing' >&2\nexit 6\n", true);
        ActionResult r = ex.execute(ActionRequest.of("x", AgentId.parse("ocf:hapctest:Bad"), "start", Map.of()));
        assertEquals(OcfResult.ERR_CONFIGURED, r.result());
        assertEquals(OcfResult.Recovery.FATAL, r.result().recovery());
        assertEquals(Optional.of("the config file is missing"), r.exitReason());
    }

    @Test
    void theEnvironmentIsCleanAndCarriesOcfVariables() throws Exception {
        ResourceAgentExecutor ex = withAgent("Env", "env\n", true);
        ActionResult r = ex.execute(new ActionRequest(
                "e1",
                AgentId.parse("ocf:hapctest:Env"),
                "monitor",
                Map.of("ip", "198.18.0.1"),
                Map.of("clone-max", "2"),
                10000,
                Duration.ofSeconds(5)));
        assertTrue(r.stdout().contains("OCF_RESKEY_ip=198.18.0.1"), r.stdout());
        assertTrue(r.stdout().contains("OCF_RESKEY_CRM_meta_interval=10000"), r.stdout());
        assertTrue(r.stdout().contains("OCF_RESKEY_CRM_meta_clone_max=2"), r.stdout());
        assertTrue(r.stdout().contains("OCF_RESOURCE_INSTANCE=e1"), r.stdout());
        assertTrue(r.stdout().contains("HA_RSCTMP=" + dir.resolve("node/rsctmp")), r.stdout());
        assertFalse(r.stdout().contains("JAVA_HOME="), "the caller's environment must not leak");
    }

    @Test
    void anLsbScriptTheTestWrites() throws Exception {
        Path init = dir.resolve("init.d");
        Files.createDirectories(init);
        Path state = dir.resolve("lsb.running");
        Path script = init.resolve("hapc-lsb-test");
        Files.writeString(
                script,
                "#!/bin/sh\ncase \"$1\" in\n start) touch " + state + "; exit 0;;\n stop) rm -f " + state
                        + "; exit 0;;\n status) [ -f " + state + " ] && exit 0 || exit 3;;\n *) exit 3;;\nesac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ResourceAgentExecutor ex = new ResourceAgentExecutor(
                new AgentPaths(dir.resolve("ocf"), init, Path.of("/usr/sbin")),
                NodeIsolation.under("t1", dir.resolve("node")));
        AgentId lsb = AgentId.parse("lsb:hapc-lsb-test");
        assertEquals(
                7, ex.execute(ActionRequest.of("l", lsb, "monitor", Map.of())).rc(), "status 3 = not running");
        assertEquals(
                0, ex.execute(ActionRequest.of("l", lsb, "start", Map.of())).rc());
        assertEquals(
                0, ex.execute(ActionRequest.of("l", lsb, "monitor", Map.of())).rc());
        assertEquals(0, ex.execute(ActionRequest.of("l", lsb, "stop", Map.of())).rc());
        assertEquals(
                7, ex.execute(ActionRequest.of("l", lsb, "monitor", Map.of())).rc());
    }

    @Test
    void badInputIsAClearError() throws Exception {
        ResourceAgentExecutor ex = withAgent("NotExec", "exit 0\n", false);
        AgentException notExec = assertThrows(
                AgentException.class,
                () -> ex.execute(ActionRequest.of("n", AgentId.parse("ocf:hapctest:NotExec"), "start", Map.of())));
        assertTrue(
                notExec.getMessage().contains("not executable")
                        && notExec.getMessage().contains("chmod +x"),
                notExec.getMessage());
        AgentException unknown = assertThrows(
                AgentException.class,
                () -> ex.execute(ActionRequest.of("n", AgentId.parse("ocf:hapctest:Nope"), "start", Map.of())));
        assertTrue(unknown.getMessage().contains("unknown agent ocf:hapctest:Nope"), unknown.getMessage());
        AgentException spec = assertThrows(AgentException.class, () -> AgentId.parse("ocf:Dummy"));
        assertTrue(spec.getMessage().contains("ocf:PROVIDER:TYPE"), spec.getMessage());
    }

    @Test
    void systemdWhereItDoesNotRunSaysSo() {
        assumeTrue(!ResourceAgentExecutor.systemdRunning(), "systemd runs here");
        AgentException e = assertThrows(
                AgentException.class,
                () -> system().execute(ActionRequest.of("s", AgentId.parse("systemd:nginx"), "start", Map.of())));
        assertTrue(e.getMessage().contains("systemd is not running"), e.getMessage());
    }

    @Test
    void aBareTypeNamesEveryInstalledAgentOfThatType() throws Exception {
        for (String provider : List.of("heartbeat", "acme")) {
            Path script = dir.resolve("ocf/resource.d").resolve(provider).resolve("Web");
            Files.createDirectories(script.getParent());
            Files.writeString(script, "#!/bin/sh\nexit 0\n");
            script.toFile().setExecutable(true);
        }
        Path only = dir.resolve("ocf/resource.d/heartbeat/Solo");
        Files.writeString(only, "#!/bin/sh\nexit 0\n");
        only.toFile().setExecutable(true);
        Files.createDirectories(dir.resolve("init.d"));
        ResourceAgentExecutor ex = new ResourceAgentExecutor(
                new AgentPaths(dir.resolve("ocf"), dir.resolve("init.d"), Path.of("/usr/sbin")),
                NodeIsolation.under("t1", dir));
        assertEquals(
                List.of("ocf:acme:Web", "ocf:heartbeat:Web"),
                ex.agentsNamed("Web").stream().map(Object::toString).toList());
        assertEquals(
                List.of("ocf:heartbeat:Solo"),
                ex.agentsNamed("Solo").stream().map(Object::toString).toList());
        assertEquals(List.of(), ex.agentsNamed("Nothing"));
        assertEquals(List.of(), ex.agentsNamed("../heartbeat/Solo"), "a path is not a type");
    }

    /** Issue 8, finding 5: a value with a control character is not configured (rc 6), and the agent is not run. */
    @Test
    void controlCharactersInParametersAreNotConfiguredAndTheAgentDoesNotRun() throws Exception {
        Path ran = dir.resolve("ran");
        ResourceAgentExecutor ex = withAgent("Touch", "touch " + ran + "\nexit 0\n", true);
        ActionResult r = ex.execute(new ActionRequest(
                "t1",
                AgentId.parse("ocf:hapctest:Touch"),
                "start",
                Map.of("config", "/etc/x.conf\nListen 0.0.0.0:22"),
                Map.of(),
                0,
                Duration.ofSeconds(10)));
        assertEquals(6, r.rc());
        assertEquals(OcfResult.ERR_CONFIGURED, r.result());
        assertEquals(OcfResult.Recovery.FATAL, r.result().recovery());
        assertTrue(
                r.exitReason().orElse("").contains("resource t1: parameter 'config' has the control character U+000A"),
                r.toString());
        assertFalse(Files.exists(ran), "the agent must not run");
        ActionResult meta = ex.execute(new ActionRequest(
                "t1",
                AgentId.parse("ocf:hapctest:Touch"),
                "start",
                Map.of(),
                Map.of("description", "a\tb"),
                0,
                Duration.ofSeconds(10)));
        assertEquals(6, meta.rc(), meta.toString());
        assertFalse(Files.exists(ran));
        assertEquals(
                0,
                ex.execute(new ActionRequest(
                                "t1",
                                AgentId.parse("ocf:hapctest:Touch"),
                                "start",
                                Map.of("config", "/etc/x.conf"),
                                Map.of(),
                                0,
                                Duration.ofSeconds(10)))
                        .rc());
        assertTrue(Files.exists(ran), "a clean definition runs");
    }

    @Test
    void withoutAnExitReasonTheAgentsLastLoggedErrorIsTheReason() throws Exception {
        Path shellfuncs = Path.of("/usr/lib/ocf/lib/heartbeat/ocf-shellfuncs");
        assumeTrue(Files.isReadable(shellfuncs), "needs resource-agents");
        ResourceAgentExecutor ex = withAgent(
                "Conf",
                "OCF_ROOT=/usr/lib/ocf\n. " + shellfuncs + "\n"
                        + "ocf_log info \"checking\"\nocf_log err \"Configuration file /nope/httpd.conf not found!\"\nexit 6\n",
                true);
        ActionResult r = ex.execute(new ActionRequest(
                "c1", AgentId.parse("ocf:hapctest:Conf"), "start", Map.of(), Map.of(), 0, Duration.ofSeconds(10)));
        assertEquals(6, r.rc(), r.toString());
        assertEquals(Optional.of("Configuration file /nope/httpd.conf not found!"), r.exitReason(), r.toString());
        try (var left = Files.list(dir.resolve("node").resolve("log"))) {
            assertTrue(
                    left.noneMatch(p -> p.getFileName().toString().startsWith(".action-")),
                    "the action's own log is removed");
        }
    }

    @Test
    void whatTheAgentLeftInTheBackgroundLogsNothingBehindAfterTheAction() throws Exception {
        // as IPaddr2's send_arp: a child still logging to HA_DEBUGLOG once the action has ended
        Path go = dir.resolve("go");
        Path done = dir.resolve("done");
        ResourceAgentExecutor ex = withAgent(
                "Late",
                "( while [ ! -e " + go + " ]; do sleep 0.05; done; echo late >> \"$HA_DEBUGLOG\"; touch " + done
                        + " ) </dev/null >/dev/null 2>&1 &\nexit 0\n",
                true);
        ActionResult r = ex.execute(new ActionRequest(
                "l", AgentId.parse("ocf:hapctest:Late"), "start", Map.of(), Map.of(), 0, Duration.ofSeconds(10)));
        assertEquals(0, r.rc(), r.toString());
        Files.createFile(go);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(done) && System.nanoTime() < deadline) Thread.sleep(20);
        assertTrue(Files.exists(done), "the background child ran");
        try (var left = Files.list(dir.resolve("node").resolve("log"))) {
            List<Path> leftOver = left.filter(p -> p.getFileName().toString().startsWith(".action-"))
                    .toList();
            assertEquals(List.of(), leftOver, "nothing of the action's own log is left");
        }
    }
}
