package io.hapc.engine.facts;

import java.util.List;

/**
 * A clone with its instance ids (primitive or group instances), whether it is promotable, and its
 * clone-min (0 when not set: orderings after the clone then wait for any one instance), and whether
 * its instances are globally unique (else a failure of one holds for the whole clone on that node).
 */
public record CloneFact(
        String id,
        String childId,
        boolean promotable,
        boolean interleave,
        int cloneMin,
        List<String> instances,
        boolean globallyUnique) {
    public CloneFact {
        instances = List.copyOf(instances);
    }

    /** An anonymous clone (instances interchangeable). */
    public CloneFact(
            String id, String childId, boolean promotable, boolean interleave, int cloneMin, List<String> instances) {
        this(id, childId, promotable, interleave, cloneMin, instances, false);
    }
}
