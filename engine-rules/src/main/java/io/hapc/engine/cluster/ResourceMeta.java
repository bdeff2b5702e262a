package io.hapc.engine.cluster;

import io.hapc.model.cib.Role;
import java.util.Optional;

/**
 * Resolved meta attributes of one resource (its own, its parents', rsc_defaults, in that precedence).
 * allowMigrate: allow-migrate, whether a move may be a live migration (migrate_to/migrate_from).
 * container: the resource it runs inside (meta `container`), which recovers it when it fails.
 */
public record ResourceMeta(int priority, int stickiness, int migrationThreshold, long failureTimeoutMs,
                           Optional<Role> targetRole, boolean managed, boolean maintenance, String requires,
                           String multipleActive, boolean allowMigrate, Optional<String> container) {
    public ResourceMeta {
        container = container == null ? Optional.empty() : container;
    }

    /** Without allow-migrate (false, as Pacemaker defaults it for primitives) and without a container. */
    public ResourceMeta(int priority, int stickiness, int migrationThreshold, long failureTimeoutMs,
                        Optional<Role> targetRole, boolean managed, boolean maintenance, String requires,
                        String multipleActive) {
        this(priority, stickiness, migrationThreshold, failureTimeoutMs, targetRole, managed, maintenance, requires,
                multipleActive, false, Optional.empty());
    }
}
