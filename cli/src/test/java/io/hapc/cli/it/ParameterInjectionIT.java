package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.model.cib.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, finding 5, end to end: `status_file=…\naction=off` in a fencing device made the device's
 * start and monitor power its target off. Three real hapcd, the real fence_dummy: the line never
 * reaches the agent, whether it comes through bin/hapc or straight over the daemon's socket.
 */
class ParameterInjectionIT {
    @TempDir
    Path dir;

    @Test
    void aNewlineInAFencingParameterIsRefusedAndNeverPowersTheTargetOff() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_dummy")), "needs fence-agents");
        try (LocalCluster c = new LocalCluster(dir, 3, 3000, List.of())) {
            Path power = dir.resolve("power-n2");
            Files.writeString(power, "on"); // fence_dummy reads "on" exactly
            String injected = power + "\naction=off";

            LocalCluster.Result cli = c.hapc(
                    "n1", "stonith", "create", "sd", "fence_dummy", "status_file=" + injected, "pcmk_host_list=n2");
            assertEquals(3, cli.rc(), cli.out() + cli.err());
            assertTrue(
                    cli.err().contains("parameter 'status_file' has the control character U+000A (line feed)"),
                    cli.err());

            // A client that does not check (another tool, an older hapc) goes straight to the DC, agent checks skipped.
            Map<String, String> params = new LinkedHashMap<>();
            params.put("status_file", injected);
            params.put("pcmk_host_list", "n2");
            AdminReply dc = new DaemonClient(c.node("n3").socket())
                    .call(new AdminRequest.Edit(
                            new CibEdit.StonithCreate("sd", "fence_dummy", params, List.of(), Map.of(), false, true)));
            assertFalse(dc.ok(), dc.toString());
            assertTrue(
                    dc.message()
                            .contains(
                                    "fencing device sd: parameter 'status_file' has the control character U+000A (line feed) at character "
                                            + (power.toString().length() + 1)),
                    dc.message());

            // Give a device that got in the time to start and be monitored: the target must still be on.
            Thread.sleep(5000);
            assertEquals("on", Files.readString(power), "fence_dummy ran with the injected line");
            assertTrue(c.cib("n1").orElseThrow().resources().stream()
                    .map(Resource::id)
                    .noneMatch("sd"::equals));
        }
    }
}
