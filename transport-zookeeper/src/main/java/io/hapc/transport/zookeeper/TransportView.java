package io.hapc.transport.zookeeper;

import io.hapc.transport.Leadership;
import io.hapc.transport.Membership;
import io.hapc.transport.StoredCib;
import java.util.Optional;

/**
 * What one node knows of the cluster at one moment; immutable. The event thread alone makes new
 * views (and tells the listener); any thread may read the latest one.
 *
 * @param linkUp connected to ZooKeeper (CONNECTED or RECONNECTED, not yet SUSPENDED or LOST)
 * @param dcReadSinceLinkUp the dc znode was read since the link came up, so {@link #dc} is not from
 *     before a disconnection
 * @param dc the dc znode as last read, with its znode version
 * @param term this node's own leadership: the epoch it claimed and the dc znode version its claim
 *     wrote (every CIB write is fenced on that version)
 * @param cib the CIB as last read
 */
record TransportView(
        String localNode,
        boolean linkUp,
        boolean dcReadSinceLinkUp,
        Membership membership,
        Optional<DcEntry> dc,
        Optional<DcTerm> term,
        Optional<StoredCib> cib) {

    /** The dc znode: who is DC at which epoch, as of znode version `znodeVersion`. */
    record DcEntry(String node, long epoch, int znodeVersion) {}

    /** A leadership this node claimed: `epoch`, written as dc znode version `dcZnodeVersion`. */
    record DcTerm(long epoch, int dcZnodeVersion) {}

    static TransportView initial(String localNode) {
        return new TransportView(
                localNode, false, false, Membership.NONE, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The DC as the listener is told: nobody while the link is in doubt or the dc znode was not read
     * since it came back; this node only while its own claim is the one in the dc znode; another node
     * only while it is a member (the dc znode outlives its DC: after a whole-cluster restart it still
     * names the DC of before until someone claims).
     */
    Optional<Leadership> leadership() {
        if (!linkUp || !dcReadSinceLinkUp) {
            return Optional.empty();
        }
        return dc.flatMap(entry -> entry.node().equals(localNode)
                ? term.filter(t -> t.dcZnodeVersion() == entry.znodeVersion())
                        .map(t -> new Leadership(localNode, t.epoch()))
                : Optional.of(new Leadership(entry.node(), entry.epoch())).filter(l -> membership.contains(l.dc())));
    }

    /** The link went up or down; either way the dc znode must be read again before it counts. */
    TransportView withLink(boolean up) {
        return new TransportView(localNode, up, false, membership, dc, term, cib);
    }

    /** The dc znode as read now; an older read arriving late never replaces a newer one. */
    TransportView withDcRead(Optional<DcEntry> read) {
        Optional<DcEntry> newest = read.isPresent()
                        && dc.isPresent()
                        && read.get().znodeVersion() < dc.get().znodeVersion()
                ? dc
                : read.or(() -> dc);
        return new TransportView(localNode, linkUp, linkUp, membership, newest, term, cib);
    }

    TransportView withTerm(DcTerm claimed, DcEntry written) {
        return new TransportView(localNode, linkUp, dcReadSinceLinkUp, membership, dc, Optional.of(claimed), cib)
                .withDcRead(Optional.of(written));
    }

    TransportView withoutTerm() {
        return new TransportView(localNode, linkUp, dcReadSinceLinkUp, membership, dc, Optional.empty(), cib);
    }

    TransportView withMembership(Membership newer) {
        return new TransportView(localNode, linkUp, dcReadSinceLinkUp, newer, dc, term, cib);
    }

    TransportView withCib(StoredCib newer) {
        return new TransportView(localNode, linkUp, dcReadSinceLinkUp, membership, dc, term, Optional.of(newer));
    }
}
