package io.hapc.transport.zookeeper;

import io.hapc.transport.Membership;
import io.hapc.transport.Message;
import io.hapc.transport.StoredCib;
import io.hapc.transport.zookeeper.TransportView.DcEntry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watches on the cluster's znodes (members, dc, CIB, this node's inbox) and the reads they
 * trigger, on the store thread; what was read goes to {@link Reads}. A burst of watch events needs
 * one read, and all are read again after a new connection (watches do not survive a new session).
 */
final class ClusterWatches {
    private static final Logger log = LoggerFactory.getLogger(ClusterWatches.class);

    /** Where what was read goes; called on the store thread. */
    interface Reads {
        void members(Membership membership);

        void dc(Optional<DcEntry> entry);

        void cib(StoredCib cib);

        void message(Message message);
    }

    /** What a watch asks to read again. */
    private enum Watched {
        MEMBERS,
        DC,
        CIB,
        INBOX
    }

    private final String localNode;
    private final ZnodePaths paths;
    /** The client through which watches are set, so that {@link #removeAll} can remove them all. */
    private final WatcherRemoveCuratorFramework watching;

    private final TransportThreads threads;
    private final CibZnodeStore cibStore;
    private final DcClaim dcClaim;
    private final MessageZnodes messages;
    private final BooleanSupplier running;
    private final Reads reads;
    private final Map<Watched, AtomicBoolean> readQueued = new EnumMap<>(Watched.class);

    private final Watcher membersWatcher = event -> watchFired(event, Watched.MEMBERS);
    private final Watcher dcWatcher = event -> watchFired(event, Watched.DC);
    private final Watcher cibWatcher = event -> watchFired(event, Watched.CIB);
    private final Watcher inboxWatcher = event -> watchFired(event, Watched.INBOX);

    ClusterWatches(
            String localNode,
            ZnodePaths paths,
            WatcherRemoveCuratorFramework watching,
            TransportThreads threads,
            CibZnodeStore cibStore,
            DcClaim dcClaim,
            MessageZnodes messages,
            BooleanSupplier running,
            Reads reads) {
        this.localNode = localNode;
        this.paths = paths;
        this.watching = watching;
        this.threads = threads;
        this.cibStore = cibStore;
        this.dcClaim = dcClaim;
        this.messages = messages;
        this.running = running;
        this.reads = reads;
        for (Watched watched : Watched.values()) {
            readQueued.put(watched, new AtomicBoolean());
        }
    }

    void readAll() {
        for (Watched watched : Watched.values()) {
            requestRead(watched);
        }
    }

    void removeAll() {
        watching.removeWatchers();
    }

    private void watchFired(WatchedEvent event, Watched what) {
        // Connection events reach watchers too; the connection listener deals with those.
        if (event.getType() != Watcher.Event.EventType.None) {
            requestRead(what);
        }
    }

    /** Queues one read of `what` on the store thread, unless one is queued already (a burst of events needs one read). */
    private void requestRead(Watched what) {
        if (!running.getAsBoolean() || !readQueued.get(what).compareAndSet(false, true)) {
            return;
        }
        threads.onStore(() -> {
            readQueued.get(what).set(false);
            try {
                switch (what) {
                    case MEMBERS -> readMembers();
                    case DC -> reads.dc(dcClaim.read(watching, dcWatcher));
                    case CIB -> readCibChange();
                    case INBOX -> messages.drainInbox(watching, inboxWatcher, reads::message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // Connection trouble: RECONNECTED reads everything again.
                if (running.getAsBoolean()) {
                    log.warn("{}: {}: {}", localNode, "could not read " + what, e.toString());
                }
            }
        });
    }

    private void readMembers() throws Exception {
        Stat stat = new Stat();
        List<String> nodes = watching.getChildren()
                .storingStatIn(stat)
                .usingWatcher(membersWatcher)
                .forPath(paths.members());
        // The children version of members/ counts every join and leave: the same view has the same epoch on every node.
        reads.members(new Membership(stat.getCversion(), Set.copyOf(nodes)));
    }

    private void readCibChange() throws Exception {
        if (watching.checkExists().usingWatcher(cibWatcher).forPath(paths.cib()) == null) {
            return;
        }
        cibStore.read(watching).ifPresent(reads::cib);
    }
}
