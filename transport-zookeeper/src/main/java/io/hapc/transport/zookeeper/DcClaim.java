package io.hapc.transport.zookeeper;

import io.hapc.transport.zookeeper.TransportView.DcEntry;
import io.hapc.transport.zookeeper.TransportView.DcTerm;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dc znode: who is DC at which epoch. The {@link LeaderLatch} decides who stands; the winner
 * claims the DC here with a compare-and-set that raises the epoch, and only then is it announced.
 */
final class DcClaim {
    private static final Logger log = LoggerFactory.getLogger(DcClaim.class);

    /** What became of a claim; called on the store thread. */
    interface Claimed {
        /** This node's last claim is still the one in the dc znode (a blip of the link): nothing was written. */
        void stillHeld(Optional<DcEntry> current);

        /** A new claim was written, during the latch tenure `latchChange`. */
        void claimed(DcTerm term, DcEntry entry, long latchChange);
    }

    private record ClaimWritten(DcTerm term, long latchChange) {}

    private final String localNode;
    private final ZnodePaths paths;
    private final ZnodeCodec codec;
    private final CuratorFramework client;
    private final LeaderLatch dcLatch;
    private final BooleanSupplier running;
    /** Counts the latch's isLeader/notLeader calls, so a claim that finishes after a change is dropped. */
    private final AtomicLong latchChanges = new AtomicLong();
    /** The last DC claim this node wrote, and during which latch tenure; store thread only. */
    private Optional<ClaimWritten> lastClaim = Optional.empty();

    DcClaim(
            String localNode,
            ZnodePaths paths,
            ZnodeCodec codec,
            CuratorFramework client,
            LeaderLatch dcLatch,
            BooleanSupplier running) {
        this.localNode = localNode;
        this.paths = paths;
        this.codec = codec;
        this.client = client;
        this.dcLatch = dcLatch;
        this.running = running;
    }

    /** The latch called isLeader or notLeader: a claim begun before is not announced. */
    void latchChanged() {
        latchChanges.incrementAndGet();
    }

    /** Whether the latch still leads in the tenure a claim was written in. */
    boolean stillLeading(long latchChange) {
        return latchChange == latchChanges.get() && dcLatch.hasLeadership();
    }

    /**
     * On the store thread: if the latch made this node leader, claim the DC by raising the epoch in
     * the dc znode (compare-and-set, and only while our latch node exists), then announce it. If our
     * claim is still the one in the dc znode (a blip of the link), there is nothing to claim.
     */
    void claimIfLeader(Claimed outcome) {
        long latchChange = latchChanges.get();
        try {
            while (running.getAsBoolean() && dcLatch.hasLeadership()) {
                String ourCandidate = dcLatch.getOurPath();
                if (ourCandidate == null) {
                    return;
                }
                Optional<DcEntry> current = read(client, null);
                Optional<DcTerm> held = lastClaim
                        .filter(c -> c.latchChange() == latchChanges.get())
                        .map(ClaimWritten::term);
                if (current.isPresent()
                        && held.isPresent()
                        && held.get().dcZnodeVersion() == current.get().znodeVersion()) {
                    outcome.stillHeld(current);
                    return;
                }
                long epoch = current.map(DcEntry::epoch).orElse(0L) + 1;
                byte[] data = codec.encodeDc(localNode, epoch);
                CuratorOp claim = current.isPresent()
                        ? client.transactionOp()
                                .setData()
                                .withVersion(current.get().znodeVersion())
                                .forPath(paths.dc(), data)
                        : client.transactionOp().create().forPath(paths.dc(), data);
                try {
                    List<CuratorTransactionResult> results = client.transaction()
                            .forOperations(client.transactionOp().check().forPath(ourCandidate), claim);
                    int version =
                            current.isPresent() ? results.get(1).getResultStat().getVersion() : 0;
                    DcTerm term = new DcTerm(epoch, version);
                    DcEntry entry = new DcEntry(localNode, epoch, version);
                    lastClaim = Optional.of(new ClaimWritten(term, latchChange));
                    outcome.claimed(term, entry, latchChange);
                    return;
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
                    log.info("{}: another DC claim came first; claiming again above it", localNode);
                } catch (KeeperException.NoNodeException e) {
                    log.info("{}: our DC candidacy is gone; not claiming", localNode);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The link is failing: the next RECONNECTED claims again.
            logUnlessClosed("could not claim the DC", e);
        }
    }

    Optional<DcEntry> read(CuratorFramework through, Watcher watcher) throws Exception {
        Stat exists = watcher == null
                ? through.checkExists().forPath(paths.dc())
                : through.checkExists().usingWatcher(watcher).forPath(paths.dc());
        if (exists == null) {
            return Optional.empty();
        }
        Stat stat = new Stat();
        try {
            ZnodeCodec.DcZnode dc =
                    codec.decodeDc(through.getData().storingStatIn(stat).forPath(paths.dc()));
            return Optional.of(new DcEntry(dc.dc(), dc.epoch(), stat.getVersion()));
        } catch (KeeperException.NoNodeException gone) {
            return Optional.empty();
        }
    }

    private void logUnlessClosed(String what, Exception e) {
        if (running.getAsBoolean()) {
            log.warn("{}: {}: {}", localNode, what, e.toString());
        }
    }
}
