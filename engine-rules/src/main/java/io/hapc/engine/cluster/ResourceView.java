package io.hapc.engine.cluster;

import io.hapc.model.cib.Operation;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One schedulable primitive (a plain primitive, a group member, or a clone instance) with its
 * resolved meta, current presence and failure counts. id is the instance id the summary prints
 * ("child:0"); primitiveId the configured id ("child"). hardFailures: results saying it cannot run on a
 * node (not installed, hard or fatal errors), for the rules that ban it there; definitionChanges:
 * recorded operations whose parameters differ from the configuration now (op digests).
 * historyNodes: the nodes whose status records this resource at all (for a clone: any of its
 * instances), where its state is known; elsewhere it is probed before it may start.
 * shutdownLocks: node -> when (epoch seconds) the resource was locked to that node as it shut
 * down (shutdown-lock), as the status records it. migration: what its recorded live migrations
 * imply (a partial one to complete, one that forbids migrating now).
 */
public record ResourceView(
        String id,
        String primitiveId,
        String standard,
        Optional<String> provider,
        String type,
        Optional<String> groupId,
        Optional<String> cloneId,
        int instance,
        ResourceMeta meta,
        List<Presence> presence,
        Map<String, Integer> failCounts,
        Map<String, Long> lastFailures,
        Map<String, Integer> utilization,
        List<Operation> operations,
        boolean orphan,
        List<HardFailure> hardFailures,
        List<DefinitionChange> definitionChanges,
        java.util.Set<String> historyNodes,
        Map<String, Long> shutdownLocks,
        MigrationHistory migration,
        LrmNames lrmNames) {

    public ResourceView {
        lrmNames = lrmNames == null ? LrmNames.of(id) : lrmNames;
        hardFailures = hardFailures == null ? List.of() : List.copyOf(hardFailures);
        definitionChanges = definitionChanges == null ? List.of() : List.copyOf(definitionChanges);
        historyNodes = historyNodes == null ? java.util.Set.of() : java.util.Set.copyOf(historyNodes);
        shutdownLocks = shutdownLocks == null ? Map.of() : Map.copyOf(shutdownLocks);
        migration = migration == null ? MigrationHistory.NONE : migration;
    }

    /** A view whose id is its lrm_resource id on every node. */
    public ResourceView(
            String id,
            String primitiveId,
            String standard,
            Optional<String> provider,
            String type,
            Optional<String> groupId,
            Optional<String> cloneId,
            int instance,
            ResourceMeta meta,
            List<Presence> presence,
            Map<String, Integer> failCounts,
            Map<String, Long> lastFailures,
            Map<String, Integer> utilization,
            List<Operation> operations,
            boolean orphan,
            List<HardFailure> hardFailures,
            List<DefinitionChange> definitionChanges,
            java.util.Set<String> historyNodes,
            Map<String, Long> shutdownLocks,
            MigrationHistory migration) {
        this(
                id,
                primitiveId,
                standard,
                provider,
                type,
                groupId,
                cloneId,
                instance,
                meta,
                presence,
                failCounts,
                lastFailures,
                utilization,
                operations,
                orphan,
                hardFailures,
                definitionChanges,
                historyNodes,
                shutdownLocks,
                migration,
                null);
    }

    /** A view without recorded live migrations. */
    public ResourceView(
            String id,
            String primitiveId,
            String standard,
            Optional<String> provider,
            String type,
            Optional<String> groupId,
            Optional<String> cloneId,
            int instance,
            ResourceMeta meta,
            List<Presence> presence,
            Map<String, Integer> failCounts,
            Map<String, Long> lastFailures,
            Map<String, Integer> utilization,
            List<Operation> operations,
            boolean orphan,
            List<HardFailure> hardFailures,
            List<DefinitionChange> definitionChanges,
            java.util.Set<String> historyNodes,
            Map<String, Long> shutdownLocks) {
        this(
                id,
                primitiveId,
                standard,
                provider,
                type,
                groupId,
                cloneId,
                instance,
                meta,
                presence,
                failCounts,
                lastFailures,
                utilization,
                operations,
                orphan,
                hardFailures,
                definitionChanges,
                historyNodes,
                shutdownLocks,
                MigrationHistory.NONE);
    }

    /** Known only where it is active (no other history recorded). */
    public ResourceView(
            String id,
            String primitiveId,
            String standard,
            Optional<String> provider,
            String type,
            Optional<String> groupId,
            Optional<String> cloneId,
            int instance,
            ResourceMeta meta,
            List<Presence> presence,
            Map<String, Integer> failCounts,
            Map<String, Long> lastFailures,
            Map<String, Integer> utilization,
            List<Operation> operations,
            boolean orphan,
            List<HardFailure> hardFailures,
            List<DefinitionChange> definitionChanges) {
        this(
                id,
                primitiveId,
                standard,
                provider,
                type,
                groupId,
                cloneId,
                instance,
                meta,
                presence,
                failCounts,
                lastFailures,
                utilization,
                operations,
                orphan,
                hardFailures,
                definitionChanges,
                presence.stream().map(Presence::node).collect(java.util.stream.Collectors.toSet()),
                Map.of());
    }

    /** Whether its state on `node` is unknown: nothing is recorded there, so it would be probed first. */
    public boolean unknownOn(String node) {
        return !historyNodes.contains(node);
    }

    /** A view without hard failures recorded (none of its results says it cannot run somewhere). */
    public ResourceView(
            String id,
            String primitiveId,
            String standard,
            Optional<String> provider,
            String type,
            Optional<String> groupId,
            Optional<String> cloneId,
            int instance,
            ResourceMeta meta,
            List<Presence> presence,
            Map<String, Integer> failCounts,
            Map<String, Long> lastFailures,
            Map<String, Integer> utilization,
            List<Operation> operations,
            boolean orphan) {
        this(
                id,
                primitiveId,
                standard,
                provider,
                type,
                groupId,
                cloneId,
                instance,
                meta,
                presence,
                failCounts,
                lastFailures,
                utilization,
                operations,
                orphan,
                List.of(),
                List.of());
    }

    public String agent() {
        return provider.map(p -> standard + ":" + p + ":" + type).orElse(standard + ":" + type);
    }

    public boolean isFencingDevice() {
        return standard.equals("stonith");
    }

    public boolean active() {
        return !presence.isEmpty();
    }

    /** Active (in any role) on more than one node: what multiple-active decides about. */
    public boolean multiplyActive() {
        return presence.stream()
                        .filter(p -> p.role() != io.hapc.model.cib.Role.STOPPED)
                        .map(Presence::node)
                        .distinct()
                        .count()
                > 1;
    }

    public boolean failed() {
        return presence.stream().anyMatch(Presence::failed);
    }

    public Optional<Presence> presenceOn(String node) {
        return presence.stream().filter(p -> p.node().equals(node)).findFirst();
    }

    /** The single node this runs on, if it runs on exactly one. */
    public Optional<String> currentNode() {
        return presence.size() == 1 ? Optional.of(presence.get(0).node()) : Optional.empty();
    }

    public Optional<Operation> operation(String name, long intervalMs) {
        return operations.stream()
                .filter(o -> o.name().equals(name) && o.intervalMs() == intervalMs)
                .findFirst();
    }
}
