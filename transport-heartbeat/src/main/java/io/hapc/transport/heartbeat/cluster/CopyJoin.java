package io.hapc.transport.heartbeat.cluster;

import io.hapc.transport.StoredCib;
import io.hapc.transport.heartbeat.liveness.PeerState;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node joins its peer, by their copies of the CIB: joined when both are the same; the
 * copy whose lineage holds the other's (or, when only status differs, the newer; or, when only one
 * side changed its configuration apart, that side's) is pushed over it; when both changed their
 * configurations apart, no join, and the operator is told how to choose. Transport thread only.
 */
final class CopyJoin {
    // Its lines are the transport's: an operator reads them under that name.
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTransport.class);

    private final String local;
    private final String peerName;
    private final Consumer<Frames> send;
    /** The push this node last sent (over which copy of the peer's, and which of ours): not sent again. */
    private long pushedBase = -1;

    private long pushedFingerprint = -1;
    /** The peer's copy a conflict was last reported for: said once. */
    private long conflictReported;

    CopyJoin(String local, String peerName, Consumer<Frames> send) {
        this.local = local;
        this.peerName = peerName;
        this.send = send;
    }

    /** The DC pushed a write over `base`, leaving this node at `fingerprint`. */
    void pushed(long base, long fingerprint) {
        pushedBase = base;
        pushedFingerprint = fingerprint;
    }

    /** The join ended: a push begun is not known to have arrived. */
    void forgetPushes() {
        pushedBase = -1;
        pushedFingerprint = -1;
    }

    /** The peer is here and not joined: true if it joins now (both copies the same); pushes ours if it is ahead. */
    boolean tryToJoin(CibCopy cib, Announcement peerSaid, PeerState peerState) {
        long mine = cib.fingerprint();
        long theirs = peerSaid.cibFingerprint();
        if (theirs == mine) {
            if (peerState == PeerState.ALIVE) {
                conflictReported = 0;
                log.info(
                        "{} joined (CIB {} revision {} on both)",
                        peerName,
                        cib.current().map(c -> c.version().toString()).orElse("none"),
                        cib.revision());
                return true;
            }
            return false;
        }
        if (cib.descendsFrom(theirs)) {
            // Ours holds everything theirs does and more: ours wins (newer by lineage, hence by version too).
            pushOursOnce(
                    cib,
                    peerSaid,
                    "{} has an older CIB ({} revision {}) than this node ({} revision {}): sending ours");
            return false;
        }
        if (mine != CibCopy.NONE
                && peerSaid.configFingerprint() == cib.configFingerprint()
                && outranksPeer(cib, peerSaid)) {
            // Apart, both wrote status only (a DC for a moment on each side, the loser fenced): the configurations are
            // the same, so no acknowledged change is in either copy alone, and status is rebuilt from the nodes' own
            // histories once they join. Pacemaker's rejoining node takes the DC's CIB the same way. The newer copy goes
            // over the other.
            pushOursOnce(
                    cib,
                    peerSaid,
                    "{}'s CIB ({} revision {}) and this node's ({} revision {}) differ in status only: sending ours, the"
                            + " newer");
            return false;
        }
        boolean mineUnchanged = cib.configUnchangedSinceShared();
        if (mine != CibCopy.NONE && peerSaid.configUnchangedApart() && !mineUnchanged) {
            // Apart, the peer wrote status only (a DC alone for a moment, then fenced) while this node's configuration
            // moved on from the one both last held (an admin change acknowledged here): ours holds every acknowledged
            // change of both sides, and status is rebuilt from the nodes' own histories.
            pushOursOnce(
                    cib,
                    peerSaid,
                    "{} changed only status while apart ({} revision {}); this node's configuration moved on ({} "
                            + "revision {}): sending ours");
            return false;
        }
        if (mineUnchanged && !peerSaid.configUnchangedApart()) {
            return false; // the mirror of the case above: the peer sends its copy over this one
        }
        boolean theyKnowOurs = peerSaid.judgedFingerprint() == mine && peerSaid.judgedKnown();
        boolean theyJudgedOurs = peerSaid.judgedFingerprint() == mine;
        // A copy with no CIB yet conflicts with nothing: the peer's is pushed over it.
        if (mine != CibCopy.NONE && theyJudgedOurs && !theyKnowOurs && conflictReported != theirs) {
            conflictReported = theirs;
            String ours = cib.current()
                    .map(c -> c.version() + " revision " + c.revision() + " written by " + c.writtenBy())
                    .orElse("none");
            log.error(
                    "NOT JOINING {}: both CIBs changed while the nodes were apart, and neither holds the other's changes "
                            + "(this node {}: {}; {}: {} revision {}). hapc never merges them: choose the one to keep. To keep {}'s, "
                            + "stop hapcd on {} and run `hapc cluster cib-sync --from {}` there (it drops {}'s copy), then start it; "
                            + "or the other way round.",
                    peerName,
                    local,
                    ours,
                    peerName,
                    peerSaid.cibVersion(),
                    peerSaid.cibRevision(),
                    peerName,
                    local,
                    peerName,
                    local);
        }
        return false;
    }

    /** Sends this node's copy over the peer's, once per pair of copies (the peer answers by announcing the result). */
    private void pushOursOnce(CibCopy cib, Announcement peerSaid, String why) {
        long theirs = peerSaid.cibFingerprint();
        long mine = cib.fingerprint();
        if (pushedBase == theirs && pushedFingerprint == mine) return;
        log.info(
                why,
                peerName,
                peerSaid.cibVersion(),
                peerSaid.cibRevision(),
                cib.current().map(c -> c.version().toString()).orElse("none"),
                cib.revision());
        cib.current().ifPresent(c -> send.accept(new Frames.CibPush(theirs, c)));
        pushedBase = theirs;
        pushedFingerprint = mine;
    }

    /** Of two copies that differ in status only, whether this one goes over the peer's: the higher version, then revision, then name. */
    private boolean outranksPeer(CibCopy cib, Announcement peerSaid) {
        StoredCib c = cib.current().orElseThrow();
        int byVersion = c.version().compareTo(peerSaid.cibVersion());
        if (byVersion != 0) return byVersion > 0;
        if (c.revision() != peerSaid.cibRevision()) return c.revision() > peerSaid.cibRevision();
        return local.compareTo(peerName) < 0;
    }
}
