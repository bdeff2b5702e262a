package io.hapc.transport;

import java.util.Set;
import java.util.TreeSet;

/** One view of who is in the cluster. The epoch grows with every change, so views can be ordered. */
public record Membership(long epoch, Set<String> nodes) {
    public Membership {
        nodes = java.util.Collections.unmodifiableSet(new TreeSet<>(nodes));
    }

    public boolean contains(String node) {
        return nodes.contains(node);
    }
}
