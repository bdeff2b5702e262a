package io.hapc.transport.heartbeat.messaging;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The message layer's payloads inside authenticated packets (the packet layer already vouches for the
 * sender and its incarnation). Every frame names the incarnation of the node it is for, so nothing meant
 * for an earlier life of a node reaches its next one. A message larger than a packet travels as several
 * fragments with consecutive ids, all but the last marked "more".
 *
 * <pre>
 * MESSAGE packet: to-incarnation (8) | fragment id (8, from 1 per pair of lives) | flags (1: bit 0 = more) | bytes
 * ACK packet:     to-incarnation (8) | every fragment id up to this one was delivered (8)
 * </pre>
 */
sealed interface Frame {
    int MESSAGE_HEADER_BYTES = 17;
    int MORE = 1;

    long toIncarnation();

    record Data(long toIncarnation, long id, boolean more, byte[] bytes) implements Frame {}

    record Ack(long toIncarnation, long deliveredThrough) implements Frame {}

    static byte[] encode(Data d) {
        return ByteBuffer.allocate(MESSAGE_HEADER_BYTES + d.bytes().length)
                .putLong(d.toIncarnation())
                .putLong(d.id())
                .put((byte) (d.more() ? MORE : 0))
                .put(d.bytes())
                .array();
    }

    static byte[] encode(Ack a) {
        return ByteBuffer.allocate(16)
                .putLong(a.toIncarnation())
                .putLong(a.deliveredThrough())
                .array();
    }

    /** Empty if the payload is too short or a field out of range (a peer's bug: authentic, yet unusable). */
    static Optional<Data> decodeData(byte[] payload) {
        if (payload.length < MESSAGE_HEADER_BYTES) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(payload);
        long to = b.getLong();
        long id = b.getLong();
        int flags = b.get() & 0xff;
        if (to < 1 || id < 1 || (flags & ~MORE) != 0) return Optional.empty();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return Optional.of(new Data(to, id, (flags & MORE) != 0, bytes));
    }

    static Optional<Ack> decodeAck(byte[] payload) {
        if (payload.length != 16) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(payload);
        long to = b.getLong();
        long through = b.getLong();
        if (to < 1 || through < 0) return Optional.empty();
        return Optional.of(new Ack(to, through));
    }
}
