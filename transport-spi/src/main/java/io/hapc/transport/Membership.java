package io.hapc.transport;

import java.util.Set;
import java.util.TreeSet;

/**
 * One view of who is in the cluster. The epoch grows with every change seen by a node, so views can
 * be ordered. A transport with a store takes the epoch from the store, so all nodes give the same view
 * the same epoch; one without a store counts locally (views of different nodes are then not comparable).
 */
public record Membership(long epoch, Set<String> nodes) {
    public static final Membership NONE = new Membership(0, Set.of());

    public Membership {
        nodes = java.util.Collections.unmodifiableSet(new TreeSet<>(nodes));
    }

    public boolean contains(String node) {
        return nodes.contains(node);
    }
}
