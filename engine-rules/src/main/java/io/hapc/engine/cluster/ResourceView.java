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
 * recorded operations whose parameters differ from the configuration now (op digests); migration:
 * what its recorded live migrations imply (a partial one to complete, one that forbids migrating now).
 */
public record ResourceView(String id, String primitiveId, String standard, Optional<String> provider, String type,
                           Optional<String> groupId, Optional<String> cloneId, int instance, ResourceMeta meta,
                           List<Presence> presence, Map<String, Integer> failCounts,
                           Map<String, Long> lastFailures, Map<String, Integer> utilization,
                           List<Operation> operations, boolean orphan, List<HardFailure> hardFailures,
                           List<DefinitionChange> definitionChanges, MigrationHistory migration) {

    public ResourceView {
        hardFailures = hardFailures == null ? List.of() : List.copyOf(hardFailures);
        definitionChanges = definitionChanges == null ? List.of() : List.copyOf(definitionChanges);
        migration = migration == null ? MigrationHistory.NONE : migration;
    }

    /** A view without recorded live migrations. */
    public ResourceView(String id, String primitiveId, String standard, Optional<String> provider, String type,
                        Optional<String> groupId, Optional<String> cloneId, int instance, ResourceMeta meta,
                        List<Presence> presence, Map<String, Integer> failCounts,
                        Map<String, Long> lastFailures, Map<String, Integer> utilization,
                        List<Operation> operations, boolean orphan, List<HardFailure> hardFailures,
                        List<DefinitionChange> definitionChanges) {
        this(id, primitiveId, standard, provider, type, groupId, cloneId, instance, meta, presence, failCounts,
                lastFailures, utilization, operations, orphan, hardFailures, definitionChanges, MigrationHistory.NONE);
    }

    /** A view without hard failures recorded (none of its results says it cannot run somewhere). */
    public ResourceView(String id, String primitiveId, String standard, Optional<String> provider, String type,
                        Optional<String> groupId, Optional<String> cloneId, int instance, ResourceMeta meta,
                        List<Presence> presence, Map<String, Integer> failCounts,
                        Map<String, Long> lastFailures, Map<String, Integer> utilization,
                        List<Operation> operations, boolean orphan) {
        this(id, primitiveId, standard, provider, type, groupId, cloneId, instance, meta, presence, failCounts,
                lastFailures, utilization, operations, orphan, List.of(), List.of());
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
        return operations.stream().filter(o -> o.name().equals(name) && o.intervalMs() == intervalMs).findFirst();
    }
}
