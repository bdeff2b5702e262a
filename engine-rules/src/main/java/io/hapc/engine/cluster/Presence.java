package io.hapc.engine.cluster;

import io.hapc.model.cib.Role;
import java.util.Optional;

/**
 * Where a resource is active, in which role, and whether its history there ends in a failure
 * that needs recovery (failedTask names the failed operation, e.g. "monitor").
 */
public record Presence(String node, Role role, boolean failed, Optional<String> failedTask, OnFail onFail) {
    /** A failure whose on-fail=demote only asks for a demotion (the instance keeps running). */
    public boolean demoteOnly() {
        return !failed && failedTask.isPresent() && onFail == OnFail.DEMOTE;
    }

    public boolean blocked() {
        return failed && onFail == OnFail.BLOCK;
    }
}
