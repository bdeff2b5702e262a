package io.hapc.engine.cluster;

import io.hapc.model.cib.Role;
import java.util.Optional;

/**
 * Resolved meta attributes of one resource (its own, its parents', rsc_defaults, in that precedence).
 * allowMigrate: allow-migrate, whether a move may be a live migration (migrate_to/migrate_from).
 */
public record ResourceMeta(int priority, int stickiness, int migrationThreshold, long failureTimeoutMs,
                           Optional<Role> targetRole, boolean managed, boolean maintenance, String requires,
                           String multipleActive, boolean allowMigrate) {
    /** Without allow-migrate (false, as Pacemaker defaults it for primitives). */
    public ResourceMeta(int priority, int stickiness, int migrationThreshold, long failureTimeoutMs,
                        Optional<Role> targetRole, boolean managed, boolean maintenance, String requires,
                        String multipleActive) {
        this(priority, stickiness, migrationThreshold, failureTimeoutMs, targetRole, managed, maintenance, requires,
                multipleActive, false);
    }
}
