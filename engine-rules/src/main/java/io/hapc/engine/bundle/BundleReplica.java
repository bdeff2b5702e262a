package io.hapc.engine.bundle;

import java.util.Optional;

/**
 * One replica of a bundle, as the engine expands it (Pacemaker's naming): the container primitive
 * `B-docker-0` (or podman, rkt), its IP address primitive `B-ip-192.168.122.131` when the bundle's
 * network has an ip-range-start, and, when the bundle holds a primitive, the guest node `B-0` living
 * in the container (its connection resource has the same name) and the instance `P:0` of the
 * bundle's inner clone that runs on it. hostAttributes: meta container-attribute-target=host, the
 * instance reads node attributes (its promotion score) on the container's host, not on the guest
 * node. A fact of the rules in bundles.drl.
 */
public record BundleReplica(
        String bundleId,
        int index,
        String container,
        Optional<String> ip,
        Optional<String> guestNode,
        Optional<String> childInstance,
        int replicasPerHost,
        boolean hostAttributes) {
    /**
     * How strongly a running replica's container holds its host (and keeps the bundle's other
     * replicas off it): above any ordinary preference, below INFINITY so bans and failures still win.
     */
    public static final int HOST_HELD = 100_000;
}
