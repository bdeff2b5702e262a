package io.hapc.engine.cluster;

/**
 * Cluster properties the scheduler honours, with Pacemaker's defaults. shutdownLock: resources of a
 * node shut down cleanly stay locked to it (not recovered elsewhere) until it comes back, or for at
 * most shutdownLockLimitMs when that is above zero. watchdogFencing: have-watchdog (set by the cluster
 * when SBD runs): nodes can fence themselves, which counts as a way to fence.
 */
public record ClusterOptions(
        boolean fencingEnabled,
        String fencingAction,
        String noQuorumPolicy,
        boolean symmetricCluster,
        String placementStrategy,
        boolean maintenanceMode,
        boolean stopAllResources,
        boolean startFailureIsFatal,
        boolean startupFencing,
        boolean concurrentFencing,
        NodeHealthPolicy nodeHealth,
        long priorityFencingDelayMs,
        boolean shutdownLock,
        long shutdownLockLimitMs,
        boolean watchdogFencing) {
    /** Without watchdog self-fencing. */
    public ClusterOptions(
            boolean fencingEnabled,
            String fencingAction,
            String noQuorumPolicy,
            boolean symmetricCluster,
            String placementStrategy,
            boolean maintenanceMode,
            boolean stopAllResources,
            boolean startFailureIsFatal,
            boolean startupFencing,
            boolean concurrentFencing,
            NodeHealthPolicy nodeHealth,
            long priorityFencingDelayMs,
            boolean shutdownLock,
            long shutdownLockLimitMs) {
        this(
                fencingEnabled,
                fencingAction,
                noQuorumPolicy,
                symmetricCluster,
                placementStrategy,
                maintenanceMode,
                stopAllResources,
                startFailureIsFatal,
                startupFencing,
                concurrentFencing,
                nodeHealth,
                priorityFencingDelayMs,
                shutdownLock,
                shutdownLockLimitMs,
                false);
    }

    /** Without shutdown locks. */
    public ClusterOptions(
            boolean fencingEnabled,
            String fencingAction,
            String noQuorumPolicy,
            boolean symmetricCluster,
            String placementStrategy,
            boolean maintenanceMode,
            boolean stopAllResources,
            boolean startFailureIsFatal,
            boolean startupFencing,
            boolean concurrentFencing,
            NodeHealthPolicy nodeHealth,
            long priorityFencingDelayMs) {
        this(
                fencingEnabled,
                fencingAction,
                noQuorumPolicy,
                symmetricCluster,
                placementStrategy,
                maintenanceMode,
                stopAllResources,
                startFailureIsFatal,
                startupFencing,
                concurrentFencing,
                nodeHealth,
                priorityFencingDelayMs,
                false,
                0);
    }

    /** As below, the time as a node's "shutdown" attribute carries it (epoch seconds; unreadable: now). */
    public boolean shutdownLockHolds(String lockedAtEpochSecond, java.time.Instant now) {
        long at;
        try {
            at = Long.parseLong(lockedAtEpochSecond == null ? "" : lockedAtEpochSecond.trim());
        } catch (NumberFormatException e) {
            at = now.getEpochSecond();
        }
        return shutdownLockHolds(at, now);
    }

    /** Whether a lock taken at `lockedAtEpochSecond` still holds at `now` (shutdown-lock-limit). */
    public boolean shutdownLockHolds(long lockedAtEpochSecond, java.time.Instant now) {
        return shutdownLock
                && (shutdownLockLimitMs <= 0 || now.toEpochMilli() < lockedAtEpochSecond * 1000 + shutdownLockLimitMs);
    }

    /** Without priority-fencing-delay. */
    public ClusterOptions(
            boolean fencingEnabled,
            String fencingAction,
            String noQuorumPolicy,
            boolean symmetricCluster,
            String placementStrategy,
            boolean maintenanceMode,
            boolean stopAllResources,
            boolean startFailureIsFatal,
            boolean startupFencing,
            boolean concurrentFencing,
            NodeHealthPolicy nodeHealth) {
        this(
                fencingEnabled,
                fencingAction,
                noQuorumPolicy,
                symmetricCluster,
                placementStrategy,
                maintenanceMode,
                stopAllResources,
                startFailureIsFatal,
                startupFencing,
                concurrentFencing,
                nodeHealth,
                0);
    }

    /** Without a node health strategy. */
    public ClusterOptions(
            boolean fencingEnabled,
            String fencingAction,
            String noQuorumPolicy,
            boolean symmetricCluster,
            String placementStrategy,
            boolean maintenanceMode,
            boolean stopAllResources,
            boolean startFailureIsFatal,
            boolean startupFencing,
            boolean concurrentFencing) {
        this(
                fencingEnabled,
                fencingAction,
                noQuorumPolicy,
                symmetricCluster,
                placementStrategy,
                maintenanceMode,
                stopAllResources,
                startFailureIsFatal,
                startupFencing,
                concurrentFencing,
                NodeHealthPolicy.NONE);
    }
}
