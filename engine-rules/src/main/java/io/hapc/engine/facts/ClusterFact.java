package io.hapc.engine.facts;

import io.hapc.engine.cluster.ClusterOptions;
import java.time.Instant;

/**
 * The cluster-wide facts one decision is made on: options, quorum, whether a fencing device exists, and "now".
 * quorumLost: without quorum after having had it (the CIB's no-quorum-panic); a partition that never had
 * quorum is not quorate either, but no-quorum-policy=suicide does not fence it.
 */
public record ClusterFact(
        ClusterOptions options, boolean quorate, boolean hasFencingDevice, Instant now, boolean quorumLost) {
    public boolean fencingEnabled() {
        return options.fencingEnabled();
    }

    public String noQuorumPolicy() {
        return options.noQuorumPolicy();
    }
}
