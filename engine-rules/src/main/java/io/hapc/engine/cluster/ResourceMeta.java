package io.hapc.engine.cluster;

import io.hapc.model.cib.Role;
import java.util.Optional;

/**
 * Resolved meta attributes of one resource (its own, its parents', rsc_defaults, in that precedence).
 * allowMigrate: allow-migrate, whether a move may be a live migration (migrate_to/migrate_from).
 * container: the resource it runs inside (meta `container`), which recovers it when it fails.
 * providesUnfencing: a fencing device with provides=unfencing (it can unfence nodes: with one
 * configured, resources require unfencing by default). allowUnhealthyNodes: allow-unhealthy-nodes,
 * whether node health scores leave it alone.
 */
public record ResourceMeta(
        int priority,
        int stickiness,
        int migrationThreshold,
        long failureTimeoutMs,
        Optional<Role> targetRole,
        boolean managed,
        boolean maintenance,
        String requires,
        String multipleActive,
        boolean allowMigrate,
        Optional<String> container,
        boolean providesUnfencing,
        boolean allowUnhealthyNodes) {
    public ResourceMeta {
        container = container == null ? Optional.empty() : container;
    }

    /** Kept away from unhealthy nodes (allow-unhealthy-nodes=false, the default). */
    public ResourceMeta(
            int priority,
            int stickiness,
            int migrationThreshold,
            long failureTimeoutMs,
            Optional<Role> targetRole,
            boolean managed,
            boolean maintenance,
            String requires,
            String multipleActive,
            boolean allowMigrate,
            Optional<String> container,
            boolean providesUnfencing) {
        this(
                priority,
                stickiness,
                migrationThreshold,
                failureTimeoutMs,
                targetRole,
                managed,
                maintenance,
                requires,
                multipleActive,
                allowMigrate,
                container,
                providesUnfencing,
                false);
    }

    /** Not a device providing unfencing. */
    public ResourceMeta(
            int priority,
            int stickiness,
            int migrationThreshold,
            long failureTimeoutMs,
            Optional<Role> targetRole,
            boolean managed,
            boolean maintenance,
            String requires,
            String multipleActive,
            boolean allowMigrate,
            Optional<String> container) {
        this(
                priority,
                stickiness,
                migrationThreshold,
                failureTimeoutMs,
                targetRole,
                managed,
                maintenance,
                requires,
                multipleActive,
                allowMigrate,
                container,
                false);
    }

    /** Whether the resource may start on a node only once the node has been unfenced. */
    public boolean requiresUnfencing() {
        return requires.equals("unfencing");
    }

    /** Without allow-migrate (false, as Pacemaker defaults it for primitives) and without a container. */
    public ResourceMeta(
            int priority,
            int stickiness,
            int migrationThreshold,
            long failureTimeoutMs,
            Optional<Role> targetRole,
            boolean managed,
            boolean maintenance,
            String requires,
            String multipleActive) {
        this(
                priority,
                stickiness,
                migrationThreshold,
                failureTimeoutMs,
                targetRole,
                managed,
                maintenance,
                requires,
                multipleActive,
                false,
                Optional.empty());
    }
}
