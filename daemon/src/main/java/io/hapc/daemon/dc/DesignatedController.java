package io.hapc.daemon.dc;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.lrm.LrmHistory;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.daemon.messages.DaemonMessage.NodeHistory;
import io.hapc.daemon.messages.DaemonMessage.OperationResult;
import io.hapc.engine.Decision;
import io.hapc.engine.actions.Action;
import io.hapc.engine.actions.ActionType;
import io.hapc.engine.actions.SummaryLine;
import io.hapc.engine.actions.TransitionGraph;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibChange;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.ControlCharacters;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeState;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.xml.CibXmlWriter;
import io.hapc.transport.CibTooLargeException;
import io.hapc.transport.Membership;
import io.hapc.transport.StaleWriteException;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The designated controller: exists on one node while it holds leadership (with `epoch`). It keeps
 * the cluster's status (who is a member, what each node runs, failures), runs the policy engine on
 * every relevant change and carries out the transition graph on the nodes. Touched only by the
 * daemon's brain thread, so it needs no locks.
 */
public final class DesignatedController {
    private static final Logger log = LoggerFactory.getLogger(DesignatedController.class);
    private static final Duration FENCE_RETRY = Duration.ofSeconds(2);
    private static final Duration ACTION_GRACE = Duration.ofSeconds(5);
    /** Transient attributes of the DC's own node that `hapc status` shows under WARNINGS (hapc-dc-warning-NAME). */
    public static final String WARNING_PREFIX = "hapc-dc-warning-";
    /** Shorter than Pacemaker's 15 min: lifetimes of move/ban constraints end within a minute of their time. */
    private static final Duration DEFAULT_RECHECK = Duration.ofMinutes(1);

    /** How the DC knows each configured node. */
    enum Join { PENDING, MEMBER, LOST, DOWN }

    private static final class NodeTrack {
        Join join;
        List<ResourceHistory> history = List.of();
        boolean shuttingDown;
        Instant pendingSince;

        NodeTrack(Join join) {
            this.join = join;
        }
    }

    private final DcContext ctx;
    private final long epoch;
    private final Function<Cib, Decision> engine;
    /** The warnings of the last decision, one line each, for `hapc status` (get-warnings). */
    private List<String> warnings = List.of();
    private final Duration joinTimeout;
    private Cib config;
    private AgentCalls calls;
    private Cib callsFor;
    private long revision;
    private final Map<String, NodeTrack> tracks = new TreeMap<>();
    private final Map<String, Map<String, String>> attributes = new TreeMap<>();
    private Membership membership;
    private TransitionRun run;
    private long transitions;
    private boolean needsDecision = true;
    private boolean dirty;
    private boolean resigned;
    private long failureRecheckAt = Long.MAX_VALUE;
    private Instant fenceBackoffUntil = Instant.MIN;
    private final Map<String, CompletableFuture<AdminReply>> fenceWaiters = new HashMap<>();
    private final Map<Integer, Long> actionDeadlines = new HashMap<>();
    /** Members asked to probe new resources, and until when the DC waits for them before deciding. */
    private final Map<String, Instant> probing = new HashMap<>();
    /** Everything the DC does after an event runs from this queue: a loop, never nested calls. */
    private final DcEventQueue events;
    private boolean settleQueued;
    /** Counts every change of what the DC knows; a transition repeated on the same count made no progress. */
    private long generation;
    private final ProgressGuard progress = new ProgressGuard();
    private Instant retryAt;
    private String lastAbortReason = "";

    public DesignatedController(DcContext ctx, long epoch, Cib start, long revision, Membership membership,
                                Function<Cib, Decision> engine, Duration joinTimeout) {
        this.ctx = ctx;
        this.events = new DcEventQueue(drain -> ctx.schedule(Duration.ZERO, drain));
        this.epoch = epoch;
        this.engine = engine;
        this.joinTimeout = joinTimeout;
        this.config = start;
        this.revision = revision;
        this.membership = membership;
        Instant now = ctx.clock().instant();
        // What the previous DC knew: failures stay; what runs where is asked again of every member (and stands until it answers).
        for (NodeState s : start.status().nodeStates()) {
            String name = s.uname().orElse(s.id());
            Map<String, String> attrs = new LinkedHashMap<>(s.transientAttributes());
            attrs.keySet().removeIf(k -> k.startsWith(WARNING_PREFIX)); // a previous DC's warnings are its own
            attributes.put(name, attrs);
            boolean cleanlyDown = s.expected().map("down"::equals).orElse(false) || s.join().map("down"::equals).orElse(false)
                    && s.expected().isEmpty();
            NodeTrack t = new NodeTrack(membership.contains(name) ? Join.PENDING : cleanlyDown ? Join.DOWN : Join.LOST);
            // A member's answer replaces this; until then (a member slower than the join timeout) what the CIB last
            // recorded there stands: forgotten, its resources would start elsewhere while it still runs them.
            t.history = s.resources();
            // Not restored from the stored status: a node that restarted is not leaving any more; one that
            // still is asks the new DC again (the node itself knows).
            t.pendingSince = now;
            tracks.put(name, t);
        }
        ensureNodesConfigured(membership.nodes());
        for (String n : membership.nodes()) {
            NodeTrack t = tracks.computeIfAbsent(n, k -> new NodeTrack(Join.PENDING));
            if (t.join != Join.PENDING) t.shuttingDown = false;
            t.join = Join.PENDING;
            t.pendingSince = now;
        }
        log.info("{} is DC (epoch {}), CIB {}; members {}", ctx.localNode(), epoch, start.version(), membership.nodes());
    }

