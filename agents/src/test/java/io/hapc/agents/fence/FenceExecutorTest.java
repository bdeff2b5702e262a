package io.hapc.agents.fence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's real fence_dummy (fence-agents): status files stand for the nodes' power. */
class FenceExecutorTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsFenceAgents() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/sbin/fence_dummy")),
                "needs fence-agents (apt-get install fence-agents)");
    }

    private FenceDevice dummy(String id, String node, String extraKey, String extraValue) {
        Map<String, String> p = new java.util.HashMap<>(
                Map.of("status_file", dir.resolve(node + ".power").toString(), "pcmk_host_list", node));
        if (extraKey != null) p.put(extraKey, extraValue);
        return new FenceDevice(id, "fence_dummy", p);
    }

    private FenceExecutor executor(
            List<FenceDevice> devices, Map<String, List<List<String>>> topology, List<Duration> slept) {
        return new FenceExecutor(AgentPaths.system(), devices, topology, new Random(1), slept::add);
    }

    @Test
    void offThenOnAreVerifiedWithStatus() throws Exception {
        Files.writeString(dir.resolve("n1.power"), "ON");
        FenceExecutor ex = executor(List.of(dummy("d1", "n1", null, null)), Map.of(), new ArrayList<>());
        FenceResult off = ex.fence("n1", "off");
        assertTrue(off.success(), off.toString());
        assertTrue(off.attempts().get(0).verified());
        assertEquals("OFF", Files.readString(dir.resolve("n1.power")).strip().toUpperCase());
        FenceResult on = ex.fence("n1", "on");
        assertTrue(on.success() && on.attempts().get(0).verified(), on.toString());
    }

    @Test
    void deviceMonitorAndStatus() throws Exception {
        Files.writeString(dir.resolve("n1.power"), "ON");
        FenceExecutor ex = executor(List.of(dummy("d1", "n1", null, null)), Map.of(), new ArrayList<>());
        assertEquals(
                0, ex.deviceAction("d1", "status", java.util.Optional.of("n1")).exitCode());
        assertEquals(
                0, ex.deviceAction("d1", "monitor", java.util.Optional.empty()).exitCode());
        assertThrows(AgentException.class, () -> ex.deviceAction("d1", "off", java.util.Optional.empty()));
    }

    @Test
    void aFailingDeviceFailsTheFencing() {
        FenceExecutor ex = executor(List.of(dummy("bad", "n1", "type", "fail")), Map.of(), new ArrayList<>());
        FenceResult r = ex.fence("n1", "off");
        assertFalse(r.success());
        assertTrue(r.attempts().get(0).rc() != 0, r.toString());
    }

    @Test
    void aTwoLevelTopologyFallsThroughToTheSecondDevice() throws Exception {
        Files.writeString(dir.resolve("n1.power"), "ON");
        FenceDevice ipmi = dummy("ipmi", "n1", "type", "fail");
        FenceDevice pdu = dummy("pdu", "n1", null, null);
        FenceExecutor ex =
                executor(List.of(ipmi, pdu), Map.of("n1", List.of(List.of("ipmi"), List.of("pdu"))), new ArrayList<>());
        FenceResult r = ex.fence("n1", "reboot");
        assertTrue(r.success(), r.toString());
        assertEquals("pdu", r.device());
        assertEquals(
                List.of(1, 2),
                r.attempts().stream().map(FenceResult.Attempt::level).toList());
    }

    @Test
    void hostListAndMapChooseTheDevices() {
        FenceDevice a = dummy("a", "n1", null, null);
        FenceDevice b = new FenceDevice("b", "fence_dummy", Map.of("pcmk_host_map", "n2:plug2;n3:plug3"));
        FenceExecutor ex = executor(List.of(a, b), Map.of(), new ArrayList<>());
        assertEquals(List.of("a"), ex.devicesFor("n1"));
        assertEquals(List.of("b"), ex.devicesFor("n3"));
        assertEquals(Map.of("n2", "plug2", "n3", "plug3"), b.hostMap());
        assertThrows(AgentException.class, () -> ex.fence("n9", "off"));
    }

    @Test
    void delaysAreHonoured() throws Exception {
        Files.writeString(dir.resolve("n1.power"), "ON");
        List<Duration> slept = new ArrayList<>();
        FenceExecutor ex = executor(List.of(dummy("d", "n1", "pcmk_delay_base", "2s")), Map.of(), slept);
        assertTrue(ex.fence("n1", "off").success());
        assertEquals(List.of(Duration.ofSeconds(2)), slept);
    }

    @Test
    void unknownAgentsAndDevicesAreClearErrors() {
        AgentException unknown = assertThrows(
                AgentException.class,
                () -> executor(
                                List.of(new FenceDevice("x", "fence_nosuch", Map.of("pcmk_host_list", "n1"))),
                                Map.of(),
                                new ArrayList<>())
                        .fence("n1", "off"));
        assertTrue(unknown.getMessage().contains("unknown fence agent fence_nosuch"), unknown.getMessage());
        AgentException topo = assertThrows(
                AgentException.class,
                () -> executor(List.of(), Map.of("n1", List.of(List.of("ghost"))), new ArrayList<>()));
        assertTrue(topo.getMessage().contains("'ghost'"), topo.getMessage());
    }

    /** Issue 8, finding 5: `status_file=…\naction=off` made the device's monitor power the target off. */
    @Test
    void aNewlineInAParameterNeverReachesTheAgent() throws Exception {
        Path target = dir.resolve("n1.power");
        Files.writeString(target, "on"); // fence_dummy reads the file as it is: on, no newline
        FenceDevice injected = new FenceDevice(
                "sd", "fence_dummy", Map.of("pcmk_host_list", "n1", "status_file", target + "\naction=off"));
        FenceExecutor ex = executor(List.of(injected), Map.of(), new ArrayList<>());
        var monitor = ex.deviceAction("sd", "monitor", java.util.Optional.empty());
        assertEquals(1, monitor.exitCode(), monitor.toString());
        assertTrue(
                monitor.stderr()
                        .contains("fencing device sd: parameter 'status_file' has the control character U+000A"),
                monitor.stderr());
        FenceResult fence = ex.fence("n1", "reboot");
        assertFalse(fence.success(), fence.toString());
        assertEquals(1, fence.attempts().get(0).rc());
        assertEquals("on", Files.readString(target), "the agent never ran with the injected line");
        // the same device without the injected line works: the refusal is the only difference
        FenceExecutor clean = executor(
                List.of(new FenceDevice(
                        "sd", "fence_dummy", Map.of("pcmk_host_list", "n1", "status_file", target.toString()))),
                Map.of(),
                new ArrayList<>());
        assertEquals(
                0,
                clean.deviceAction("sd", "monitor", java.util.Optional.empty()).exitCode());
        assertEquals("on", Files.readString(target));
    }
}
