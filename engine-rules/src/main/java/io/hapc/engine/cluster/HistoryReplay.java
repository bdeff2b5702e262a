package io.hapc.engine.cluster;

import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a resource's lrm history on one node: the role it has there, whether a failure there
 * needs recovery (on-fail, failure-timeout, probes and pending operations read as Pacemaker's
 * scheduler reads them), the results that ban it (hard failures), and its live migrations.
 */
final class HistoryReplay {
    private final KnownNodes known;
    private final ClusterOptions options;
    private final Instant now;

    HistoryReplay(KnownNodes known, ClusterOptions options, Instant now) {
        this.known = known;
        this.options = options;
        this.now = now;
    }

    /** The first resource a node's history shows active (in status order), if any. */
    Optional<String> firstActive(NodeRecord s) {
        for (ResourceHistory h : s.resources()) {
            if (presenceOf(new NodeHistory(s.id(), h), List.of())
                    .filter(p -> p.role() != Role.STOPPED)
                    .isPresent()) {
                return Optional.of(h.id());
            }
        }
        return Optional.empty();
    }

    /** Where a top-level primitive (or group member) is active on the cluster nodes, from its history. */
    List<Presence> presences(String primitiveId, List<Resource> resources, Map<String, List<NodeHistory>> histories) {
        List<Operation> ops = List.of();
        for (Resource r : resources) {
            if (r instanceof Resource.Primitive p && p.id().equals(primitiveId)) ops = p.operations();
            if (r instanceof Resource.Group g) {
                for (Resource.Primitive m : g.members()) if (m.id().equals(primitiveId)) ops = m.operations();
            }
        }
        List<Presence> out = new ArrayList<>();
        List<NodeHistory> own = histories.getOrDefault(primitiveId, List.of());
        for (NodeHistory h : own) presenceOf(h, ops).ifPresent(out::add);
        return migrations(own, out).presence();
    }

    /** What the resource's live migrations imply across nodes (nodes that left cleanly recorded nothing that counts). */
    MigrationReplay.Result migrations(List<NodeHistory> histories, List<Presence> presence) {
        List<MigrationReplay.NodeOps> nodes = new ArrayList<>();
        for (NodeHistory h : histories) {
            if (!known.cleanlyDown(h.node()))
                nodes.add(new MigrationReplay.NodeOps(h.node(), h.history().operations()));
        }
        return MigrationReplay.replay(nodes, presence, known.upNodes(), OperationHistory::expectedRc);
    }

    /** The results on one node that say the resource cannot run there (or anywhere): failures.drl bans it. */
    List<HardFailure> hardFailures(NodeHistory h, List<Operation> ops) {
        List<HardFailure> out = new ArrayList<>();
        for (OperationRecord op : h.history().operations()) {
            // Only a completed result is read by its rc (an "error" status is an ordinary failure),
            // except "not installed", which an agent that cannot run reports with an error status.
            // The executor not finding the agent at all (op-status 7) is "not installed" whatever on-fail says.
            boolean agentMissing = op.opStatus() == OperationHistory.NOT_INSTALLED;
            if (!agentMissing
                    && (op.opStatus() != 0 && !(op.opStatus() == 4 && op.rcCode() == 5)
                            || op.rcCode() == OperationHistory.expectedRc(op))) continue;
            if (!agentMissing && onFailFor(op.operation(), op.intervalMs(), ops) == OnFail.IGNORE) continue;
            int rc = agentMissing ? 5 : op.rcCode();
            HardFailure.severityOf(rc)
                    .ifPresent(sev -> out.add(new HardFailure(
                            h.node(),
                            sev,
                            op.operation()
                                    + (op.intervalMs() > 0
                                            ? " (" + op.intervalMs() + "ms)"
                                            : op.operation().equals("monitor") ? " (probe)" : ""),
                            rc,
                            op.lastRcChange())));
        }
        return out;
    }

    /** Replays one resource's operation history on one node: its role there and any failure needing recovery. */
    Optional<Presence> presenceOf(NodeHistory h, List<Operation> ops) {
        return presenceOf(h, ops, 0, false);
    }