    public long epoch() {
        return epoch;
    }

    /** Asks every member for its resources (probing what it has not probed yet). */
    public void start() {
        List<AgentCall> probes = calls().probes();
        for (String n : membership.nodes()) ctx.send(n, new DaemonMessage.HistoryRequest(epoch, probes));
        touch();
        afterEvent();
        ctx.schedule(joinTimeout, this::afterEvent);
    }

    /** How to call each configured resource's agent, worked out once per configuration (not per action). */
    private AgentCalls calls() {
        if (callsFor != config) {
            calls = new AgentCalls(config);
            callsFor = config;
        }
        return calls;
    }

    /** The newest CIB this DC has: configuration plus the status it keeps. */
    public Cib currentCib() {
        return config.withStatus(status()).withQuorum(true);
    }

    // ---- events --------------------------------------------------------------------------------

    public void membershipChanged(Membership m) {
        if (resigned) return;
        Instant now = ctx.clock().instant();
        List<AgentCall> probes = calls().probes();
        for (String n : m.nodes()) {
            NodeTrack t = tracks.get(n);
            if (t == null || !membership.contains(n) || t.join == Join.LOST || t.join == Join.DOWN) {
                t = tracks.computeIfAbsent(n, k -> new NodeTrack(Join.PENDING));
                t.join = Join.PENDING;
                t.pendingSince = now;
                t.shuttingDown = false;
                log.info("node {} joined; asking for its resources", n);
                ctx.send(n, new DaemonMessage.HistoryRequest(epoch, probes));
            }
        }
        ensureNodesConfigured(m.nodes());
        for (Map.Entry<String, NodeTrack> e : tracks.entrySet()) {
            NodeTrack t = e.getValue();
            if (!m.contains(e.getKey()) && (t.join == Join.MEMBER || t.join == Join.PENDING)) {
                if (t.shuttingDown && activeOn(e.getKey()).isEmpty()) {
                    t.join = Join.DOWN;
                    log.info("node {} left after its shutdown", e.getKey());
                } else {
                    t.join = Join.LOST;
                    log.warn("node {} left the cluster uncleanly", e.getKey());
                }
                failInFlightOn(e.getKey(), "node " + e.getKey() + " left");
            }
        }
        membership = m;
        touch();
        changed("membership changed");
        afterEvent();
        ctx.schedule(joinTimeout, this::afterEvent);
    }

    public void message(DaemonMessage message) {
        if (resigned) return;
        if (message instanceof NodeHistory h) {
            nodeHistory(h);
            afterEvent();
        } else if (message instanceof OperationResult r) {
            operationResult(r);
        } else if (message instanceof DaemonMessage.ShutdownRequest s) {
            shutdown(List.of(s.node()));
            afterEvent();
        } else {
            log.debug("DC ignores {}", message.getClass().getSimpleName());
        }
    }

    private void nodeHistory(NodeHistory h) {
        NodeTrack t = tracks.get(h.node());
        if (t == null || !membership.contains(h.node())) return;
        t.history = h.resources();
        probing.remove(h.node());
        if (t.join == Join.PENDING) log.info("node {} is a member ({} resources known)", h.node(), h.resources().size());
        t.join = Join.MEMBER;
        touch();
        changed("node " + h.node() + " reported its resources");
    }

    private void operationResult(OperationResult r) {
        NodeTrack t = tracks.get(r.node());
        if (t == null) return;
        replaceHistory(t, r.history());
        touch();
        boolean probe = r.operation().equals("monitor") && r.intervalMs() == 0;
        if (!r.success() && !probe) {
            countFailure(r);
            ctx.events().operationFailed(r.resource(), r.node(), r.operation());
        }
        if (run != null && r.transitionId() == run.id()) {
            actionDeadlines.remove(r.actionId());
            run.finished(r.actionId(), r.success(), r.resource() + " " + r.operation() + " on " + r.node() + " returned " + r.rc());
        } else if (!r.success()) {
            changed(r.resource() + " " + r.operation() + " failed on " + r.node() + " (rc " + r.rc() + ")");
        }
        if (!r.success()) needsDecision = true;
        afterEvent();
    }

