package io.hapc.transport.heartbeat.cluster;

import io.hapc.transport.Leadership;
import java.util.Optional;

/**
 * Who is DC between two nodes, decided by each node alone from the same facts, so both agree once they
 * hear each other:
 * <ol>
 * <li>No quorum, no DC: a node that never saw its peer in this life has none (votequorum's wait_for_all:
 * it can not know what the peer runs); once both were seen together, one node alone keeps quorum
 * (two_node), and the fence race decides a split.
 * <li>A running DC keeps the role with its epoch; a node alone with quorum becomes DC with a new epoch.
 * <li>Two DCs (after a split heals): the higher epoch wins, and on a tie the lower name; the other gives up.
 * <li>Neither is DC: the node whose name sorts first takes the role, with an epoch above every one known.
 * <li>While the link is in doubt (the peer late), nobody is DC on this node, but the claim is kept.
 * </ol>
 *
 * @param claimEpoch this node's DC epoch after the decision (0: not DC)
 * @param maxEpoch the highest epoch known after the decision
 */
record DcChoice(long claimEpoch, long maxEpoch, Optional<Leadership> leadership) {
    /** The facts one decision is made on. `peerClaim` counts only when `joined`. */
    record Facts(
            String local,
            String peer,
            boolean joined,
            boolean suspended,
            boolean seenBoth,
            long claimEpoch,
            long maxEpoch,
            long peerClaim) {}

    static DcChoice decide(Facts f) {
        long claim = f.claimEpoch();
        long max = Math.max(f.maxEpoch(), claim);
        if (!f.joined() && !f.seenBoth()) return new DcChoice(0, max, Optional.empty());
        Optional<Leadership> dc;
        if (f.joined()) {
            long peerClaim = f.peerClaim();
            max = Math.max(max, peerClaim);
            if (claim > 0
                    && peerClaim > 0
                    && (peerClaim > claim || (peerClaim == claim && f.peer().compareTo(f.local()) < 0))) {
                claim = 0;
            }
            if (claim == 0 && peerClaim == 0 && f.local().compareTo(f.peer()) < 0) claim = ++max;
            dc = claim > 0
                    ? Optional.of(new Leadership(f.local(), claim))
                    : peerClaim > 0 ? Optional.of(new Leadership(f.peer(), peerClaim)) : Optional.empty();
        } else {
            if (claim == 0) claim = ++max;
            dc = Optional.of(new Leadership(f.local(), claim));
        }
        return new DcChoice(claim, max, f.suspended() ? Optional.empty() : dc);
    }
}
