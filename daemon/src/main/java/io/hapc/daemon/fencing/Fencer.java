package io.hapc.daemon.fencing;

import io.hapc.agents.AgentPaths;
import io.hapc.agents.fence.FenceDevice;
import io.hapc.agents.fence.FenceExecutor;
import io.hapc.agents.fence.FenceResult;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one owner of fencing devices: it assembles them from the CIB and builds every
 * {@link FenceExecutor} the daemon uses (to fence a node, to monitor a device, to read an agent's
 * meta-data for edit checks). Stateless, so any thread may call it; fencing blocks the caller.
 */
public final class Fencer {
    private static final Logger log = LoggerFactory.getLogger(Fencer.class);
    private final AgentPaths paths;

    public Fencer(AgentPaths paths) {
        this.paths = paths;
    }

    /** The fencing devices the CIB configures (stonith primitives), with their parameters. */
    public static List<FenceDevice> devicesIn(Cib cib) {
        List<FenceDevice> devices = new ArrayList<>();
        for (Resource r : cib.resources()) {
            if (r instanceof Resource.Primitive p && p.standard().equals("stonith")) {
                Map<String, String> params = new LinkedHashMap<>();
                p.instanceSets().forEach(s -> s.values().forEach(params::putIfAbsent));
                devices.add(new FenceDevice(p.id(), p.type(), params));
            }
        }
        return devices;
    }

    /** An executor over {@code devices}, sleeping for real through the devices' delays. */
    public FenceExecutor executor(List<FenceDevice> devices) {
        return new FenceExecutor(paths, devices, Map.of(), new Random(), d -> Thread.sleep(d.toMillis()));
    }

    /** Fences {@code node} with the devices {@code cib} configures; blocks until the devices answered. */
    public FenceResult fence(Cib cib, String node, String action) {
        List<FenceDevice> devices = devicesIn(cib);
        if (devices.isEmpty()) {
            log.error("cannot fence {}: no fencing device is configured (hapc stonith create …)", node);
            return new FenceResult(node, action, false, "", List.of());
        }
        return executor(devices).fence(node, action);
    }

    /** Runs one device's monitor; its exit code, or empty if it timed out. */
    public Optional<Integer> monitor(String deviceId, String agentType, Map<String, String> params) {
        var outcome = executor(List.of(new FenceDevice(deviceId, agentType, params)))
                .deviceAction(deviceId, "monitor", Optional.empty());
        return outcome.timedOut() ? Optional.empty() : Optional.of(outcome.exitCode());
    }
}