    private void countFailure(OperationResult r) {
        Map<String, String> attrs = attributes.computeIfAbsent(r.node(), k -> new LinkedHashMap<>());
        String key = r.resource() + "#" + r.operation() + "_" + r.intervalMs();
        int count;
        try {
            count = Integer.parseInt(attrs.getOrDefault("fail-count-" + key, "0"));
        } catch (NumberFormatException e) {
            count = 0;
        }
        boolean hard = r.operation().equals("start") && List.of(2, 3, 5, 6).contains(r.rc()); // hard/fatal: never again here
        // As Pacemaker's controller: with start-failure-is-fatal (the default) a failed start makes the
        // fail-count INFINITY on that node, so each node is tried once; without it, +1 against migration-threshold.
        boolean fatal = hard || r.operation().equals("start") && startFailureIsFatal();
        attrs.put("fail-count-" + key, fatal ? "INFINITY" : Integer.toString(Math.min(1_000_000, count + 1)));
        attrs.put("last-failure-" + key, Long.toString(ctx.clock().instant().getEpochSecond()));
        log.warn("{} {} failed on {} (rc {}{}): fail-count {}", r.resource(), r.operation(), r.node(), r.rc(),
                r.exitReason().isBlank() ? "" : ", " + r.exitReason(), attrs.get("fail-count-" + key));
    }

