package io.hapc.engine.cluster;

import io.hapc.model.cib.Role;
import java.util.Optional;

/** Resolved meta attributes of one resource (its own, its parents', rsc_defaults, in that precedence). */
public record ResourceMeta(int priority, int stickiness, int migrationThreshold, long failureTimeoutMs,
                           Optional<Role> targetRole, boolean managed, boolean maintenance, String requires,
                           String multipleActive) {}
