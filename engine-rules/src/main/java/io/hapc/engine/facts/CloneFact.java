package io.hapc.engine.facts;

import java.util.List;

/**
 * A clone with its instance ids (primitive or group instances), whether it is promotable, and its
 * clone-min (0 when not set: orderings after the clone then wait for any one instance).
 */
public record CloneFact(String id, String childId, boolean promotable, boolean interleave, int cloneMin,
                        List<String> instances) {
    public CloneFact {
        instances = List.copyOf(instances);
    }
}
