package io.hapc.agents;

import io.hapc.agents.exec.ProcessRunner;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.agents.metadata.DefinitionCheck;
import io.hapc.agents.metadata.MetadataParser;
import io.hapc.model.cib.ControlCharacters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local resource manager: runs OCF, LSB, systemd and service agents for one node, with a
 * clean environment, a timeout per action and the node's own HA_RSCTMP. Never runs two actions
 * at once on the same resource.
 */
public final class ResourceAgentExecutor {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final String EXIT_REASON_PREFIX = "ocf-exit-reason:";
    private static final Logger log = LoggerFactory.getLogger(ResourceAgentExecutor.class);

    private final AgentPaths paths;
    private final NodeIsolation node;
    private final Optional<ClusterTools> tools;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public ResourceAgentExecutor(AgentPaths paths, NodeIsolation node) {
        this(paths, node, Optional.empty());
    }

    /** With hapc's answers to Pacemaker's tools for the OCF agents it runs (promotion scores: crm_attribute). */
    public ResourceAgentExecutor(AgentPaths paths, NodeIsolation node, Optional<ClusterTools> tools) {
        this.paths = paths;
        this.node = node;
        this.tools = tools;
    }

    public ActionResult execute(ActionRequest req) {
        ReentrantLock lock = locks.computeIfAbsent(req.resourceId(), k -> new ReentrantLock(true));
        lock.lock();
        try {
            return switch (effectiveStandard(req.agent())) {
                case "ocf" -> runOcf(req);
                case "lsb" -> runLsb(req);
                case "systemd" -> runSystemd(req);
                default ->
                    throw new AgentException(req.agent() + ": the stonith standard is run by the fencer "
                            + "(hapc stonith …), not as a resource action");
            };
        } finally {
            lock.unlock();
        }
    }

    /** `service:X` is systemd where systemd runs, LSB otherwise. */
    private static String effectiveStandard(AgentId agent) {
        if (!agent.standard().equals("service")) return agent.standard();
        return systemdRunning() ? "systemd" : "lsb";
    }

    public static boolean systemdRunning() {
        return Files.isDirectory(Path.of("/run/systemd/system"));
    }

    public AgentMetadata metadata(AgentId agent) {
        if (!agent.standard().equals("ocf")) {
            return new AgentMetadata(
                    agent.type(),
                    agent + " (" + agent.standard() + " service)",
                    "",
                    List.of(),
                    List.of(
                            new AgentMetadata.Action("start", Optional.empty(), Optional.empty(), Optional.empty()),
                            new AgentMetadata.Action("stop", Optional.empty(), Optional.empty(), Optional.empty()),
                            new AgentMetadata.Action("monitor", Optional.empty(), Optional.empty(), Optional.empty())));
        }
        ActionResult r = runOcf(
                new ActionRequest("meta-data", agent, "meta-data", Map.of(), Map.of(), 0, Duration.ofSeconds(10)));
        if (r.rc() != 0)
            throw new AgentException(agent + ": meta-data failed with rc " + r.rc() + " "
                    + r.stderr().strip());
        return MetadataParser.parse(agent.toString(), r.stdout());
    }

    /** Checks a definition against meta-data: missing required parameters are errors, unknown ones warnings. */
    public DefinitionCheck check(AgentId agent, Map<String, String> params) {
        return DefinitionCheck.of(agent.toString(), metadata(agent), params);
    }

    public Path ocfScript(AgentId agent) {
        Path script = paths.ocfRoot()
                .resolve("resource.d")
                .resolve(agent.provider().orElse(""))
                .resolve(agent.type());
        requireExecutable(
                agent, script, "hapc resource agents ocf:" + agent.provider().orElse(""));
        return script;
    }

    private static void requireExecutable(AgentId agent, Path script, String listHint) {
        if (!Files.exists(script)) {
            throw new AgentException(
                    "unknown agent " + agent + ": " + script + " does not exist (list installed agents: " + listHint
                            + "; Debian packages them in resource-agents)");
        }
        if (!Files.isExecutable(script)) {
            throw new AgentException("agent " + agent + " is not executable: " + script + " (chmod +x " + script + ")");
        }
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("LANG", "C");
        env.put("HA_RSCTMP", node.rscTmp().toString());
        env.put("HA_LOGFACILITY", "none");
        env.put("HA_LOGFILE", node.logDir().resolve("agents.log").toString());
        env.put("HA_debug", "0");
        // Where agents keep pid and state files (ocf-directories: /var/run/): hapcd's own setting passes on, so
        // that several nodes sharing one machine (tests, the shared sandbox) can each have theirs.
        String varRun = System.getenv("HA_VARRUN");
        if (varRun != null && !varRun.isBlank()) env.put("HA_VARRUN", varRun);
        return env;
    }

