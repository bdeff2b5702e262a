package io.hapc.engine.cluster;

import io.hapc.model.cib.Status.ResourceHistory;

/** The history of one lrm_resource on one node (by the node's name). */
record NodeHistory(String node, ResourceHistory history) {
    /** "rsc:1" → "rsc": the resource a clone instance's history is about. */
    static String baseId(String id) {
        int colon = id.lastIndexOf(':');
        return colon > 0 ? id.substring(0, colon) : id;
    }
}
