package io.hapc.agents.fence;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentPaths;
import io.hapc.agents.exec.ProcessRunner;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.agents.metadata.MetadataParser;
import io.hapc.model.cib.ControlCharacters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fencer's executor: runs fence agents the fence-agents way (key=value lines on stdin),
 * tries fencing levels in order (every device of a level must succeed; otherwise the next level),
 * honours pcmk_host_map/list/check and delays, verifies the result with a status call, and
 * treats a timeout or non-zero rc as a failed fencing.
 */
public final class FenceExecutor {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Logger log = LoggerFactory.getLogger(FenceExecutor.class);
    private final AgentPaths paths;
    private final Map<String, FenceDevice> devices = new LinkedHashMap<>();
    private final Map<String, List<List<String>>> levels = new LinkedHashMap<>();
    private final RandomGenerator random;
    private final Sleeper sleeper;

    /** Injected so tests need not wait out random delays. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public FenceExecutor(
            AgentPaths paths,
            List<FenceDevice> devices,
            Map<String, List<List<String>>> topology,
            RandomGenerator random,
            Sleeper sleeper) {
        this.paths = paths;
        devices.forEach(d -> this.devices.put(d.id(), d));
        topology.forEach((node, lv) -> levels.put(node, List.copyOf(lv)));
        for (var lv : levels.values()) {
            for (List<String> level : lv) {
                for (String id : level) {
                    if (!this.devices.containsKey(id)) {
                        throw new AgentException(
                                "fencing topology names device '" + id + "', which is not configured (devices: "
                                        + String.join(", ", this.devices.keySet()) + ")");
                    }
                }
            }
        }
        this.random = random;
        this.sleeper = sleeper;
    }

    public FenceResult fence(String node, String action) {
        if (!List.of("off", "on", "reboot").contains(action)) {
            throw new AgentException("fencing action '" + action + "' is not off, on or reboot");
        }
        List<List<String>> plan = levels.containsKey(node)
                ? levels.get(node)
                : devicesFor(node).stream().map(List::of).toList();
        if (plan.isEmpty())
            throw new AgentException("no fencing device can fence " + node + " (check pcmk_host_list / pcmk_host_map)");
        List<FenceResult.Attempt> attempts = new ArrayList<>();
        int levelNo = 0;
        for (List<String> level : plan) {
            levelNo++;
            boolean levelOk = true;
            for (String id : level) {
                FenceResult.Attempt a = attempt(devices.get(id), node, action, levelNo);
                attempts.add(a);
                if (a.rc() != 0 || !a.verified()) {
                    levelOk = false;
                    break;
                }
            }
            if (levelOk) return new FenceResult(node, action, true, String.join("+", level), attempts);
        }
        return new FenceResult(node, action, false, "", attempts);
    }

    /**
     * Runs one of a device's own actions (monitor, status, list, validate-all) — what the fencer
     * uses to check its devices; `node`, when given, becomes the port.
     */
    public ProcessRunner.Outcome deviceAction(String deviceId, String action, Optional<String> node) {
        FenceDevice d = devices.get(deviceId);
        if (d == null)
            throw new AgentException(
                    "no fencing device '" + deviceId + "' (devices: " + String.join(", ", devices.keySet()) + ")");
        if (!List.of("monitor", "status", "list", "list-status", "validate-all").contains(action)) {
            throw new AgentException(
                    "'" + action + "' is not a device action (monitor, status, list, list-status, validate-all)");
        }
        return runAgent(d, action, node.map(n -> port(d, n)));
    }

    /** Devices that may fence `node`, by pcmk_host_check. */
    public List<String> devicesFor(String node) {
        List<String> out = new ArrayList<>();
        for (FenceDevice d : devices.values()) {
            switch (d.hostCheck()) {
                case "none" -> out.add(d.id());
                case "static-list" -> {
                    if (d.hostList().contains(node) || d.hostMap().containsKey(node)) out.add(d.id());
                }
                case "dynamic-list" -> {
                    ProcessRunner.Outcome o = runAgent(d, "list", Optional.empty());
                    if (o.exitCode() == 0
                            && o.stdout().lines().map(l -> l.split("[,\\s]")[0]).anyMatch(node::equals))
                        out.add(d.id());
                }
                case "status" -> {
                    ProcessRunner.Outcome o = runAgent(d, "status", Optional.of(port(d, node)));
                    if (o.exitCode() == 0 || o.exitCode() == 2) out.add(d.id());
                }
                default ->
                    throw new AgentException(d.id() + ": unknown pcmk_host_check '" + d.hostCheck()
                            + "' (static-list, dynamic-list, status or none)");
            }
        }
        return out;
    }