    private ActionResult runOcf(ActionRequest req) {
        Path script = ocfScript(req.agent());
        // Defence in depth (configuration refuses these too): agents write parameters into files and command lines,
        // where a line break starts a line of its own. Not configured, as an agent says of a parameter it cannot use.
        List<String> unsafe =
                new ArrayList<>(ControlCharacters.problems("resource " + req.resourceId(), "parameter", req.params()));
        unsafe.addAll(ControlCharacters.problems("resource " + req.resourceId(), "meta attribute", req.meta()));
        if (!unsafe.isEmpty()) {
            String why = "not run: " + String.join("; ", unsafe);
            log.error("{} {}: {}", req.agent(), req.action(), why);
            return new ActionResult(
                    req.resourceId(),
                    req.action(),
                    OcfResult.ERR_CONFIGURED.code(),
                    OcfResult.ERR_CONFIGURED,
                    Optional.of(why),
                    "",
                    why,
                    Duration.ZERO,
                    false);
        }
        Map<String, String> env = baseEnvironment();
        env.put("OCF_ROOT", paths.ocfRoot().toString());
        env.put("OCF_RA_VERSION_MAJOR", "1");
        env.put("OCF_RA_VERSION_MINOR", "1");
        env.put("OCF_RESOURCE_INSTANCE", req.resourceId());
        env.put("OCF_RESOURCE_TYPE", req.agent().type());
        env.put("OCF_RESOURCE_PROVIDER", req.agent().provider().orElse(""));
        env.put("OCF_EXIT_REASON_PREFIX", EXIT_REASON_PREFIX);
        env.put("OCF_CHECK_LEVEL", req.meta().getOrDefault("OCF_CHECK_LEVEL", "0"));
        env.put("OCF_OUTPUT_FORMAT", "text");
        req.params().forEach((k, v) -> env.put("OCF_RESKEY_" + k, v));
        req.meta().forEach((k, v) -> env.put("OCF_RESKEY_CRM_meta_" + k.replace('-', '_'), v));
        env.put("OCF_RESKEY_CRM_meta_interval", Long.toString(req.intervalMs()));
        env.put("OCF_RESKEY_CRM_meta_timeout", Long.toString(req.timeout().toMillis()));
        env.put("OCF_RESKEY_CRM_meta_name", req.action());
        env.put("OCF_RESKEY_CRM_meta_on_node", node.nodeName());
        tools.ifPresent(t -> t.addTo(env));
        return run(req, List.of(script.toString(), req.action()), env, req.action());
    }

    private ActionResult runLsb(ActionRequest req) {
        Path script = paths.initDir().resolve(req.agent().type());
        requireExecutable(req.agent(), script, "ls " + paths.initDir());
        String verb = switch (req.action()) {
            case "monitor", "status" -> "status";
            case "start", "stop", "restart", "force-reload", "reload" -> req.action();
            default ->
                throw new AgentException(req.agent() + ": LSB scripts have no '" + req.action()
                        + "' action (start, stop, monitor/status, restart)");
        };
        ActionResult raw = run(req, List.of(script.toString(), verb), baseEnvironment(), req.action());
        if (!verb.equals("status") || raw.timedOut()) return raw;
        // LSB status: 0 running, 1 dead + pid file, 2 dead + lock file, 3 not running, 4 unknown.
        int rc = switch (raw.rc()) {
            case 0 -> 0;
            case 1, 2, 3 -> 7;
            default -> 1;
        };
        return new ActionResult(
                raw.resource(),
                raw.action(),
                rc,
                OcfResult.of(rc),
                raw.exitReason(),
                raw.stdout(),
                raw.stderr(),
                raw.elapsed(),
                false);
    }

    private ActionResult runSystemd(ActionRequest req) {
        if (!systemdRunning()) {
            throw new AgentException(req.agent() + ": systemd is not running on this machine (no /run/systemd/system); "
                    + "use lsb:" + req.agent().type() + " or an OCF agent instead");
        }
        String unit = req.agent().type().contains(".")
                ? req.agent().type()
                : req.agent().type() + ".service";
        List<String> cmd = switch (req.action()) {
            case "start", "stop" -> List.of("systemctl", req.action(), unit);
            case "monitor", "status" -> List.of("systemctl", "is-active", "--quiet", unit);
            default -> throw new AgentException(req.agent() + ": systemd units have no '" + req.action() + "' action");
        };
        ActionResult raw = run(req, cmd, baseEnvironment(), req.action());
        if (!cmd.get(1).equals("is-active") || raw.timedOut()) return raw;
        int rc = raw.rc() == 0 ? 0 : 7;
        return new ActionResult(
                raw.resource(),
                raw.action(),
                rc,
                OcfResult.of(rc),
                raw.exitReason(),
                raw.stdout(),
                raw.stderr(),
                raw.elapsed(),
                false);
    }

