package io.hapc.transport.heartbeat.wire;

/** What became of one incoming datagram: an authentic packet, or a drop with its reason. */
public sealed interface DecodeResult {
    record Accepted(Packet packet) implements DecodeResult {}

    /** `detail` says what was wrong, for a debug log; it never holds key material. */
    record Dropped(DropReason reason, String detail) implements DecodeResult {}
}
