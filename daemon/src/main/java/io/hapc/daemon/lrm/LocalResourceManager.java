package io.hapc.daemon.lrm;

import static io.hapc.model.status.OperationHistory.DONE;
import static io.hapc.model.status.OperationHistory.ERROR;
import static io.hapc.model.status.OperationHistory.PENDING;
import static io.hapc.model.status.OperationHistory.TIMED_OUT;

import io.hapc.agents.ActionRequest;
import io.hapc.agents.ActionResult;
import io.hapc.agents.AgentException;
import io.hapc.agents.AgentId;
import io.hapc.agents.OcfResult;
import io.hapc.agents.ResourceAgentExecutor;
import io.hapc.agents.monitor.RecurringMonitors;
import io.hapc.daemon.fencing.Fencer;
import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.daemon.messages.DaemonMessage.OperationResult;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's resource manager: runs the actions the DC asks for through the agents (one at a time
 * per resource, resources in parallel), keeps each resource's operation history as Pacemaker's
 * lrm section records it (last operation, last failure, recurring monitors), runs recurring
 * monitors and reports results to whoever is DC through `reporter`.
 */
public final class LocalResourceManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalResourceManager.class);

    private final String node;
    private final ResourceAgentExecutor executor;
    private final ExecutorService workers;
    private final RecurringMonitors monitors;
    private final ActionJournal journal;
    private final Consumer<OperationResult> reporter;
    private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, OperationRecord>> history = new ConcurrentHashMap<>();
    private final Map<String, String> agentOf = new ConcurrentHashMap<>();
    private final Map<String, AgentCall> monitorCalls = new ConcurrentHashMap<>();
    /** Each resource's last start as it was asked for: a stop uses its agent and parameters (Pacemaker's stop_params). */
    private final Map<String, AgentCall> lastStarts = new ConcurrentHashMap<>();

    private final AtomicInteger callIds = new AtomicInteger();
    private final java.util.Set<String> fencingStarted = ConcurrentHashMap.newKeySet();
    private final Fencer fencer;

    public LocalResourceManager(
            String node,
            ResourceAgentExecutor executor,
            Fencer fencer,
            ExecutorService workers,
            ScheduledExecutorService scheduler,
            ActionJournal journal,
            Consumer<OperationResult> reporter) {
        this.node = node;
        this.executor = executor;
        this.fencer = fencer;
        this.workers = workers;
        this.journal = journal;
        this.reporter = reporter;
        this.monitors = new RecurringMonitors(executor, scheduler, this::monitorResult);
    }

    /** Runs one action for the DC; the result is reported when it ends. */
    public CompletableFuture<OperationResult> execute(long transitionId, int actionId, AgentCall call) {
        CompletableFuture<OperationResult> done = new CompletableFuture<>();
        inLane(call.resource(), () -> {
            OperationResult r = run(transitionId, actionId, call);
            reporter.accept(r);
            done.complete(r);
        });
        return done;
    }

    /** Probes the given primitives this node has no history of, then returns everything it knows. */
    public CompletableFuture<List<ResourceHistory>> probeUnknown(List<AgentCall> probes) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (AgentCall p : probes) {
            if (history.containsKey(p.resource())) continue;
            CompletableFuture<Void> f = new CompletableFuture<>();
            inLane(p.resource(), () -> {
                if (!history.containsKey(p.resource())) run(0, 0, p);
                f.complete(null);
            });
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> snapshot());
    }

    /** A cleanup: failures of `resource` forgotten, then probed again. */
    public CompletableFuture<List<ResourceHistory>> forget(String resource, AgentCall probe) {
        CompletableFuture<List<ResourceHistory>> done = new CompletableFuture<>();
        inLane(resource, () -> {
            for (AgentCall m : List.copyOf(monitorCalls.values())) {
                if (m.resource().equals(resource)) {
                    monitors.stop(resource, m.intervalMs());
                    monitorCalls.remove(key(m));
                }
            }
            history.remove(resource);
            run(0, 0, probe);
            done.complete(snapshot());
        });
        return done;
    }

    /** What runs here and ran here, as lrm_resource entries. */
    public List<ResourceHistory> snapshot() {
        List<ResourceHistory> out = new ArrayList<>();
        history.forEach((rsc, ops) -> {
            AgentId a = AgentId.parse(agentOf.get(rsc));
            out.add(new ResourceHistory(rsc, a.standard(), a.provider(), a.type(), List.copyOf(ops.values())));
        });
        out.sort(java.util.Comparator.comparing(ResourceHistory::id));
        return out;
    }

    /**
     * Stops everything that may be active here (the node lost the cluster and no-quorum-policy says
     * stop). Returns when every stop has ended.
     */
    public CompletableFuture<Void> stopAll(Map<String, AgentCall> stopCalls) {
        return stopAll(stopCalls, List.of());
    }

    /**
     * Stops everything that may be active here, wave after wave: a wave starts once every stop of the
     * previous one has ended (the order the constraints give); what no wave names stops last.
     */
    public CompletableFuture<Void> stopAll(Map<String, AgentCall> stopCalls, List<List<String>> waves) {
        return stopAll(stopCalls, waves, new CompletableFuture<>());
    }

    /**
     * As {@link #stopAll(Map, List)}, but once {@code hurry} completes, every wave not yet begun begins
     * at once: past that moment the others may start these resources, and a late stop is worse than
     * stops out of order.
     */
    public CompletableFuture<Void> stopAll(
            Map<String, AgentCall> stopCalls, List<List<String>> waves, CompletableFuture<Void> hurry) {
        java.util.Set<String> named = new java.util.HashSet<>();
        waves.forEach(named::addAll);
        List<List<String>> all = new ArrayList<>(waves);
        all.add(List.copyOf(history.keySet()).stream()
                .filter(r -> !named.contains(r))
                .sorted()
                .toList());
        return act(stopCalls, all, hurry);
    }

    /**
     * Runs {@code calls} (a stop or a demote per resource) wave after wave, and nothing else: a node
     * cut off from the cluster carrying out what the policy engine decided. A resource without a
     * call is stopped with the parameters it was started with.
     */
    public CompletableFuture<Void> act(
            Map<String, AgentCall> calls, List<List<String>> waves, CompletableFuture<Void> hurry) {
        return act(calls, Map.of(), waves, hurry);
    }

    /**
     * As above; a resource in {@code demoteFirst} is demoted (that call) right before its stop, in its
     * wave: an agent may refuse to stop a promoted instance (Pacemaker's Stateful answers 8, running
     * promoted), Pacemaker always demotes one first.
     */
    public CompletableFuture<Void> act(
            Map<String, AgentCall> calls,
            Map<String, AgentCall> demoteFirst,
            List<List<String>> waves,
            CompletableFuture<Void> hurry) {
        return StopWaves.run(waves, wave -> actWave(calls, demoteFirst, wave), hurry);
    }

    private CompletableFuture<Void> actWave(
            Map<String, AgentCall> calls, Map<String, AgentCall> demoteFirst, List<String> wave) {
        List<CompletableFuture<OperationResult>> stops = new ArrayList<>();
        for (String rsc : wave) {
            if (!mayBeActive(rsc)) continue;
            AgentCall stop = calls.get(rsc);
            if (stop == null)
                stop = Optional.ofNullable(lastStarts.get(rsc))
                        .map(LocalResourceManager::stopOf)
                        .orElse(null);
            if (stop == null) {
                log.warn("{} may be active but its definition is unknown: cannot stop it", rsc);
                continue;
            }
            AgentCall theStop = stop;
            AgentCall demote = demoteFirst.get(rsc);
            // Stopped whatever the demote answered: the stop says whether the resource is down.
            CompletableFuture<OperationResult> act = demote == null
                    ? execute(-1, 0, stop)
                    : execute(-1, 0, demote)
                            .orTimeout(demote.timeoutMs() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS)
                            .handle((r, e) -> null)
                            .thenCompose(x -> execute(-1, 0, theStop));
            // A stop that never reports (it failed unexpectedly) must not hold back the waves after it.
            stops.add(act.orTimeout(stop.timeoutMs() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .exceptionally(e -> null));
        }
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
    }

    public List<String> activeResources() {
        return history.keySet().stream().filter(this::mayBeActive).sorted().toList();
    }

    private boolean mayBeActive(String rsc) {
        return history.containsKey(rsc) && LrmHistory.mayBeActive(historyOf(rsc));
    }

    private void inLane(String resource, Runnable task) {
        lanes.compute(
                resource,
                (k, prev) -> (prev == null ? CompletableFuture.<Void>completedFuture(null) : prev)
                        .thenRunAsync(
                                () -> {
                                    try {
                                        task.run();
                                    } catch (RuntimeException e) {
                                        log.error("action on {} failed unexpectedly", resource, e);
                                    }
                                },
                                workers));
    }

    private OperationResult run(long transitionId, int actionId, AgentCall asked) {
        AgentCall call = asked.action().equals("stop") ? withStartParams(asked) : asked;
        if (call.action().equals("start")) lastStarts.put(call.resource(), call);
        agentOf.put(call.resource(), call.agent());
        boolean recurring = call.action().equals("monitor") && call.intervalMs() > 0;
        if (call.action().equals("stop")
                || call.action().equals("demote")
                || call.action().equals("promote")) {
            cancelMonitors(call.resource());
        }
        String opKey = recurring
                ? OperationHistory.recurringId(call.resource(), "monitor", call.intervalMs())
                : OperationHistory.lastOperationId(call.resource());
        record(call, opKey, transitionId, actionId, 0, PENDING, Optional.empty());
        Instant begin = journal.now();
        ActionResult result;
        try {
            result = call.agent().startsWith("stonith:") ? fencingDevice(call) : executor.execute(request(call));
        } catch (AgentException e) {
            // An agent missing here (not installed on this host, not executable, a standard this host lacks) is an
            // answer,
            // not a crash of the action: "not installed" as Pacemaker's executor reports it. Thrown on, it left the
            // probe
            // unanswered and the node never joined.
            log.error("{} {} {}: {}", node, call.resource(), call.action(), e.getMessage());
            result = new ActionResult(
                    call.resource(),
                    call.action(),
                    OcfResult.ERR_INSTALLED.code(),
                    OcfResult.ERR_INSTALLED,
                    Optional.of(e.getMessage()),
                    "",
                    e.getMessage(),
                    Duration.ZERO,
                    false);
        }
        journal.record(begin, journal.now(), call.resource(), call.action(), call.intervalMs(), result.rc());
        boolean probe = call.action().equals("monitor") && call.intervalMs() == 0;
        boolean success = !result.timedOut()
                && (result.rc() == call.expectedRc()
                        || probe && (result.rc() == 0 || result.rc() == 7 || result.rc() == 8));
        int status = result.timedOut() ? TIMED_OUT : success ? DONE : ERROR;
        int rc = result.timedOut() ? 1 : result.rc();
        record(call, opKey, transitionId, actionId, rc, status, result.exitReason());
        if (!success) {
            record(
                    call,
                    OperationHistory.lastFailureId(call.resource()),
                    transitionId,
                    actionId,
                    rc,
                    status,
                    result.exitReason());
        }
        if (recurring && success) {
            monitorCalls.put(key(call), call);
            monitors.start(request(call), call.expectedRc());
        }
        log.info(
                "{} {} {} (interval {} ms) rc={}{}",
                node,
                call.resource(),
                call.action(),
                call.intervalMs(),
                rc,
                result.timedOut() ? " timed out" : "");
        return new OperationResult(
                transitionId,
                actionId,
                node,
                call.resource(),
                call.action(),
                call.intervalMs(),
                rc,
                call.expectedRc(),
                success,
                result.exitReason().orElse(""),
                historyOf(call.resource()));
    }

    /**
     * A fencing device "runs" on a node when that node has checked it can reach the device: start and
     * monitor ask the device's status; stop has nothing to undo. The fencing itself is the DC's.
     */
    private ActionResult fencingDevice(AgentCall call) {
        long t0 = System.nanoTime();
        int rc;
        String out = "";
        boolean timedOut = false;
        switch (call.action()) {
            case "stop" -> rc = 0;
            case "monitor" ->
                rc = call.intervalMs() == 0 && !fencingStarted.contains(call.resource()) ? 7 : deviceMonitor(call);
            case "start" -> rc = deviceMonitor(call);
            default -> rc = 3;
        }
        if (call.action().equals("start") && rc == 0) fencingStarted.add(call.resource());
        if (call.action().equals("stop")) fencingStarted.remove(call.resource());
        return new ActionResult(
                call.resource(),
                call.action(),
                rc,
                OcfResult.of(rc),
                Optional.empty(),
                out,
                "",
                Duration.ofNanos(System.nanoTime() - t0),
                timedOut);
    }

    private int deviceMonitor(AgentCall call) {
        String type = call.agent().substring("stonith:".length());
        try {
            return fencer.monitor(call.resource(), type, call.params())
                    .map(rc -> rc == 0 ? 0 : 1)
                    .orElse(1);
        } catch (RuntimeException e) {
            log.warn("fencing device {}: {}", call.resource(), e.getMessage());
            return 5;
        }
    }

    private void monitorResult(ActionRequest req, ActionResult result, boolean changed) {
        AgentCall call = monitorCalls.get(req.resourceId() + "_" + req.intervalMs());
        if (call == null || !changed) return; // a monitor that was cancelled meanwhile, or nothing new
        boolean success = result.rc() == call.expectedRc() && !result.timedOut();
        int rc = result.timedOut() ? 1 : result.rc();
        int status = result.timedOut() ? TIMED_OUT : success ? DONE : ERROR;
        String opKey = OperationHistory.recurringId(call.resource(), "monitor", call.intervalMs());
        record(call, opKey, 0, 0, rc, status, result.exitReason());
        if (!success)
            record(call, OperationHistory.lastFailureId(call.resource()), 0, 0, rc, status, result.exitReason());
        journal.record(journal.now(), journal.now(), call.resource(), "monitor", call.intervalMs(), rc);
        log.warn("{} monitor of {} (interval {} ms) returned {}", node, call.resource(), call.intervalMs(), rc);
        reporter.accept(new OperationResult(
                -1,
                0,
                node,
                call.resource(),
                "monitor",
                call.intervalMs(),
                rc,
                call.expectedRc(),
                success,
                result.exitReason().orElse(""),
                historyOf(call.resource())));
    }

    private void cancelMonitors(String resource) {
        for (AgentCall m : List.copyOf(monitorCalls.values())) {
            if (!m.resource().equals(resource)) continue;
            monitors.stop(resource, m.intervalMs());
            monitorCalls.remove(key(m));
            Map<String, OperationRecord> ops = history.get(resource);
            if (ops != null) ops.remove(resource + "_monitor_" + m.intervalMs());
        }
    }

    private void record(
            AgentCall call,
            String opKey,
            long transitionId,
            int actionId,
            int rc,
            int status,
            Optional<String> exitReason) {
        OperationRecord rec = new OperationRecord(
                opKey,
                call.action(),
                call.intervalMs(),
                callIds.incrementAndGet(),
                rc,
                status,
                Optional.of(actionId + ":" + transitionId + ":" + call.expectedRc() + ":hapc"),
                Optional.empty(),
                journal.now().getEpochSecond(),
                exitReason.filter(s -> !s.isBlank()),
                Optional.of(node));
        history.computeIfAbsent(call.resource(), k -> new ConcurrentHashMap<>()).put(opKey, rec);
    }

    private ResourceHistory historyOf(String rsc) {
        AgentId a = AgentId.parse(agentOf.get(rsc));
        return new ResourceHistory(
                rsc,
                a.standard(),
                a.provider(),
                a.type(),
                List.copyOf(history.getOrDefault(rsc, Map.of()).values()));
    }

    /**
     * A stop acts on the instance that was started: with the parameters of its last start (a
     * resource deleted while running reaches us with none, a reconfigured one with its new ones).
     */
    private AgentCall withStartParams(AgentCall stop) {
        AgentCall start = lastStarts.get(stop.resource());
        if (start == null || !start.agent().equals(stop.agent())) return stop;
        return new AgentCall(
                stop.resource(),
                stop.agent(),
                "stop",
                0,
                stop.timeoutMs(),
                stop.expectedRc(),
                start.params(),
                stop.meta().isEmpty() ? start.meta() : stop.meta());
    }

    private static AgentCall stopOf(AgentCall start) {
        return new AgentCall(
                start.resource(), start.agent(), "stop", 0, start.timeoutMs(), 0, start.params(), start.meta());
    }

    private static String key(AgentCall c) {
        return c.resource() + "_" + c.intervalMs();
    }

    private static ActionRequest request(AgentCall call) {
        return new ActionRequest(
                call.resource(),
                AgentId.parse(call.agent()),
                call.action(),
                call.params(),
                call.meta(),
                call.intervalMs(),
                Duration.ofMillis(call.timeoutMs()));
    }

    @Override
    public void close() {
        monitors.close();
    }
}
