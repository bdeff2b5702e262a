package io.hapc.cli.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent commands' contracts for scripts: debug-* exit with the agent's rc; describe --output json's shape. */
class AgentCommandsTest {
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void debugCommandsExitWithTheAgentsOwnCode(@TempDir Path dir) {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        String state = "state=" + dir.resolve("x");
        String rsctmp = dir.toString();
        CliRun stopped = run("resource", "debug-monitor", "ocf:heartbeat:Dummy", state, "--rsctmp", rsctmp);
        assertEquals(7, stopped.code(), stopped.out() + stopped.err());
        assertTrue(stopped.out().contains("'not running' (7)"), stopped.out());
        assertEquals(
                0,
                run("resource", "debug-start", "ocf:heartbeat:Dummy", state, "--rsctmp", rsctmp)
                        .code());
        assertEquals(
                0,
                run("resource", "debug-monitor", "ocf:heartbeat:Dummy", state, "--rsctmp", rsctmp)
                        .code());
        assertEquals(
                0,
                run("resource", "debug-stop", "ocf:heartbeat:Dummy", state, "--rsctmp", rsctmp)
                        .code());
    }

    @Test
    void describeJsonListsParameters() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2")), "needs resource-agents");
        CliRun r = run("resource", "describe", "ocf:heartbeat:IPaddr2", "--output", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode ip = null;
        for (JsonNode p : new ObjectMapper().readTree(r.out()).path("parameters"))
            if (p.path("name").asText().equals("ip")) ip = p;
        assertTrue(ip != null && ip.path("required").asBoolean() && ip.has("default") && ip.has("shortdesc"), r.out());
    }

    @Test
    void missingRequiredParameterAndUnknownAgentAreInvalidInput() {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2")), "needs resource-agents");
        CliRun missing = run("resource", "debug-start", "ocf:heartbeat:IPaddr2");
        assertEquals(3, missing.code());
        assertTrue(missing.err().contains("required parameter 'ip' is missing"), missing.err());
        CliRun unknown = run("resource", "debug-start", "ocf:heartbeat:NoSuchAgent");
        assertEquals(3, unknown.code());
        assertTrue(unknown.err().contains("unknown agent ocf:heartbeat:NoSuchAgent"), unknown.err());
    }

    @Test
    void stonithListAndDescribe() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_dummy")), "needs fence-agents");
        CliRun list = run("stonith", "list");
        assertTrue(list.out().lines().anyMatch("fence_dummy"::equals), list.out());
        CliRun d = run("stonith", "describe", "fence_dummy");
        assertEquals(0, d.code());
        assertTrue(d.out().contains("status_file"), d.out());
    }

    @Test
    void aBareAgentTypeIsResolvedAsPcsDoesOrRefusedClearly() {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2")), "needs resource-agents");
        CliRun r = run("resource", "describe", "IPaddr2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("Assumed agent name 'ocf:heartbeat:IPaddr2' (deduced from 'IPaddr2')"), r.err());
        assertTrue(r.out().contains("ip"), r.out());
        CliRun none = run("resource", "describe", "NoSuchAgentAnywhere");
        assertEquals(3, none.code(), none.err());
        assertTrue(none.err().contains("no installed agent is named 'NoSuchAgentAnywhere'"), none.err());
    }
}
