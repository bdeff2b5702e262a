package io.hapc.engine.cluster;

import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status.Migration;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.status.OperationHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Reads a resource's live migrations across nodes. Each node's own replay (ClusterUnpacker) sees
 * a migrate_to as the end of the resource on its source; what really happened depends on the
 * other node too (Pacemaker's rules, learnt from its scheduler tests):
 * <ul>
 * <li>migrate_to succeeded, migrate_from succeeded on the target and the source has not been
 *   stopped since: the migration is complete but dangling (the source still has to be stopped,
 *   so the next move is not a live one);</li>
 * <li>migrate_to succeeded and nothing newer happened to the resource on the target (no
 *   migrate_from yet, or a failed one): the resource is still active on the source, and on the
 *   target as well when that is online; with no migrate_from and both nodes up, the migration
 *   is partial and may be completed. A target that is down (or that has stopped it since) leaves
 *   the resource failed on the source, to be recovered without migrating;</li>
 * <li>a failed migrate_to or migrate_from: the resource may be active on the other node of the
 *   migration too, unless that node recorded newer state (or knows nothing of the resource, in
 *   which case its probe tells).</li>
 * </ul>
 * Operations on different nodes are compared by last-rc-change when both record it (call ids
 * only order a node's own operations).
 */
final class MigrationReplay {
    record NodeOps(String node, List<OperationRecord> ops) {}

    record Result(List<Presence> presence, MigrationHistory migration) {}

    private final Map<String, List<OperationRecord>> byNode = new LinkedHashMap<>();
    private final Set<String> online;
    private final ToIntFunction<OperationRecord> expectedRc;
    /** Nodes where the resource is active because of another node's record, with the node whose record says so. */
    private final Map<String, String> activeBecauseOf = new LinkedHashMap<>();

    private final List<String> failedSources = new ArrayList<>();
    private final List<String> activeSources = new ArrayList<>();
    private Optional<String> partialSource = Optional.empty();
    private Optional<String> partialTarget = Optional.empty();
    private Optional<String> unmigratable = Optional.empty();
    private Optional<String> presumedOn = Optional.empty();

    private MigrationReplay(List<NodeOps> nodes, Set<String> online, ToIntFunction<OperationRecord> expectedRc) {
        for (NodeOps n : nodes) {
            List<OperationRecord> ops = new ArrayList<>(n.ops());
            ops.sort(OperationHistory.BY_CALL_ID);
            byNode.merge(n.node(), ops, (a, b) -> {
                List<OperationRecord> all = new ArrayList<>(a);
                all.addAll(b);
                all.sort(OperationHistory.BY_CALL_ID);
                return all;
            });
        }
        this.online = online;
        this.expectedRc = expectedRc;
    }

    /** The presences adjusted for what the migrations imply, and the migration state. */
    static Result replay(
            List<NodeOps> nodes,
            List<Presence> presence,
            Set<String> online,
            ToIntFunction<OperationRecord> expectedRc) {
        boolean any = nodes.stream()
                .flatMap(n -> n.ops().stream())
                .anyMatch(o -> o.migration().isPresent()
                        && (o.operation().equals("migrate_to") || o.operation().equals("migrate_from")));
        if (!any) return new Result(presence, MigrationHistory.NONE);
        return new MigrationReplay(nodes, online, expectedRc).run(presence);
    }

    private Result run(List<Presence> presence) {
        for (Map.Entry<String, List<OperationRecord>> e : byNode.entrySet()) {
            for (OperationRecord op : e.getValue()) {
                if (op.migration().isEmpty() || OperationHistory.cancelled(op) || OperationHistory.pending(op))
                    continue;
                boolean ok = op.opStatus() == 0 && op.rcCode() == expectedRc.applyAsInt(op);
                if (op.operation().equals("migrate_to")) {
                    if (ok) migrateToSucceeded(e.getKey(), op);
                    else migrateToFailed(e.getKey(), op);
                } else if (op.operation().equals("migrate_from") && !ok) {
                    migrateFromFailed(e.getKey(), op);
                }
            }
        }
        Map<String, Presence> own = new LinkedHashMap<>();
        for (Presence p : presence) own.put(p.node(), p);
        List<String> order = new ArrayList<>(own.keySet());
        for (String n : byNode.keySet()) if (!order.contains(n)) order.add(n);
        List<Presence> out = new ArrayList<>();
        for (String node : order) {
            // Pacemaker lists a node made active by another node's record before that node.
            activeBecauseOf.forEach((other, because) -> {
                if (because.equals(node)
                        && !own.containsKey(other)
                        && out.stream().noneMatch(x -> x.node().equals(other))) {
                    out.add(new Presence(other, Role.STARTED, false, Optional.empty(), OnFail.RESTART));
                }
            });
            if (out.stream().anyMatch(x -> x.node().equals(node))) continue;
            Presence p = own.get(node);
            boolean failSource = failedSources.contains(node);
            boolean activeSource = failSource || activeSources.contains(node);
            if (p == null) {
                if (activeSource) {
                    out.add(new Presence(
                            node,
                            Role.STARTED,
                            failSource,
                            failSource ? Optional.of("migrate_to") : Optional.empty(),
                            OnFail.RESTART));
                }
                continue;
            }
            Role role = p.role() == Role.STOPPED && activeSource ? Role.STARTED : p.role();
            if (failSource && !p.failed())
                out.add(new Presence(node, role, true, Optional.of("migrate_to"), OnFail.RESTART));
            else if (role != p.role()) out.add(new Presence(node, role, p.failed(), p.failedTask(), p.onFail()));
            else out.add(p);
        }
        activeBecauseOf.forEach((node, because) -> {
            if (out.stream().noneMatch(x -> x.node().equals(node))) {
                out.add(new Presence(node, Role.STARTED, false, Optional.empty(), OnFail.RESTART));
            }
        });
        return new Result(
                List.copyOf(out), new MigrationHistory(partialSource, partialTarget, unmigratable, presumedOn));
    }

    private void migrateToSucceeded(String source, OperationRecord migrateTo) {
        Migration m = migrateTo.migration().get();
        if (!m.source().equals(source)) return;
        String target = m.target();
        boolean sourceNewer = nonMonitorAfter(source, migrateTo, source);
        Optional<OperationRecord> migrateFrom = find(target, "migrate_from", source, null);
        if (migrateFrom.isPresent() && sourceNewer) return; // stopped or started again since: irrelevant
        boolean targetNewer = newerStateAfterMigrate(target, migrateTo, source, migrateFrom.orElse(null), target);
        if (sourceNewer && targetNewer) return;
        boolean fromPending = migrateFrom.map(OperationHistory::pending).orElse(true);
        boolean fromOk = migrateFrom
                .filter(f -> !OperationHistory.pending(f) && f.opStatus() == 0 && f.rcCode() == 0)
                .isPresent();
        if (fromOk) {
            // Complete, but the source has not been stopped yet: it must be before the next live move.
            unmigratable = Optional.of("the migration to " + target + " has not stopped " + source + " yet");
            return;
        }
        if (!sourceNewer) activeSources.add(source);
        boolean activeOnTarget = !targetNewer && online.contains(target);
        if (!fromPending) { // the migrate_from failed
            if (activeOnTarget) activeBecauseOf.putIfAbsent(target, source);
            else failMigration(source);
            return;
        }
        // No migrate_from yet: a target that knows nothing of the resource is probed first.
        if (online.contains(target) && unknownOn(target)) return;
        if (activeOnTarget) {
            activeBecauseOf.putIfAbsent(target, source);
            if (online.contains(source)) {
                partialSource = Optional.of(source);
                partialTarget = Optional.of(target);
            }
        } else if (!sourceNewer) {
            failMigration(source);
        }
    }

    private void failMigration(String source) {
        if (!failedSources.contains(source)) failedSources.add(source);
        unmigratable = Optional.of("its migration from " + source + " failed");
    }

    private void migrateToFailed(String source, OperationRecord migrateTo) {
        Migration m = migrateTo.migration().get();
        if (!m.source().equals(source)) return;
        String target = m.target();
        Optional<OperationRecord> migrateFrom = find(target, "migrate_from", source, 0);
        if (!unknownOn(target)
                && !newerStateAfterMigrate(target, migrateTo, source, migrateFrom.orElse(null), target)) {
            if (online.contains(target)) {
                activeBecauseOf.putIfAbsent(target, source);
                if (nonMonitorAfter(source, migrateTo, source)) presumedOn = Optional.of(target);
            }
        }
    }

    private void migrateFromFailed(String target, OperationRecord migrateFrom) {
        Migration m = migrateFrom.migration().get();
        if (!m.target().equals(target)) return;
        String source = m.source();
        Optional<OperationRecord> migrateTo = find(source, "migrate_to", target, 0);
        if (!unknownOn(source)
                && !newerStateAfterMigrate(source, migrateTo.orElse(null), source, migrateFrom, target)) {
            if (online.contains(source)) activeBecauseOf.putIfAbsent(source, target);
        }
    }

    /** The newest `task` on `node` migrating with `peer` (as its source or target), with rc `rc` when given. */
    private Optional<OperationRecord> find(String node, String task, String peer, Integer rc) {
        OperationRecord found = null;
        for (OperationRecord op : byNode.getOrDefault(node, List.of())) {
            if (!op.operation().equals(task) || op.migration().isEmpty()) continue;
            Migration m = op.migration().get();
            String other = task.equals("migrate_from") ? m.source() : m.target();
            if (!other.equals(peer)) continue;
            if (rc != null && (OperationHistory.pending(op) || op.rcCode() != rc)) continue;
            found = op;
        }
        return Optional.ofNullable(found);
    }

    /**
     * Whether `node` recorded newer state than the migration: compared with the migration record
     * on that same node when there is one (call ids), else with the other's.
     */
    private boolean newerStateAfterMigrate(
            String node,
            OperationRecord migrateTo,
            String migrateToNode,
            OperationRecord migrateFrom,
            String migrateFromNode) {
        OperationRecord ref;
        String refNode;
        if (migrateFrom != null && node.equals(migrateFromNode)) {
            ref = migrateFrom;
            refNode = migrateFromNode;
        } else if (migrateTo != null && node.equals(migrateToNode)) {
            ref = migrateTo;
            refNode = migrateToNode;
        } else if (migrateFrom != null) {
            ref = migrateFrom;
            refNode = migrateFromNode;
        } else {
            ref = migrateTo;
            refNode = migrateToNode;
        }
        if (ref == null) return false;
        for (OperationRecord op : byNode.getOrDefault(node, List.of())) {
            if (op == ref || !newer(op, node, ref, refNode)) continue;
            if (!op.operation().equals("monitor")) return true;
            if (!OperationHistory.pending(op) && op.rcCode() == 7) return true; // found not running there since
        }
        return false;
    }

    private boolean nonMonitorAfter(String node, OperationRecord ref, String refNode) {
        for (OperationRecord op : byNode.getOrDefault(node, List.of())) {
            if (op != ref && !op.operation().equals("monitor") && newer(op, node, ref, refNode)) return true;
        }
        return false;
    }

    private static boolean newer(OperationRecord op, String node, OperationRecord ref, String refNode) {
        if (node.equals(refNode)) return op.callId() > ref.callId();
        return op.lastRcChange() > 0 && ref.lastRcChange() > 0 && op.lastRcChange() > ref.lastRcChange();
    }

    /** Nothing (but pending operations) recorded for the resource on the node. */
    private boolean unknownOn(String node) {
        return byNode.getOrDefault(node, List.of()).stream().allMatch(OperationHistory::pending);
    }
}
