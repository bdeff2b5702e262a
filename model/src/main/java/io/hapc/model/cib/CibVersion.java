package io.hapc.model.cib;

/**
 * Pacemaker's CIB version triple. A change is accepted only over an older version:
 * admin_epoch, then epoch, then num_updates decide.
 */
public record CibVersion(long adminEpoch, long epoch, long numUpdates) implements Comparable<CibVersion> {
    public static final CibVersion ZERO = new CibVersion(0, 0, 0);

    @Override
    public int compareTo(CibVersion o) {
        if (adminEpoch != o.adminEpoch) return Long.compare(adminEpoch, o.adminEpoch);
        if (epoch != o.epoch) return Long.compare(epoch, o.epoch);
        return Long.compare(numUpdates, o.numUpdates);
    }

    public CibVersion nextEpoch() {
        return new CibVersion(adminEpoch, epoch + 1, 0);
    }

    public CibVersion nextUpdate() {
        return new CibVersion(adminEpoch, epoch, numUpdates + 1);
    }

    @Override
    public String toString() {
        return adminEpoch + "." + epoch + "." + numUpdates;
    }
}
