package io.hapc.engine.facts;

import java.util.List;

/** A group (or a group instance inside a clone) and its members, in start order. */
public record GroupFact(String id, List<String> members) {
    public GroupFact {
        members = List.copyOf(members);
    }
}
