package io.hapc.daemon.lrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.agents.AgentPaths;
import io.hapc.agents.NodeIsolation;
import io.hapc.agents.ResourceAgentExecutor;
import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.daemon.messages.DaemonMessage.OperationResult;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's resource manager on the real Dummy agent: history as Pacemaker records it, monitors, stops. */
class LocalResourceManagerTest {
    @TempDir
    Path dir;

    private final BlockingQueue<OperationResult> reports = new LinkedBlockingQueue<>();
    private ExecutorService workers;
    private ScheduledExecutorService scheduler;
    private LocalResourceManager lrm;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        workers = Executors.newCachedThreadPool();
        scheduler = Executors.newScheduledThreadPool(1);
        NodeIsolation node = NodeIsolation.under("n1", dir);
        lrm = new LocalResourceManager(
                "n1",
                new ResourceAgentExecutor(AgentPaths.system(), node),
                new io.hapc.daemon.fencing.Fencer(AgentPaths.system()),
                workers,
                scheduler,
                new ActionJournal(dir.resolve("log/actions.log"), "n1", Clock.systemUTC()),
                reports::add);
    }

    @AfterEach
    void stop() {
        if (lrm != null) lrm.close();
        if (workers != null) workers.shutdownNow();
        if (scheduler != null) scheduler.shutdownNow();
    }

    private static AgentCall call(String action, long intervalMs, int expectedRc) {
        return new AgentCall("d1", "ocf:heartbeat:Dummy", action, intervalMs, 20_000, expectedRc, Map.of(), Map.of());
    }

    private OperationResult next() throws InterruptedException {
        OperationResult r = reports.poll(20, TimeUnit.SECONDS);
        if (r == null) throw new AssertionError("no report within 20 s");
        return r;
    }

    private static OperationRecord op(ResourceHistory h, String id) {
        return h.operations().stream()
                .filter(o -> o.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in " + h));
    }

    @Test
    void anAgentNotInstalledOnThisNodeIsAnsweredNotInstalledAndTheProbeStillCompletes() throws Exception {
        // Found by the fault campaign (bench/cts): a host rebooted without the resource's agent threw out of the probe,
        // the probe never completed, and the node never joined.
        AgentCall probe =
                new AgentCall("m1", "ocf:hapc-missing:NoSuchAgent", "monitor", 0, 20_000, 7, Map.of(), Map.of());
        List<ResourceHistory> probed =
                lrm.probeUnknown(List.of(probe, call("monitor", 0, 7))).get(20, TimeUnit.SECONDS);
        ResourceHistory missing =
                probed.stream().filter(h -> h.id().equals("m1")).findFirst().orElseThrow();
        assertEquals(5, op(missing, "m1_last_0").rcCode(), "not installed, as Pacemaker's executor says");
        assertEquals(5, op(missing, "m1_last_failure_0").rcCode());
        lrm.execute(
                2, 1, new AgentCall("m1", "ocf:hapc-missing:NoSuchAgent", "start", 0, 20_000, 0, Map.of(), Map.of()));
        OperationResult start = next();
        assertFalse(start.success());
        assertEquals(5, start.rc());
    }

    @Test
    void probeStartMonitorAndStopAreRecordedAsTheLrmSectionHasThem() throws Exception {
        List<ResourceHistory> probed =
                lrm.probeUnknown(List.of(call("monitor", 0, 7))).get(20, TimeUnit.SECONDS);
        assertEquals(7, op(probed.get(0), "d1_last_0").rcCode(), "not running yet");
        assertEquals(List.of(), lrm.activeResources());
        lrm.execute(3, 11, call("start", 0, 0));
        OperationResult started = next();
        assertTrue(started.success());
        assertEquals(
                "11:3:0:hapc",
                op(started.history(), "d1_last_0").transitionKey().orElseThrow());
        assertEquals(List.of("d1"), lrm.activeResources());
        lrm.execute(3, 12, call("monitor", 500, 0));
        assertTrue(next().success());
        Files.delete(dir.resolve("rsctmp/Dummy-d1.state")); // the service dies under the monitor's eyes
        OperationResult failed = next();
        assertFalse(failed.success());
        assertEquals(7, failed.rc());
        assertEquals(-1, failed.transitionId(), "a monitor failure belongs to no transition");
        assertEquals(7, op(failed.history(), "d1_last_failure_0").rcCode());
        lrm.execute(4, 1, call("stop", 0, 0));
        OperationResult stopped = next();
        assertTrue(stopped.success());
        assertFalse(
                stopped.history().operations().stream().anyMatch(o -> o.id().equals("d1_monitor_500")),
                "the stop cancelled the monitor");
        assertEquals(List.of(), lrm.activeResources());
        assertTrue(Files.readString(dir.resolve("log/actions.log")).contains(" n1 d1 start 0 0"));
    }

    @Test
    void stopAllStopsWhatMayBeActive() throws Exception {
        lrm.execute(1, 1, call("start", 0, 0));
        assertTrue(next().success());
        lrm.stopAll(Map.of("d1", call("stop", 0, 0))).get(20, TimeUnit.SECONDS);
        assertFalse(Files.exists(dir.resolve("rsctmp/Dummy-d1.state")));
        assertEquals(List.of(), lrm.activeResources());
    }

    @Test
    void aResourceDeletedWhileRunningIsStoppedWithTheParametersOfItsLastStart() throws Exception {
        Path state = dir.resolve("elsewhere.state");
        lrm.execute(
                1,
                1,
                new AgentCall(
                        "d1",
                        "ocf:heartbeat:Dummy",
                        "start",
                        0,
                        20_000,
                        0,
                        Map.of("state", state.toString()),
                        Map.of()));
        assertTrue(next().success());
        assertTrue(Files.exists(state), "started with its own state file");
        // The DC knows the resource only from its history now: agent, no parameters.
        lrm.execute(2, 1, call("stop", 0, 0));
        assertTrue(next().success());
        assertFalse(Files.exists(state), "the stop acted on the instance that was started");
        assertEquals(List.of(), lrm.activeResources());
    }

    @Test
    void cutOffANodeStopsEvenAResourceWhoseDefinitionIsGoneWithItsLastStart() throws Exception {
        Path state = dir.resolve("elsewhere.state");
        lrm.execute(
                1,
                1,
                new AgentCall(
                        "d1",
                        "ocf:heartbeat:Dummy",
                        "start",
                        0,
                        20_000,
                        0,
                        Map.of("state", state.toString()),
                        Map.of()));
        assertTrue(next().success());
        lrm.stopAll(Map.of()).get(20, TimeUnit.SECONDS);
        assertFalse(Files.exists(state));
        assertEquals(List.of(), lrm.activeResources());
    }

    @Test
    void stopAllInWavesStopsAWaveOnlyOnceThePreviousOneHasStopped() throws Exception {
        for (String r : List.of("web", "ip", "db")) {
            lrm.execute(1, 1, new AgentCall(r, "ocf:heartbeat:Dummy", "start", 0, 20_000, 0, Map.of(), Map.of()));
            assertTrue(next().success());
        }
        lrm.stopAll(Map.of(), List.of(List.of("web"), List.of("ip"), List.of("db")))
                .get(30, TimeUnit.SECONDS);
        assertEquals(List.of(), lrm.activeResources());
        Map<String, long[]> stops = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("log/actions.log"))) {
            String[] p = line.trim().split(" ");
            if (p[4].equals("stop")) stops.put(p[3], new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])});
        }
        assertTrue(stops.get("web")[1] <= stops.get("ip")[0], "web stopped before ip began stopping");
        assertTrue(stops.get("ip")[1] <= stops.get("db")[0], "ip stopped before db began stopping");
    }

    @Test
    void aCutOffStopOfAPromotedInstanceDemotesItFirst() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful")),
                "needs Pacemaker's Stateful agent (Debian: pacemaker-resource-agents)");
        Path state = dir.resolve("db.state");
        Map<String, String> params = Map.of("state", state.toString());
        java.util.function.Function<String, AgentCall> db =
                action -> new AgentCall("db", "ocf:pacemaker:Stateful", action, 0, 20_000, 0, params, Map.of());
        for (String action : List.of("start", "promote")) {
            lrm.execute(1, 1, db.apply(action));
            assertTrue(next().success(), action);
        }
        assertEquals("Promoted", Files.readString(state).strip());
        lrm.act(
                        Map.of("db", db.apply("stop")),
                        Map.of("db", db.apply("demote")),
                        List.of(List.of("db")),
                        java.util.concurrent.CompletableFuture.completedFuture(null))
                .get(30, TimeUnit.SECONDS);
        // Stateful refuses to stop a promoted instance (rc 8, running promoted): only a demote first stops it.
        assertFalse(Files.exists(state), "db demoted, then stopped");
        assertEquals(List.of(), lrm.activeResources());
    }
}
