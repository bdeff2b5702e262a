package io.hapc.transport.heartbeat.wire;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How many incoming datagrams were dropped, by reason. Thread-safe. */
public final class DropCounters {
    private final Map<DropReason, LongAdder> counts = new EnumMap<>(DropReason.class);

    public DropCounters() {
        for (DropReason r : DropReason.values()) counts.put(r, new LongAdder());
    }

    public void count(DropReason reason) {
        counts.get(reason).increment();
    }

    public long get(DropReason reason) {
        return counts.get(reason).sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Every reason with its count (zeros included), in the enum's order. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        counts.forEach((r, n) -> out.put(r, n.sum()));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