    /**
     * failureTimeoutMs: the resource's failure-timeout; a recurring monitor's failure older than it
     * has expired and is ignored (the resource counts as running there), unless on-fail=block keeps
     * it blocked. inContainer: the resource runs inside a container (meta container), whose
     * restart recovers its failures.
     */
    Optional<Presence> presenceOf(NodeHistory h, List<Operation> ops, long failureTimeoutMs, boolean inContainer) {
        if (known.cleanlyDown(h.node())) return Optional.empty(); // a node that left cleanly runs nothing
        List<OperationRecord> records = OperationHistory.inCallOrder(h.history());
        Role role = Role.STOPPED;
        boolean failed = false;
        Optional<String> failedTask = Optional.empty();
        OnFail failedOnFail = OnFail.RESTART;
        for (OperationRecord op : records) {
            String task = op.operation();
            if (OperationHistory.cancelled(op)) continue;
            if (OperationHistory.pending(op)) { // assume it will succeed
                if (task.equals("start") || task.equals("migrate_from")) role = Role.STARTED;
                if (task.equals("promote")) role = Role.PROMOTED;
                continue;
            }
            int expected = OperationHistory.expectedRc(op);
            int rc = op.rcCode();
            boolean probe = OperationHistory.probe(op);
            // A probe finding the agent not installed: not running there (failures.drl bans the node).
            if (probe && rc == 5) {
                role = Role.STOPPED;
                failed = false;
                failedTask = Optional.empty();
                continue;
            }
            // Like Pacemaker, trust the rc over a recorded "error" status: an rc that matches the
            // expected one is a success whatever op-status says (done = 0, error = 4).
            // An error rc (1-6, 9) is a failure even when the controller expected it (as a simulation may).
            boolean ok = OperationHistory.succeeded(op) && !OperationHistory.errorRc(rc);
            if (ok && rc == 7) {
                // "not running" as expected (a probe, or any action the controller expected it from)
                role = Role.STOPPED;
                failed = false;
                failedTask = Optional.empty();
                continue;
            }
            if (ok) {
                switch (task) {
                    case "start", "migrate_from" -> role = Role.STARTED;
                    case "stop", "migrate_to" -> role = Role.STOPPED;
                    case "promote" -> role = Role.PROMOTED;
                    case "demote" -> role = Role.UNPROMOTED;
                    case "monitor" -> {
                        if (rc == 7) role = Role.STOPPED;
                        else if (rc == 8 || rc == 191) role = Role.PROMOTED;
                        else if (role == Role.STOPPED || role == Role.PROMOTED && probe) role = Role.STARTED;
                    }
                    default -> {}
                }
                if (!task.equals("monitor") || rc == 7 || probe) {
                    failed = false;
                    failedTask = Optional.empty();
                }
                continue;
            }
            OnFail onFail = onFailFor(task, op.intervalMs(), ops, inContainer);
            // Any failed operation expires, not only a recurring monitor's (a failed stop too), except a
            // missing agent.
            if (failureTimeoutMs > 0
                    && (onFail != OnFail.BLOCK || op.intervalMs() == 0)
                    && rc != 5
                    && op.opStatus() != 7
                    && op.lastRcChange() > 0
                    && op.lastRcChange() * 1000 + failureTimeoutMs <= now.toEpochMilli()) {
                continue; // an expired failure: as if it had not happened
            }
            // on-fail=ignore does not cover an agent the executor could not find (op-status 7): that always
            // needs recovery. (An agent that ran and said its tools are missing, rc 5, is ignored.)
            if (onFail == OnFail.IGNORE && op.opStatus() != 7) {
                if (task.equals("stop")) role = Role.STOPPED;
                continue;
            }
            failed = true;
            failedTask = Optional.of(task);
            failedOnFail = onFail;
            switch (task) {
                case "start", "migrate_from" -> role = Role.STARTED;
                // A failed stop inside a container: restarting the container stops it for sure
                // (Pacemaker shows it failed, "failure ignored", and not running).
                case "stop" ->
                    role = onFail == OnFail.RESTART_CONTAINER
                            ? Role.STOPPED
                            : role == Role.STOPPED ? Role.STARTED : role;
                case "promote" -> role = Role.PROMOTED;
                // A failed demote: still promoted only if on-fail=block keeps it as it is; else
                // (as Pacemaker) unpromoted, since recovery stops it before any promotion.
                case "demote" ->
                    role = onFail == OnFail.BLOCK ? Role.PROMOTED : rc == 7 ? Role.STOPPED : Role.UNPROMOTED;
                case "monitor" -> {
                    // A promoted monitor with on-fail=demote: it stays promoted until demoted.
                    if (onFail == OnFail.DEMOTE && expected == 8) role = Role.PROMOTED;
                    else if (rc == 7) role = Role.STOPPED;
                    else if (rc == 9 || rc == 8) role = Role.PROMOTED;
                    else if (role == Role.STOPPED) role = Role.STARTED;
                }
                default -> {}
            }
        }
        if (known.unclean(h.node())) failed = false; // fencing the node settles whatever failed there
        // on-fail=demote: a promoted instance whose promote or promoted monitor failed is demoted,
        // not recovered; the failure is kept (failedTask) for the rule that demotes it.
        if (failed && failedOnFail == OnFail.DEMOTE && role == Role.PROMOTED) failed = false;
        if (role == Role.STOPPED && !failed) return Optional.empty();
        if (role == Role.STOPPED) {
            // Failed and found not running: nothing to stop, but the failure still counts for recovery.
            return Optional.of(new Presence(h.node(), Role.STOPPED, true, failedTask, failedOnFail));
        }
        return Optional.of(new Presence(h.node(), role, failed, failedTask, failedOnFail));
    }

    private OnFail onFailFor(String task, long intervalMs, List<Operation> ops) {
        return onFailFor(task, intervalMs, ops, false);
    }

    /** The op's on-fail, else the default: a failed stop fences (or blocks), except inside a container, which restarts. */
    private OnFail onFailFor(String task, long intervalMs, List<Operation> ops, boolean inContainer) {
        for (Operation o : ops) {
            if (o.name().equals(task)
                    && o.intervalMs() == intervalMs
                    && o.onFail().isPresent()) {
                return OnFail.parse(o.onFail().get());
            }
        }
        if (task.equals("stop") && inContainer) return OnFail.RESTART_CONTAINER;
        if (task.equals("stop")) return options.fencingEnabled() ? OnFail.FENCE : OnFail.BLOCK;
        return OnFail.RESTART;
    }
}
