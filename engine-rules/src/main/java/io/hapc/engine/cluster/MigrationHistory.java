package io.hapc.engine.cluster;

import java.util.Optional;

/**
 * What a resource's recorded live migrations (migrate_to on the source, migrate_from on the target)
 * say beyond each node's own history. partialSource/partialTarget: a migrate_to succeeded and the
 * migrate_from has not run yet, with both nodes up (the resource counts as active on both; the
 * migration may be completed). unmigratable: why the resource may not move live now (a migration
 * that failed or could not be completed needs a full stop first, a completed one still has its
 * source to stop), empty when it may. presumedOn: a node where it counts as active only because
 * a migration to it failed on a source that has stopped it since (its state there is not known:
 * Pacemaker restarts it there).
 */
public record MigrationHistory(
        Optional<String> partialSource,
        Optional<String> partialTarget,
        Optional<String> unmigratable,
        Optional<String> presumedOn) {
    public static final MigrationHistory NONE =
            new MigrationHistory(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public boolean allowsMigration() {
        return unmigratable.isEmpty();
    }

    public boolean partial() {
        return partialSource.isPresent() && partialTarget.isPresent();
    }
}