    private static String port(FenceDevice d, String node) {
        return d.hostMap().getOrDefault(node, node);
    }

    private FenceResult.Attempt attempt(FenceDevice d, String node, String action, int level) {
        Duration delay = d.delayBase()
                .plus(
                        d.delayMax().isZero()
                                ? Duration.ZERO
                                : Duration.ofMillis(random.nextLong(d.delayMax().toMillis() + 1)));
        if (!delay.isZero()) {
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AgentException("interrupted while delaying fencing of " + node);
            }
        }
        ProcessRunner.Outcome o = runAgent(d, action, Optional.of(port(d, node)));
        boolean verified = false;
        if (o.exitCode() == 0 && !o.timedOut()) {
            // Verify: after off the target must read off (2); after on or reboot, on (0).
            ProcessRunner.Outcome st = runAgent(d, "status", Optional.of(port(d, node)));
            verified = action.equals("off") ? st.exitCode() == 2 : st.exitCode() == 0;
        }
        return new FenceResult.Attempt(
                d.id(),
                level,
                o.timedOut() ? -2 : o.exitCode(),
                o.timedOut(),
                verified,
                (o.stdout() + o.stderr()).strip(),
                o.elapsed());
    }

    private ProcessRunner.Outcome runAgent(FenceDevice d, String action, Optional<String> port) {
        Path agent = agentPath(d.agent());
        // Defence in depth (configuration refuses these too): a line break in a value would add a line of its own
        // to the agent's stdin, e.g. action=off; the device fails instead of running with it.
        List<String> unsafe =
                new ArrayList<>(ControlCharacters.problems("fencing device " + d.id(), "parameter", d.agentParams()));
        port.flatMap(p -> ControlCharacters.problem("fencing device " + d.id(), "port", "port", p))
                .ifPresent(unsafe::add);
        if (!unsafe.isEmpty()) {
            String why = "refused to run " + d.agent() + " " + action + ": " + String.join("; ", unsafe);
            log.error(why);
            return new ProcessRunner.Outcome(1, "", why, Duration.ZERO, false);
        }
        StringBuilder stdin = new StringBuilder("action=" + action + "\n");
        port.ifPresent(
                p -> stdin.append("port=").append(p).append("\nplug=").append(p).append('\n'));
        d.agentParams().forEach((k, v) -> stdin.append(k).append('=').append(v).append('\n'));
        try {
            return ProcessRunner.run(
                    List.of(agent.toString()),
                    Map.of("PATH", PATH, "LANG", "C"),
                    null,
                    stdin.toString(),
                    d.timeout(action));
        } catch (IOException e) {
            throw new AgentException(d.id() + ": cannot run " + agent + ": " + e.getMessage(), e);
        }
    }

    public Path agentPath(String agent) {
        if (!agent.matches("fence_[A-Za-z0-9_]+")) {
            throw new AgentException("'" + agent + "' is not a fence agent name (expected fence_*, e.g. fence_dummy)");
        }
        Path p = paths.fenceAgentDir().resolve(agent);
        if (!Files.exists(p)) {
            throw new AgentException("unknown fence agent " + agent + ": " + p + " does not exist "
                    + "(hapc stonith list shows the installed ones; Debian packages them in fence-agents)");
        }
        if (!Files.isExecutable(p))
            throw new AgentException("fence agent " + p + " is not executable (chmod +x " + p + ")");
        return p;
    }

    public AgentMetadata metadata(String agent) {
        ProcessRunner.Outcome o = runAgent(new FenceDevice("metadata", agent, Map.of()), "metadata", Optional.empty());
        if (o.exitCode() != 0) throw new AgentException(agent + ": metadata failed with rc " + o.exitCode());
        return MetadataParser.parse(agent, o.stdout());
    }

    /** Installed fence agents. */
    public List<String> agents() {
        try (Stream<Path> s = Files.list(paths.fenceAgentDir())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("fence_"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
