package io.hapc.engine.cluster;

/** Membership of a node as the scheduler sees it. */
public enum NodeState {
    ONLINE,
    OFFLINE,
    UNCLEAN,
    PENDING
}
