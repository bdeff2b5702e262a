package io.hapc.engine.facts;

import io.hapc.engine.cluster.ClusterOptions;
import java.time.Instant;

/** The cluster-wide facts one decision is made on: options, quorum, whether a fencing device exists, and "now". */
public record ClusterFact(ClusterOptions options, boolean quorate, boolean hasFencingDevice, Instant now) {
    public boolean fencingEnabled() {
        return options.fencingEnabled();
    }

    public String noQuorumPolicy() {
        return options.noQuorumPolicy();
    }
}