    private boolean startFailureIsFatal() {
        return config.property("start-failure-is-fatal").map(v -> switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "y", "on", "1" -> true;
            default -> false;
        }).orElse(true);
    }

    public void fenceFinished(String node, FenceResult result, Optional<Integer> actionId, long transitionId) {
        if (resigned) return;
        CompletableFuture<AdminReply> waiter = fenceWaiters.remove(node);
        ctx.events().fencingEnded(node, result.success());
        if (result.success()) {
            log.warn("node {} fenced ({} by {})", node, result.action(), result.device());
            NodeTrack t = tracks.computeIfAbsent(node, k -> new NodeTrack(Join.DOWN));
            if (!membership.contains(node) || t.join != Join.MEMBER) {
                t.join = Join.DOWN;
                t.history = List.of();
                t.shuttingDown = false;
                attributes.remove(node);
            }
            touch();
        } else {
            log.error("{}; retrying in {} s, its resources stay stopped", fenceFailure(node, result), FENCE_RETRY.toSeconds());
            fenceBackoffUntil = ctx.clock().instant().plus(FENCE_RETRY);
            ctx.schedule(FENCE_RETRY, () -> {
                changed("retry fencing " + node);
                afterEvent();
            });
        }
        if (waiter != null) {
            waiter.complete(result.success() ? AdminReply.success("Node: " + node + " fenced (" + result.action() + " by "
                    + result.device() + ")") : AdminReply.failure(5, fenceFailure(node, result)));
        }
        if (run != null && transitionId == run.id()) actionId.ifPresent(id -> run.finished(id, result.success(), "fencing " + node + " failed"));
        needsDecision = true;
        afterEvent();
    }

    /** A timer: actions overdue, joins timed out, failure timeouts and lifetimes to re-check. */
    public void tick() {
        if (resigned) return;
        long now = ctx.clock().millis();
        if (run != null) {
            for (var e : List.copyOf(actionDeadlines.entrySet())) {
                if (now > e.getValue()) {
                    actionDeadlines.remove(e.getKey());
                    Action a = run.action(e.getKey());
                    log.error("no result for {} in time; counting it failed", a.key());
                    run.finished(e.getKey(), false, a.key() + " timed out");
                    needsDecision = true;
                }
            }
        }
        afterEvent();
    }

    public void recheck() {
        if (resigned) return;
        changed("cluster-recheck-interval");
        afterEvent();
    }

    /** How often the DC looks again without an event (move/ban lifetimes, date rules): cluster-recheck-interval. */
    public Duration recheckInterval() {
        try {
            return config.property("cluster-recheck-interval").map(v -> Duration.ofMillis(io.hapc.model.cib.Durations.parseMillis(v)))
                    .filter(v -> !v.isZero() && !v.isNegative()).orElse(DEFAULT_RECHECK);
        } catch (IllegalArgumentException e) {
            return DEFAULT_RECHECK;
        }
    }

    // ---- admin ---------------------------------------------------------------------------------

    public CompletableFuture<AdminReply> admin(AdminRequest request) {
        if (request instanceof AdminRequest.GetWarnings) {
            return CompletableFuture.completedFuture(AdminReply.success(String.join("\n", warnings))
                    .withDc(Optional.of(ctx.localNode())));
        }
        if (request instanceof AdminRequest.Edit e) {
                try {
                    Cib before = currentCib();
                    var outcome = ctx.applyEdit(before, e.edit());
                    String message = String.join("\n", java.util.stream.Stream.concat(
                            java.util.stream.Stream.of(outcome.message()), outcome.warnings().stream().map(w -> "Warning: " + w)).toList());
                    if (outcome.changed()) {
                        // recorded as Pacemaker records it, for status's "Last change"
                        Cib stamped = outcome.cib().withLastChange(
                                CibChange.at(ctx.clock().instant(), ctx.localNode(), "hapc", Optional.empty()));
                        Optional<AdminReply> notStored = storeThenAdopt(before, stamped);
                        if (notStored.isPresent()) return CompletableFuture.completedFuture(notStored.get());
                        changed("configuration changed");
                        // The answer leaves once the edit is stored; what the edit causes runs after.
                        ctx.schedule(Duration.ZERO, this::afterEvent);
                    }
                    return CompletableFuture.completedFuture(AdminReply.success(message)
                            .withCib(CibXmlWriter.write(currentCib()), Optional.of(ctx.localNode())));
                } catch (DcContext.EditRefused refused) {
                    return CompletableFuture.completedFuture(AdminReply.failure(refused.exitCode(), refused.getMessage()));
                }
        }
        if (request instanceof AdminRequest.Fence f) {
                if (!tracks.containsKey(f.node()) && config.nodes().stream().noneMatch(n -> n.uname().equals(f.node()))) {
                    return CompletableFuture.completedFuture(AdminReply.failure(3, "no node named '" + f.node() + "' (nodes: "
                            + String.join(", ", tracks.keySet()) + ")"));
                }
                CompletableFuture<AdminReply> reply = new CompletableFuture<>();
                fenceWaiters.put(f.node(), reply);
                String action = f.action() == null || f.action().isBlank() ? "reboot" : f.action();
                if (f.node().equals(ctx.localNode())) {
                    // A DC fencing itself is gone before it could answer (the caller would read "the DC changed"):
                    // it answers first, saying the result is for the next DC to see.
                    reply.complete(AdminReply.success(f.node() + " is the DC and is being fenced (" + action + ") by its own "
                            + "fencing device; it cannot report the result: a new DC is elected (hapc status)"));
                }
                long tid = run == null ? -1 : run.id();
                ctx.fence(currentCib(), f.node(), action).whenComplete((r, err) -> ctx.schedule(Duration.ZERO,
                        () -> fenceFinished(f.node(), r != null ? r : failedFence(f.node(), action, err), Optional.empty(), tid)));
                return reply;
        }
        if (request instanceof AdminRequest.StopNodes s) {
                List<String> nodes = s.nodes().isEmpty() ? List.copyOf(membership.nodes()) : s.nodes();
                for (String n : nodes) {
                    if (!tracks.containsKey(n)) {
                        return CompletableFuture.completedFuture(AdminReply.failure(3, "no node named '" + n + "' (nodes: "
                                + String.join(", ", tracks.keySet()) + ")"));
                    }
                }
                shutdown(nodes);
                ctx.schedule(Duration.ZERO, this::afterEvent); // the answer leaves before any node is let go
                return CompletableFuture.completedFuture(AdminReply.success("Stopping cluster on " + String.join(", ", nodes)
                        + ": resources are moved off first"));
        }
        return CompletableFuture.completedFuture(AdminReply.failure(5, "the DC does not handle " + request));
    }

    static String fenceFailure(String node, FenceResult result) {
        if (result.attempts().isEmpty()) {
            return "no fencing device can fence " + node + ": configure one whose pcmk_host_list or pcmk_host_map names it "
                    + "(hapc stonith create ID AGENT … pcmk_host_list=" + node + ")";
        }
        StringBuilder b = new StringBuilder("fencing " + node + " failed:");
        for (FenceResult.Attempt a : result.attempts()) {
            b.append(" device ").append(a.device()).append(a.timedOut() ? " timed out" : " returned " + a.rc()).append(';');
        }
        return b.toString();
    }

    private static FenceResult failedFence(String node, String action, Throwable err) {
        return new FenceResult(node, action, false, "", List.of());
    }

    /**
     * Writes the edited CIB, and only once it is stored makes it the DC's: a CIB the store refuses
     * (too large, link in doubt) leaves the DC as it was, so it never shows or later applies a change
     * it reported as failed. Not retried: the admin hears why and decides. Empty when stored.
     */
    private Optional<AdminReply> storeThenAdopt(Cib before, Cib edited) {
        if (resigned) return Optional.of(AdminReply.failure(5, ctx.localNode() + " is no longer DC; nothing was changed; try again"));
        CibVersion v = edited.version().nextUpdate();
        Cib candidate = edited.withVersion(v).withDc(Optional.of(ctx.localNode()), true).withQuorum(true);
        String xml = CibXmlWriter.write(candidate);
        try {
            revision = ctx.writeCib(xml, candidate, revision, epoch).revision();
        } catch (CibTooLargeException e) {
            log.warn("edit refused: {}", e.getMessage());
            return Optional.of(AdminReply.failure(3, "the edit was refused: with it " + e.getMessage()
                    + ". The cluster is unchanged; make the configuration smaller (fewer or shorter resources, parameters, "
                    + "constraints or rule files)"));
        } catch (StaleWriteException e) {
            resigned = true;
            ctx.stepDown("the store refused the DC's write: " + e.getMessage());
            return Optional.of(AdminReply.failure(5, "the edit could not be stored: " + ctx.localNode()
                    + " is no longer DC; nothing was changed; try again"));
        } catch (TransportException e) {
            log.warn("edit not stored: {}", e.getMessage());
            return Optional.of(AdminReply.failure(5, "the edit could not be stored now (" + e.getMessage()
                    + "); nothing was changed; try again"));
        }
        adoptEdited(before, edited);
        config = config.withVersion(v).withDc(Optional.of(ctx.localNode()), true);
        // What was written is what the DC now holds, unless adopting it changed the status it keeps.
        dirty = !CibXmlWriter.write(currentCib()).equals(xml);
        return Optional.empty();
    }

    private void adoptEdited(Cib before, Cib edited) {
        config = edited;
        probeNewResources(before, edited);
        // Status edits (cleanup) come back through the same CIB: take the attributes, forget histories.
        for (NodeState s : edited.status().nodeStates()) {
            String name = s.uname().orElse(s.id());
            attributes.put(name, new LinkedHashMap<>(s.transientAttributes()));
            NodeTrack t = tracks.get(name);
            if (t == null) continue;
            Map<String, ResourceHistory> old = byId(before.status().forNode(s.id()).map(NodeState::resources).orElse(List.of()));
            Map<String, ResourceHistory> now = byId(s.resources());
            for (String rsc : old.keySet()) {
                if (!old.get(rsc).equals(now.get(rsc))) {
                    t.history = s.resources();
                    if (t.join == Join.MEMBER) {
                        // Until the node has probed it again, nobody knows whether it still runs there.
                        calls().call(rsc, "monitor", 0, Optional.empty()).ifPresent(probe -> {
                            probing.put(name, ctx.clock().instant().plus(joinTimeout));
                            ctx.send(name, new DaemonMessage.Forget(epoch, rsc, probe));
                        });
                    }
                }
            }
        }
        touch();
    }

    /** New primitives are probed on every member before they are placed, so none is started twice. */
    private void probeNewResources(Cib before, Cib edited) {
        Set<String> known = new java.util.HashSet<>();
        new AgentCalls(before).probes().forEach(p -> known.add(p.resource()));
        List<AgentCall> probes = calls().probes();
        if (probes.stream().allMatch(p -> known.contains(p.resource()))) return;
        Instant deadline = ctx.clock().instant().plus(joinTimeout);
        for (Map.Entry<String, NodeTrack> e : tracks.entrySet()) {
            if (e.getValue().join != Join.MEMBER) continue;
            probing.put(e.getKey(), deadline);
            ctx.send(e.getKey(), new DaemonMessage.HistoryRequest(epoch, probes));
        }
        ctx.schedule(joinTimeout, this::afterEvent);
    }

    private static Map<String, ResourceHistory> byId(List<ResourceHistory> list) {
        Map<String, ResourceHistory> out = new LinkedHashMap<>();
        list.forEach(h -> out.put(h.id(), h));
        return out;
    }

    private void shutdown(List<String> nodes) {
        for (String n : nodes) {
            NodeTrack t = tracks.get(n);
            if (t != null && (t.join == Join.MEMBER || t.join == Join.PENDING)) {
                t.shuttingDown = true;
                touch();
                log.info("node {} is shutting down: moving its resources off", n);
            }
        }
        changed("shutdown requested");
    }

    // ---- deciding and executing ----------------------------------------------------------------

    private void changed(String why) {
        needsDecision = true;
        if (run != null && !run.complete()) {
            run.abort(why);
            log.info("transition {} aborted: {}", run.id(), why);
        }
    }

    /** Something the DC knows changed: it must be stored, and a transition repeated after it is not a repeat. */
    private void touch() {
        dirty = true;
        generation++;
    }

    /**
     * After every event: one settling step is queued (at most one at a time). It runs now when the
     * DC is not already busy further up the stack, else after the current step: never nested.
     */
    private void afterEvent() {
        if (resigned || settleQueued) return;
        settleQueued = true;
        events.submit(() -> {
            settleQueued = false;
            settle();
        });
    }

    /** Store what changed, grant finished shutdowns, decide when nothing is in flight, dispatch. */
    private void settle() {
        if (resigned) return;
        grantShutdowns();
        if (!flush()) return;
        if (run != null && !run.complete()) {
            dispatch();
            return;
        }
        if (run != null && run.complete()) {
            log.info("transition {} {}", run.id(), run.aborted() ? "ended early (" + run.abortReason() + ")" : "complete");
            lastAbortReason = run.aborted() ? run.abortReason() : "";
            ctx.events().transitionEnded(run.id(), run.aborted());
            run = null;
            needsDecision = true; // Pacemaker's way: after a transition, look again
        }
        if (!needsDecision) return;
        if (waitingForJoins()) return;
        if (ctx.clock().instant().isBefore(fenceBackoffUntil)) return; // a device just failed: not again at once
        Optional<Instant> held = progress.heldUntil(generation, ctx.clock().instant());
        if (held.isPresent()) {
            retryAt(held.get()); // nothing changed since the same transition failed: not again before the back-off
            return;
        }
        needsDecision = false;
        decide();
    }

    private void retryAt(Instant at) {
        if (retryAt != null && !retryAt.isAfter(at)) return;
        retryAt = at;
        ctx.schedule(Duration.between(ctx.clock().instant(), at), () -> {
            retryAt = null;
            afterEvent();
        });
    }

    private boolean waitingForJoins() {
        Instant now = ctx.clock().instant();
        for (Map.Entry<String, NodeTrack> e : tracks.entrySet()) {
            NodeTrack t = e.getValue();
            if (t.join == Join.PENDING && t.pendingSince != null && t.pendingSince.plus(joinTimeout).isAfter(now)) return true;
        }
        probing.values().removeIf(deadline -> !deadline.isAfter(now));
        return !probing.isEmpty();
    }

    private void decide() {
        Cib cib = currentCib();
        Decision d;
        try {
            d = engine.apply(cib);
        } catch (RuntimeException | StackOverflowError e) {
            log.error("the policy engine failed on CIB {}: {}", cib.version(), e.toString(), e);
            return;
        }
        ctx.events().decided(d.elapsed());
        // A CIB stored before values were checked may still hold a control character: the agent is
        // never run with it (rc 6), and the admin hears why here, with the rules' warnings.
        warnings = java.util.stream.Stream.concat(
                ControlCharacters.problems(cib).stream().map(p -> "stored configuration: " + p),
                d.derived().warnings().stream().map(w -> w.message().replaceAll("\\R", " "))).distinct().toList();
        scheduleFailureExpiry(d);
        TransitionGraph graph = withMissingMonitors(d);
        TransitionRun next = new TransitionRun(++transitions, graph);
        if (!next.hasWork()) {
            log.debug("decision {} ms: nothing to do", d.elapsed().toMillis());
            progress.settled();
            clearWarning("no-progress");
            return;
        }
        Instant now = ctx.clock().instant();
        progress.starting(generation, signature(graph), now);
        if (progress.stuck()) {
            Duration wait = progress.currentDelay(now);
            warn("no-progress", "transition " + next.id() + " repeats the previous one with nothing changed since ("
                    + progress.repeats() + " repeats" + (lastAbortReason.isBlank() ? "" : "; it ended early: " + lastAbortReason)
                    + "); next try in " + wait.toSeconds() + " s unless something changes: "
                    + d.transition().summary().stream().map(SummaryLine::toString).toList());
        } else {
            clearWarning("no-progress");
        }
        run = next;
        ctx.events().transitionStarted(run.id());
        log.info("transition {} ({} ms to decide): {}", run.id(), d.elapsed().toMillis(),
                d.transition().summary().stream().map(SummaryLine::toString).toList());
        dispatch();
    }

    /** The earliest moment a failure-timeout lets a failure go: decide again then, not at the next periodic recheck. */
    private void scheduleFailureExpiry(Decision d) {
        long nowMs = ctx.clock().millis();
        long next = Long.MAX_VALUE;
        for (ResourceView r : d.cluster().primitivesById().values()) {
            long timeout = r.meta().failureTimeoutMs();
            if (timeout <= 0) continue;
            for (Long lastSeconds : r.lastFailures().values()) {
                long expiry = lastSeconds * 1000 + timeout;
                if (expiry > nowMs) next = Math.min(next, expiry);
            }
        }
        if (next == Long.MAX_VALUE || next >= failureRecheckAt) return;
        failureRecheckAt = next;
        ctx.schedule(Duration.ofMillis(next - nowMs + 1000), () -> {
            failureRecheckAt = Long.MAX_VALUE;
            recheck();
        });
    }

    /**
     * Recurring monitors of resources that already run where they should, but whose monitor is not
     * running (their node restarted hapcd, or a new DC took over): started without restarting anything.
     */
    private TransitionGraph withMissingMonitors(Decision d) {
        TransitionGraph g = d.transition().graph();
        List<Action> actions = new ArrayList<>(g.actions());
        Set<String> touched = new java.util.HashSet<>();
        for (Action a : g.actions()) a.resource().ifPresent(touched::add);
        int id = actions.stream().mapToInt(Action::id).max().orElse(0);
        for (ResourceView r : d.cluster().primitivesById().values()) {
            if (touched.contains(r.id()) || r.orphan() || !r.meta().managed()) continue;
            for (Presence p : r.presence()) {
                if (p.failed() || p.role() == Role.STOPPED) continue;
                NodeTrack t = tracks.get(p.node());
                if (t == null || t.join != Join.MEMBER) continue;
                for (Operation op : r.operations()) {
                    if (!op.name().equals("monitor") || op.intervalMs() <= 0 || !op.enabled()) continue;
                    Role want = op.role().orElse(Role.STARTED);
                    boolean matches = want == Role.PROMOTED ? p.role() == Role.PROMOTED : p.role() != Role.PROMOTED;
                    if (!matches || hasRecord(t, r.id(), r.id() + "_monitor_" + op.intervalMs())) continue;
                    actions.add(new Action(++id, ActionType.MONITOR, Optional.of(r.id()), p.node(), op.intervalMs(), true,
                            false, Optional.of("monitor not running")));
                }
            }
        }
        return actions.size() == g.actions().size() ? g : new TransitionGraph(actions, g.edges());
    }

    private static boolean hasRecord(NodeTrack t, String rsc, String opId) {
        return t.history.stream().filter(h -> h.id().equals(rsc)).flatMap(h -> h.operations().stream())
                .anyMatch(o -> o.id().equals(opId));
    }

    /** What a graph would do, for telling a repeated transition from a new one. */
    private static String signature(TransitionGraph g) {
        return g.actions().stream().filter(Action::runnable).map(Action::key).sorted().toList().toString();
    }

    /** A warning of the DC, shown by `hapc status` until it is cleared, and logged at each try that repeats it. */
    private void warn(String name, String text) {
        Map<String, String> attrs = attributes.computeIfAbsent(ctx.localNode(), k -> new LinkedHashMap<>());
        String old = attrs.put(WARNING_PREFIX + name, text);
        log.warn("DC warning: {}", text);
        if (!text.equals(old)) {
            dirty = true; // stored, but not a change of what the cluster does: not progress
            flush();
        }
    }

    private void clearWarning(String name) {
        Map<String, String> attrs = attributes.get(ctx.localNode());
        if (attrs != null && attrs.remove(WARNING_PREFIX + name) != null) {
            log.info("DC warning {} cleared", name);
            dirty = true;
            flush();
        }
    }

    private void dispatch() {
        if (run == null || resigned) return;
        int limit = batchLimit();
        // Pseudo actions complete at once and may make others ready: go round until nothing new is ready.
        List<Action> ready = run.ready(limit);
        while (!ready.isEmpty()) {
            boolean pseudoDone = false;
            for (Action a : ready) pseudoDone |= start(a);
            ready = pseudoDone ? run.ready(limit) : List.of();
        }
        if (run.complete()) afterEvent();
    }

    /** Starts one action; true if it completed at once (a pseudo action). */
    private boolean start(Action a) {
        run.started(a.id());
        if (a.pseudo()) {
            run.finished(a.id(), true, "");
            return true;
        }
        if (a.type() == ActionType.FENCE) {
            long tid = run.id();
            int aid = a.id();
            log.warn("fencing {}: {}", a.node(), a.reason().orElse(""));
            ctx.fence(currentCib(), a.node(), fencingAction()).whenComplete((r, err) -> ctx.schedule(Duration.ZERO,
                    () -> fenceFinished(a.node(), r != null ? r : failedFence(a.node(), "reboot", err), Optional.of(aid), tid)));
            return false;
        }
        String rsc = a.resource().orElseThrow();
        Optional<Role> role = a.type() == ActionType.MONITOR ? roleForMonitor(rsc, a.intervalMs()) : Optional.empty();
        Optional<AgentCall> call = calls().call(rsc, a.type().task(), a.intervalMs(), role)
                .or(() -> a.type() == ActionType.STOP ? orphanStop(rsc, a.node()) : Optional.empty());
        if (call.isEmpty()) {
            log.error("{}: no definition for {}", a.key(), rsc);
            run.finished(a.id(), false, "no definition for " + rsc);
            return false;
        }
        NodeTrack t = tracks.get(a.node());
        if (t == null || t.join != Join.MEMBER) {
            run.finished(a.id(), false, a.node() + " is not a member");
            return false;
        }
        actionDeadlines.put(a.id(), ctx.clock().millis() + Duration.ofMillis(call.get().timeoutMs()).plus(ACTION_GRACE).toMillis());
        ctx.send(a.node(), new DaemonMessage.Execute(epoch, run.id(), a.id(), call.get()));
        ctx.schedule(Duration.ofMillis(call.get().timeoutMs()).plus(ACTION_GRACE).plusMillis(50), this::tick);
        return false;
    }

    /**
     * A resource that is no longer configured (deleted while it ran) is stopped with the agent its
     * history on that node records; the node adds the parameters it last started it with.
     */
    private Optional<AgentCall> orphanStop(String rsc, String node) {
        NodeTrack t = tracks.get(node);
        if (t == null) return Optional.empty();
        return t.history.stream().filter(h -> h.id().equals(rsc)).findFirst().flatMap(h -> calls().orphanStop(h));
    }

    private Optional<Role> roleForMonitor(String rsc, long intervalMs) {
        return calls().primitive(rsc).flatMap(p -> p.operations().stream()
                .filter(o -> o.name().equals("monitor") && o.intervalMs() == intervalMs).findFirst()).flatMap(Operation::role);
    }

    private int batchLimit() {
        String v = config.property("batch-limit").orElse("0");
        try {
            return Math.max(0, Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String fencingAction() {
        return config.property("stonith-action").or(() -> config.property("fencing-action")).orElse("reboot");
    }

    private void failInFlightOn(String node, String why) {
        if (run == null) return;
        for (int id : run.inFlight()) {
            Action a = run.action(id);
            if (a.node().equals(node) && a.type() != ActionType.FENCE) {
                actionDeadlines.remove(id);
                run.finished(id, false, why);
            }
        }
    }

    private void grantShutdowns() {
        // The DC itself goes last: once it leaves, the others wait for the next DC.
        List<String> order = new ArrayList<>(tracks.keySet());
        order.remove(ctx.localNode());
        order.add(ctx.localNode());
        for (String n : order) {
            NodeTrack t = tracks.get(n);
            if (t == null || !t.shuttingDown || t.join != Join.MEMBER || !activeOn(n).isEmpty()) continue;
            if (run != null && run.inFlight().stream().anyMatch(id -> run.action(id).node().equals(n))) continue;
            if (n.equals(ctx.localNode()) && othersStillShuttingDown()) continue;
            t.join = Join.DOWN;
            t.history = List.of();
            touch();
            log.info("node {} runs nothing any more: it may leave", n);
            if (n.equals(ctx.localNode())) {
                flush();
                resigned = true;
                ctx.leave();
                return;
            }
            ctx.send(n, new DaemonMessage.ShutdownGranted(n));
        }
    }

    private boolean othersStillShuttingDown() {
        return tracks.entrySet().stream().anyMatch(e -> !e.getKey().equals(ctx.localNode()) && e.getValue().shuttingDown
                && e.getValue().join == Join.MEMBER);
    }

    /** Resources whose history on `node` says they may be active there. */
    private List<String> activeOn(String node) {
        NodeTrack t = tracks.get(node);
        if (t == null) return List.of();
        return t.history.stream().filter(LrmHistory::mayBeActive).map(ResourceHistory::id).toList();
    }

    private void replaceHistory(NodeTrack t, ResourceHistory h) {
        List<ResourceHistory> next = new ArrayList<>();
        boolean found = false;
        for (ResourceHistory old : t.history) {
            if (old.id().equals(h.id())) {
                next.add(h);
                found = true;
            } else {
                next.add(old);
            }
        }
        if (!found) next.add(h);
        t.history = next;
    }

    // ---- the CIB ---------------------------------------------------------------------------------

    private void ensureNodesConfigured(Set<String> names) {
        List<Node> nodes = new ArrayList<>(config.nodes());
        boolean added = false;
        for (String n : names) {
            if (nodes.stream().noneMatch(x -> x.uname().equals(n))) {
                nodes.add(new Node(n, n, "member", List.of(), List.of()));
                added = true;
            }
        }
        if (added) {
            nodes.sort(java.util.Comparator.comparing(Node::uname));
            config = config.withNodes(nodes).withVersion(config.version().nextEpoch());
            touch();
        }
    }

    private Status status() {
        List<NodeState> states = new ArrayList<>();
        for (Node n : config.nodes()) {
            NodeTrack t = tracks.get(n.uname());
            Map<String, String> attrs = attributes.getOrDefault(n.uname(), Map.of());
            if (t == null) {
                states.add(new NodeState(n.id(), Optional.of(n.uname()), Optional.of("false"), Optional.of("offline"),
                        Optional.of("down"), Optional.of("down"), Optional.of("0"), attrs, List.of()));
                continue;
            }
            String shutdown = t.shuttingDown ? Long.toString(ctx.clock().instant().getEpochSecond()) : "0";
            NodeState s = switch (t.join) {
                case MEMBER -> new NodeState(n.id(), Optional.of(n.uname()), Optional.of("true"), Optional.of("online"),
                        Optional.of("member"), Optional.of("member"), Optional.of(shutdown), attrs, t.history);
                case PENDING -> new NodeState(n.id(), Optional.of(n.uname()), Optional.of("true"), Optional.of("online"),
                        Optional.of("pending"), Optional.of("member"), Optional.of("0"), attrs, t.history);
                case LOST -> new NodeState(n.id(), Optional.of(n.uname()), Optional.of("false"), Optional.of("offline"),
                        Optional.of("down"), Optional.of("member"), Optional.of("0"), attrs, t.history);
                case DOWN -> new NodeState(n.id(), Optional.of(n.uname()), Optional.of("false"), Optional.of("offline"),
                        Optional.of("down"), Optional.of("down"), Optional.of("0"), attrs, List.of());
            };
            states.add(s);
        }
        return new Status(states);
    }

    /** Writes the CIB if something changed; false (and steps down) if the store refused this DC. */
    private boolean flush() {
        if (!dirty || resigned) return !resigned;
        CibVersion v = config.version().nextUpdate();
        config = config.withVersion(v).withDc(Optional.of(ctx.localNode()), true);
        Cib full = currentCib();
        try {
            StoredCib stored = ctx.writeCib(CibXmlWriter.write(full), full, revision, epoch);
            revision = stored.revision();
            dirty = false;
            return true;
        } catch (StaleWriteException e) {
            resigned = true;
            ctx.stepDown("the store refused the DC's write: " + e.getMessage());
            return false;
        } catch (CibTooLargeException e) {
            // The status outgrew what the store holds: the DC goes on from memory (retrying at once would
            // not help); the next change tries again.
            log.error("could not store CIB {}: {}; the DC keeps it in memory", v, e.getMessage());
            return true;
        } catch (TransportException e) {
            log.warn("could not store CIB {}: {}; will retry", v, e.getMessage());
            ctx.schedule(Duration.ofMillis(500), this::afterEvent);
            return false;
        }
    }

    public void resign() {
        resigned = true;
        fenceWaiters.values().forEach(w -> w.complete(AdminReply.failure(5, "this node stopped being DC before fencing ended")));
        fenceWaiters.clear();
    }
}
