package io.hapc.model.cib;

import java.util.List;

/** A configured cluster node (the `nodes` section): identity, attributes and utilization capacity. */
public record Node(String id, String uname, String type, List<NvSet> attributeSets, List<NvSet> utilizationSets) {
    public Node {
        attributeSets = List.copyOf(attributeSets);
        utilizationSets = List.copyOf(utilizationSets);
    }
}
