package io.hapc.agents.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.agents.ActionRequest;
import io.hapc.agents.ActionResult;
import io.hapc.agents.AgentId;
import io.hapc.agents.AgentPaths;
import io.hapc.agents.NodeIsolation;
import io.hapc.agents.ResourceAgentExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecurringMonitorsTest {
    @TempDir
    Path dir;

    @Test
    void onlyChangesAndFailuresAreReported() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        ResourceAgentExecutor ex = new ResourceAgentExecutor(AgentPaths.system(), NodeIsolation.under("t1", dir));
        AgentId dummy = AgentId.parse("ocf:heartbeat:Dummy");
        Path state = dir.resolve("m.state");
        Map<String, String> params = Map.of("state", state.toString());
        assertEquals(
                0, ex.execute(ActionRequest.of("m", dummy, "start", params)).rc());
        BlockingQueue<ActionResult> reports = new LinkedBlockingQueue<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (RecurringMonitors monitors = new RecurringMonitors(ex, scheduler, (m, r, changed) -> reports.add(r))) {
            monitors.start(new ActionRequest("m", dummy, "monitor", params, Map.of(), 100, Duration.ofSeconds(10)), 0);
            assertNull(reports.poll(600, TimeUnit.MILLISECONDS), "a healthy monitor repeating rc 0 reports nothing");
            Files.delete(state); // the resource dies behind the cluster's back
            ActionResult failure = reports.poll(5, TimeUnit.SECONDS);
            assertNotNull(failure, "the failure must be reported");
            assertEquals(7, failure.rc());
            assertTrue(monitors.active() == 1);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
