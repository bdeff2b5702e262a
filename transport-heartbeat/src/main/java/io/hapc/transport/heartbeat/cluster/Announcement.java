package io.hapc.transport.heartbeat.cluster;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.StoredCib;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * What a node tells its peer on every heartbeat (see {@code HeartbeatEndpoint#announce}): whether it holds
 * the DC role and with which epoch, the highest epoch it knows, its CIB (fingerprint, revision, version),
 * and its verdict on the peer's CIB: whether the fingerprint it last heard from the peer is one its own
 * copy went through. Two nodes whose verdicts on each other are both "unknown" changed their CIBs apart;
 * the fingerprint of its configuration alone then tells whether only the status differs, and whether
 * its configuration is still the one it last shared with the peer tells which side changed nothing an
 * admin was told is done.
 *
 * @param claimEpoch the epoch of this node's DC role; 0 if it is not DC
 */
record Announcement(
        long claimEpoch,
        long maxEpoch,
        long cibFingerprint,
        long cibRevision,
        CibVersion cibVersion,
        long judgedFingerprint,
        boolean judgedKnown,
        long configFingerprint,
        boolean configUnchangedApart) {
    static final int FORMAT = 3;
    static final int BYTES = 1 + 8 * 8 + 1 + 8 + 1;

    /** What this node says now: its DC claim and epochs, its copy of the CIB, and its verdict on `peerSaid`'s (null: none heard). */
    static Announcement of(long claimEpoch, long maxEpoch, CibCopy cib, Announcement peerSaid) {
        long judged = peerSaid == null ? 0 : peerSaid.cibFingerprint();
        return new Announcement(
                claimEpoch,
                maxEpoch,
                cib.fingerprint(),
                cib.revision(),
                cib.current().map(StoredCib::version).orElse(CibVersion.ZERO),
                judged,
                peerSaid != null && cib.descendsFrom(judged),
                cib.configFingerprint(),
                cib.configUnchangedSinceShared());
    }

    byte[] encode() {
        return ByteBuffer.allocate(BYTES)
                .put((byte) FORMAT)
                .putLong(claimEpoch)
                .putLong(maxEpoch)
                .putLong(cibFingerprint)
                .putLong(cibRevision)
                .putLong(cibVersion.adminEpoch())
                .putLong(cibVersion.epoch())
                .putLong(cibVersion.numUpdates())
                .putLong(judgedFingerprint)
                .put((byte) (judgedKnown ? 1 : 0))
                .putLong(configFingerprint)
                .put((byte) (configUnchangedApart ? 1 : 0))
                .array();
    }

    /** Empty if not an announcement of this format (a peer of another version: it is not joined). */
    static Optional<Announcement> decode(byte[] bytes) {
        if (bytes.length != BYTES || bytes[0] != FORMAT) return Optional.empty();
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, BYTES - 1);
        long claim = b.getLong();
        long max = b.getLong();
        long fp = b.getLong();
        long revision = b.getLong();
        CibVersion v = new CibVersion(b.getLong(), b.getLong(), b.getLong());
        long judged = b.getLong();
        int known = b.get();
        long config = b.getLong();
        int unchanged = b.get();
        if (claim < 0 || max < 0 || known < 0 || known > 1 || unchanged < 0 || unchanged > 1) return Optional.empty();
        return Optional.of(new Announcement(claim, max, fp, revision, v, judged, known == 1, config, unchanged == 1));
    }
}
