package io.hapc.engine.cluster;

import java.util.Map;

/**
 * The lrm_resource id under which each node records a primitive: what an order for it on that node
 * must be named, so that the node acts on the record it holds. An anonymous clone's instances are
 * interchangeable, so the number the engine gives an instance says nothing to a node: an instance
 * found active on a node under any recorded id (another instance number, or the bare primitive id)
 * keeps that id there, as Pacemaker's history name of an instance; on a node without such a record
 * an anonymous instance is recorded under the primitive's own id (one record per node, whatever
 * the numbering of the next decision), a unique instance or a plain primitive under its own id.
 */
public record LrmNames(Map<String, String> recorded, String elsewhere) {
    public LrmNames {
        recorded = Map.copyOf(recorded);
    }

    /** The resource's id on every node: no record under another name. */
    public static LrmNames of(String id) {
        return new LrmNames(Map.of(), id);
    }

    /** The lrm_resource id an order for this resource on {@code node} names. */
    public String on(String node) {
        return recorded.getOrDefault(node, elsewhere);
    }
}
