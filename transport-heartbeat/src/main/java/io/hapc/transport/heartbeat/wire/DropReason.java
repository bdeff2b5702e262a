package io.hapc.transport.heartbeat.wire;

/** Why an incoming datagram was not accepted. Each is counted; none stops the reader. */
public enum DropReason {
    /** Larger than the configured maximum packet size. */
    OVERSIZED,
    /** Shorter than its header says, or than the smallest possible packet. */
    TRUNCATED,
    /** Not a hapc heartbeat packet, or a field out of range (magic, type, flags, sender name, counters). */
    MALFORMED,
    /** A format version this node does not speak. */
    UNSUPPORTED_VERSION,
    /** A packet of another cluster (its cluster id differs): two clusters share a network and port. */
    WRONG_CLUSTER,
    /** The sender is not the configured peer (or claims to be this node: a reflected packet). */
    UNKNOWN_SENDER,
    /** Sealed with a key id this node does not hold (a key change half done?). */
    UNKNOWN_KEY,
    /** Authentication failed: changed in transit, made without the key, or sealed with another secret. */
    FORGED,
    /** Authentic, but already received (or too old for the replay window). */
    REPLAYED,
    /** Authentic, but from an earlier incarnation of the sender than one already heard. */
    STALE
}
