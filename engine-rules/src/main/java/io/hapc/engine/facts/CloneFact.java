package io.hapc.engine.facts;

import java.util.List;

/** A clone with its instance ids (primitive or group instances) and whether it is promotable. */
public record CloneFact(String id, String childId, boolean promotable, boolean interleave, List<String> instances) {
    public CloneFact {
        instances = List.copyOf(instances);
    }
}
