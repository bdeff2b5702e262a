package io.hapc.transport.heartbeat.wire;

/**
 * The sliding anti-replay window of one sender incarnation (as IPsec's, RFC 4303 §3.4.3, with a wider
 * window): the highest sequence number seen and a bitmap of the {@link #SIZE} numbers below it. A number
 * seen before, or too far below the highest to be remembered, is a replay. Packets of one sender arrive
 * over several links at different speeds, hence the wide window.
 */
public final class ReplayWindow {
    public static final int SIZE = 1024;
    private final long[] bits = new long[SIZE / 64];
    private long highest; // 0: nothing seen yet (sequences start at 1)

    /**
     * Marks `sequence` as seen if it is new.
     *
     * @return true if new (accept the packet), false if a replay or too old
     */
    public boolean accept(long sequence) {
        if (sequence < 1) return false;
        if (sequence > highest) {
            long shift = sequence - highest;
            if (shift >= SIZE) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long s = highest + 1; s <= sequence; s++) {
                    clear(s); // the slots the window slides over held numbers SIZE below
                }
            }
            highest = sequence;
            set(sequence);
            return true;
        }
        if (highest - sequence >= SIZE) return false;
        if (isSet(sequence)) return false;
        set(sequence);
        return true;
    }

    public long highest() {
        return highest;
    }

    private int slot(long sequence) {
        return (int) (sequence % SIZE);
    }

    private boolean isSet(long s) {
        int i = slot(s);
        return (bits[i >>> 6] & (1L << (i & 63))) != 0;
    }

    private void set(long s) {
        int i = slot(s);
        bits[i >>> 6] |= 1L << (i & 63);
    }

    private void clear(long s) {
        int i = slot(s);
        bits[i >>> 6] &= ~(1L << (i & 63));
    }
}