    private ActionResult run(ActionRequest req, List<String> command, Map<String, String> env, String action) {
        Path ownDir = null;
        Path ownLog = null;
        try {
            Files.createDirectories(node.rscTmp());
            Files.createDirectories(node.logDir());
            // What the agent logs during this action alone (HA_DEBUGLOG gets every ocf_log line besides
            // HA_LOGFILE): its last error is the reason to show when it gives no exit reason. In a directory of
            // its own (0700), removed with it: a child the agent left in the background (IPaddr2's send_arp logs
            // after the action ended) then finds no directory to recreate the file in, instead of leaving it behind
            // readable by all.
            ownDir = Files.createTempDirectory(node.logDir(), ".action-");
            ownLog = Files.createFile(
                    ownDir.resolve("agent.log"),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Map<String, String> actionEnv = new LinkedHashMap<>(env);
            actionEnv.put("HA_DEBUGLOG", ownLog.toString());
            List<String> cmd = new ArrayList<>();
            node.networkNamespace().ifPresent(ns -> cmd.addAll(List.of("ip", "netns", "exec", ns)));
            cmd.addAll(command);
            ProcessRunner.Outcome o = ProcessRunner.run(cmd, actionEnv, null, null, req.timeout());
            int rc = o.timedOut() ? OcfResult.TIMEOUT.code() : o.exitCode();
            OcfResult result = o.timedOut() ? OcfResult.TIMEOUT : OcfResult.of(rc);
            Optional<String> reason = exitReason(o.stderr());
            if (reason.isEmpty() && rc != 0 && rc != OcfResult.NOT_RUNNING.code()) reason = lastLoggedError(ownLog);
            return new ActionResult(
                    req.resourceId(), action, rc, result, reason, o.stdout(), o.stderr(), o.elapsed(), o.timedOut());
        } catch (IOException e) {
            throw new AgentException(
                    req.agent() + " " + action + ": cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } finally {
            if (ownDir != null) {
                try {
                    if (ownLog != null) Files.deleteIfExists(ownLog);
                    Files.deleteIfExists(ownDir);
                } catch (IOException e) {
                    log.debug("cannot remove {}: {}", ownDir, e.toString());
                }
            }
        }
    }

    /** The text of the last "ERROR: …" line an agent logged through ocf_log, if any. */
    static Optional<String> lastLoggedError(Path log) {
        try {
            String found = null;
            for (String line : Files.readAllLines(log)) {
                int i = line.lastIndexOf("ERROR: ");
                if (i >= 0) found = line.substring(i + "ERROR: ".length()).strip();
            }
            return Optional.ofNullable(found).filter(f -> !f.isEmpty());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> exitReason(String stderr) {
        String reason = null;
        for (String line : stderr.split("\\R")) {
            int i = line.indexOf(EXIT_REASON_PREFIX);
            if (i >= 0) reason = line.substring(i + EXIT_REASON_PREFIX.length()).strip();
        }
        return Optional.ofNullable(reason);
    }

    /** Installed OCF providers, LSB scripts and systemd units, for `hapc resource agents`. */
    public List<String> agents(String standard, Optional<String> provider) {
        List<String> out = new ArrayList<>();
        try {
            switch (standard.toLowerCase(Locale.ROOT)) {
                case "ocf" -> {
                    for (String p : providers()) {
                        if (provider.isPresent() && !provider.get().equals(p)) continue;
                        try (var s =
                                Files.list(paths.ocfRoot().resolve("resource.d").resolve(p))) {
                            s.filter(Files::isExecutable)
                                    .filter(Files::isRegularFile)
                                    .map(f -> "ocf:" + p + ":" + f.getFileName())
                                    .sorted()
                                    .forEach(out::add);
                        }
                    }
                }
                case "lsb", "service" -> {
                    if (Files.isDirectory(paths.initDir())) {
                        try (var s = Files.list(paths.initDir())) {
                            s.filter(Files::isExecutable)
                                    .map(f -> standard + ":" + f.getFileName())
                                    .sorted()
                                    .forEach(out::add);
                        }
                    }
                }
                case "systemd" -> {
                    if (!systemdRunning())
                        throw new AgentException("systemd is not running on this machine: no systemd agents");
                }
                default ->
                    throw new AgentException(
                            "unknown standard '" + standard + "' (expected ocf, lsb, service or systemd)");
            }
        } catch (IOException e) {
            throw new AgentException("cannot list agents: " + e.getMessage(), e);
        }
        return out;
    }

    /** Every installed OCF or LSB agent called `type` (for short names: `IPaddr2` → ocf:heartbeat:IPaddr2). */
    public List<AgentId> agentsNamed(String type) {
        List<AgentId> out = new ArrayList<>();
        if (type.isEmpty() || type.contains("/") || type.startsWith(".")) return out;
        for (String p : providers()) {
            Path script = paths.ocfRoot().resolve("resource.d").resolve(p).resolve(type);
            if (Files.isRegularFile(script) && Files.isExecutable(script))
                out.add(new AgentId("ocf", Optional.of(p), type));
        }
        Path init = paths.initDir().resolve(type);
        if (Files.isRegularFile(init) && Files.isExecutable(init)) out.add(new AgentId("lsb", Optional.empty(), type));
        return out;
    }

    public List<String> providers() {
        Path dir = paths.ocfRoot().resolve("resource.d");
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new AgentException("cannot list OCF providers in " + dir + ": " + e.getMessage(), e);
        }
    }
}
