package io.hapc.transport.heartbeat.wire;

import java.util.Optional;

/** What a packet carries; the code is one byte on the wire and never changes meaning within a format version. */
public enum PacketType {
    /** "I am alive", sent on every link every keepalive; the payload echoes what the sender last heard of the receiver there. */
    HEARTBEAT(1),
    /** A message of the layer above (SPI messages, CIB pushes); the payload is that layer's. */
    MESSAGE(2),
    /** Acknowledges messages; the payload is the message layer's. */
    ACK(3),
    /** The sender leaves cleanly: no need to wait for deadtime. */
    LEAVE(4);

    private final int code;

    PacketType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<PacketType> ofCode(int code) {
        for (PacketType t : values()) {
            if (t.code == code) return Optional.of(t);
        }
        return Optional.empty();
    }
}
