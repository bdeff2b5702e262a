package io.hapc.daemon;

import java.util.List;
import java.util.Set;

/**
 * What a node cut off from the cluster does, as the policy engine decided it for a partition
 * without quorum (quorum.drl, by no-quorum-policy): act on resources wave after wave (each
 * resource in {@code demote} is demoted, every other one stopped, those in {@code demoteBeforeStop}
 * demoted first, as the engine plans a promoted instance's stop), or fence itself.
 * Nothing to do (freeze, ignore) leaves every resource running.
 */
record CutOffPlan(List<List<String>> waves, Set<String> demote, Set<String> demoteBeforeStop, boolean fenceSelf) {
    static final CutOffPlan NOTHING = new CutOffPlan(List.of(), Set.of(), false);

    CutOffPlan {
        waves = waves.stream().map(List::copyOf).toList();
        demote = Set.copyOf(demote);
        demoteBeforeStop = Set.copyOf(demoteBeforeStop);
    }

    /** Without promoted instances to stop. */
    CutOffPlan(List<List<String>> waves, Set<String> demote, boolean fenceSelf) {
        this(waves, demote, Set.of(), fenceSelf);
    }

    /** Stop everything at once: the fallback when the engine cannot answer. */
    static CutOffPlan stopAll(List<String> active) {
        return new CutOffPlan(active.isEmpty() ? List.of() : List.of(active), Set.of(), false);
    }

    boolean leavesRunning() {
        return waves.isEmpty() && !fenceSelf;
    }
}
