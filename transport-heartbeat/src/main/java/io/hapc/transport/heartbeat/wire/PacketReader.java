package io.hapc.transport.heartbeat.wire;

import java.util.Optional;

/**
 * The whole inbound path for one node: open the datagram ({@link PacketCodec}), then reject replays and
 * stale lives ({@link ReplayGuard}), counting every drop by reason. Never throws on input. Thread-safe:
 * one reader thread per link may share it.
 */
public final class PacketReader {
    private final PacketCodec codec;
    private final ReplayGuard guard = new ReplayGuard();
    private final DropCounters drops = new DropCounters();

    public PacketReader(PacketCodec codec) {
        this.codec = codec;
    }

    /** @return the packet if accepted; otherwise the drop, already counted */
    public synchronized DecodeResult read(byte[] buf, int offset, int length) {
        DecodeResult opened = codec.open(buf, offset, length);
        if (opened instanceof DecodeResult.Dropped d) {
            drops.count(d.reason());
            return d;
        }
        Packet p = ((DecodeResult.Accepted) opened).packet();
        switch (guard.check(p.sender(), p.incarnation(), p.sequence())) {
            case REPLAYED -> {
                drops.count(DropReason.REPLAYED);
                return new DecodeResult.Dropped(
                        DropReason.REPLAYED, "seq " + p.sequence() + " of incarnation " + p.incarnation());
            }
            case STALE -> {
                drops.count(DropReason.STALE);
                return new DecodeResult.Dropped(
                        DropReason.STALE,
                        "incarnation " + p.incarnation() + " < "
                                + guard.incarnationOf(p.sender()).orElse(0L));
            }
            default -> {
                return opened;
            }
        }
    }

    public Optional<Long> incarnationOf(String sender) {
        return guard.incarnationOf(sender);
    }

    public DropCounters drops() {
        return drops;
    }
}
