package io.hapc.transport.heartbeat.liveness;

/** What the peer looks like from this node, judged by its most recent packet on any link. */
public enum PeerState {
    /** Never heard, and the start is younger than initdead. */
    UNKNOWN,
    /** Heard on some link within warntime. */
    ALIVE,
    /** Silent on every link for warntime or more: a warning, nothing is done yet. */
    LATE,
    /** Silent on every link for deadtime or more (or never heard within initdead). */
    DEAD
}
