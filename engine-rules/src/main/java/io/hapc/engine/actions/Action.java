package io.hapc.engine.actions;

import java.util.Optional;

/**
 * One action of a transition: `resource` (absent for fencing) on `node`. Not runnable actions
 * are kept (and shown as blocked) but never executed. A pseudo action is implied by another
 * (a stop implied by fencing its node) and needs no agent call. intervalMs is for monitors.
 */
public record Action(
        int id,
        ActionType type,
        Optional<String> resource,
        String node,
        long intervalMs,
        boolean runnable,
        boolean pseudo,
        Optional<String> reason) {
    public String key() {
        return resource.map(r -> r + "_" + type.task() + "_" + intervalMs).orElse("fence_" + node) + "@" + node;
    }
}
