package io.hapc.engine.cluster;

/**
 * Cluster properties the scheduler honours, with Pacemaker's defaults. watchdogFencing: have-watchdog
 * (set by the cluster when SBD runs): nodes can fence themselves, which counts as a way to fence.
 */
public record ClusterOptions(boolean fencingEnabled, String fencingAction, String noQuorumPolicy,
                             boolean symmetricCluster, String placementStrategy, boolean maintenanceMode,
                             boolean stopAllResources, boolean startFailureIsFatal, boolean startupFencing,
                             boolean concurrentFencing, NodeHealthPolicy nodeHealth, long priorityFencingDelayMs,
                             boolean watchdogFencing) {
    /** Without watchdog self-fencing. */
    public ClusterOptions(boolean fencingEnabled, String fencingAction, String noQuorumPolicy,
                          boolean symmetricCluster, String placementStrategy, boolean maintenanceMode,
                          boolean stopAllResources, boolean startFailureIsFatal, boolean startupFencing,
                          boolean concurrentFencing, NodeHealthPolicy nodeHealth, long priorityFencingDelayMs) {
        this(fencingEnabled, fencingAction, noQuorumPolicy, symmetricCluster, placementStrategy, maintenanceMode,
                stopAllResources, startFailureIsFatal, startupFencing, concurrentFencing, nodeHealth, priorityFencingDelayMs,
                false);
    }

    /** Without priority-fencing-delay. */
    public ClusterOptions(boolean fencingEnabled, String fencingAction, String noQuorumPolicy,
                          boolean symmetricCluster, String placementStrategy, boolean maintenanceMode,
                          boolean stopAllResources, boolean startFailureIsFatal, boolean startupFencing,
                          boolean concurrentFencing, NodeHealthPolicy nodeHealth) {
        this(fencingEnabled, fencingAction, noQuorumPolicy, symmetricCluster, placementStrategy, maintenanceMode,
                stopAllResources, startFailureIsFatal, startupFencing, concurrentFencing, nodeHealth, 0);
    }

    /** Without a node health strategy. */
    public ClusterOptions(boolean fencingEnabled, String fencingAction, String noQuorumPolicy,
                          boolean symmetricCluster, String placementStrategy, boolean maintenanceMode,
                          boolean stopAllResources, boolean startFailureIsFatal, boolean startupFencing,
                          boolean concurrentFencing) {
        this(fencingEnabled, fencingAction, noQuorumPolicy, symmetricCluster, placementStrategy, maintenanceMode,
                stopAllResources, startFailureIsFatal, startupFencing, concurrentFencing, NodeHealthPolicy.NONE);
    }
}
