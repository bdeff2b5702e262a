package io.hapc.transport.heartbeat.liveness;

/** What one link looks like from this node, judged by how long the peer has been silent on it. */
public enum LinkState {
    /** Nothing heard on it yet, and the start is younger than initdead. */
    UNKNOWN,
    /** Heard within warntime. */
    UP,
    /** Silent for warntime or more: a warning. */
    LATE,
    /** Silent for deadtime or more (or never heard once initdead passed). */
    DOWN
}
