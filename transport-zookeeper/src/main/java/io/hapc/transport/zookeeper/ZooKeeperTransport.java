package io.hapc.transport.zookeeper;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.ClusterTransport;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import io.hapc.transport.Membership;
import io.hapc.transport.Message;
import io.hapc.transport.StaleWriteException;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import io.hapc.transport.TransportListener;
import io.hapc.transport.zookeeper.TransportView.DcEntry;
import io.hapc.transport.zookeeper.TransportView.DcTerm;
import java.io.Closeable;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster transport on ZooKeeper, through Apache Curator; the znode layout is in {@link ZnodePaths}.
 *
 * <p>Three single threads, so no locks: the <em>event</em> thread owns the {@link TransportView}
 * and makes every listener callback; the <em>store</em> thread does the blocking ZooKeeper calls
 * behind watches (reads, the DC claim, draining the inbox) and hands results to the event thread;
 * the <em>outbox</em> thread writes sent messages. Curator's own threads only post to these
 * ({@link TransportThreads}).
 *
 * <p>Its parts: {@link ClusterPathClaim} (the cluster's own path and layout), {@link ClusterWatches}
 * (what the watches read), {@link DcClaim} (the dc znode), {@link CibZnodeStore} (the CIB's head and
 * status znodes), {@link MessageZnodes} (inboxes). This class keeps the view, the lifecycle and the
 * checks of {@link ClusterTransport}'s contract.
 *
 * <p>DC election: a {@link LeaderLatch} decides who stands; the winner then claims the DC with a
 * compare-and-set of the dc znode (epoch + 1) and only then announces itself. Every CIB write is one
 * ZooKeeper transaction that also checks the dc znode is still at the version that claim wrote, so a
 * deposed DC's late write is refused by ZooKeeper itself, whatever this node believes.
 */
public final class ZooKeeperTransport implements ClusterTransport {
    private static final Logger log = LoggerFactory.getLogger(ZooKeeperTransport.class);

    private enum Lifecycle {
        LATENT,
        STARTED,
        CLOSED
    }

    private final ZooKeeperTransportConfig config;
    private final String localNode;
    private final ZnodePaths paths;
    private final ZnodeCodec codec = new ZnodeCodec();
    private final ClusterAcl acl;
    private final CuratorFramework client;

    private final LeaderLatch dcLatch;
    private final PersistentNode memberNode;
    private final TransportThreads threads;
    private final CibZnodeStore cibStore;
    private final MessageZnodes messages;
    private final DcClaim dcClaim;
    private final ClusterWatches watches;

    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);
    private final AtomicBoolean watchesArmed = new AtomicBoolean();
    /** The session was lost since the last connection: the next one is a new life in the cluster's eyes. */
    private final AtomicBoolean sessionLost = new AtomicBoolean();

    private volatile TransportListener listener;
    private volatile TransportView view;
    /** What the listener was last told; event thread only. */
    private Optional<Leadership> announcedLeadership = Optional.empty();

    public ZooKeeperTransport(ZooKeeperTransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.localNode = config.nodeName();
        this.paths = new ZnodePaths(config.clusterName());
        this.view = TransportView.initial(localNode);
        this.acl = new ClusterAcl(config.secret());
        this.client = CuratorClients.forCluster(config, acl);
        this.dcLatch = new LeaderLatch(client, paths.dcElection(), localNode);
        this.memberNode = new PersistentNode(client, CreateMode.EPHEMERAL, false, paths.member(localNode), new byte[0]);
        this.threads = new TransportThreads(localNode);
        this.cibStore = new CibZnodeStore(config, paths, codec, client, this::running);
        this.messages = new MessageZnodes(config, paths, codec, client);
        this.dcClaim = new DcClaim(localNode, paths, codec, client, dcLatch, this::running);
        this.watches = new ClusterWatches(
                localNode,
                paths,
                client.newWatcherRemoveCuratorFramework(),
                threads,
                cibStore,
                dcClaim,
                messages,
                this::running,
                new ReadsToView());

        client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state));
        dcLatch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                dcClaim.latchChanged();
                onStore(ZooKeeperTransport.this::claimDcIfLeader);
            }

            @Override
            public void notLeader() {
                dcClaim.latchChanged();
                onEvents(() -> update(view.withoutTerm()));
            }
        });
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start(TransportListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        if (!lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
            throw new IllegalStateException("a transport starts once: this one is " + lifecycle.get());
        }
        this.listener = listener;
        try {
            client.start();
            if (!client.blockUntilConnected(CuratorClients.millis(config.connectionTimeout()), TimeUnit.MILLISECONDS)) {
                throw new TransportException("could not reach ZooKeeper at " + config.connectString() + " within "
                        + config.connectionTimeout());
            }
            warnIfSessionTimeoutWasNegotiatedOtherwise();
            ClusterPathClaim clusterPath = new ClusterPathClaim(config, paths, acl, client);
            clusterPath.claim();
            clusterPath.createLayout();
            messages.discardMessagesOfEarlierLives();
            memberNode.start();
            if (!memberNode.waitForInitialCreate(
                    CuratorClients.millis(config.connectionTimeout()), TimeUnit.MILLISECONDS)) {
                throw new TransportException(
                        "could not register " + localNode + " as a member within " + config.connectionTimeout());
            }
            watchesArmed.set(true);
            watches.readAll();
            dcLatch.start();
            threads.awaitFirstViews(config.connectionTimeout());
        } catch (TransportException e) {
            close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new TransportException("interrupted while joining cluster " + config.clusterName(), e);
        } catch (Exception e) {
            close();
            throw new TransportException(
                    "could not join cluster " + config.clusterName() + " at " + config.connectString() + ": " + e, e);
        }
    }

    @Override
    public String kind() {
        return "zookeeper";
    }

    @Override
    public void close() {
        Lifecycle was = lifecycle.getAndSet(Lifecycle.CLOSED);
        if (was == Lifecycle.CLOSED) {
            return;
        }
        if (was == Lifecycle.STARTED) {
            watchesArmed.set(false);
            // Messages already sent get a chance to leave (a node's last words are often a reply).
            threads.drainOutbox(config.connectionTimeout());
            // Recipes before the client, or their background work fails against a closed client.
            if (dcLatch.getState() == LeaderLatch.State.STARTED) {
                closeQuietly(dcLatch, "the DC latch");
            }
            if (client.getZookeeperClient().isConnected()) {
                closeQuietly(memberNode, "the membership node");
            } else {
                // Its close deletes the znode in the foreground, retrying for seconds without a link. The
                // znode is ephemeral: the server drops it when the session ends or expires.
                log.info(
                        "{}: leaving while not connected; the cluster sees this node leave when its session expires",
                        localNode);
            }
            watches.removeAll();
            threads.stopStore(config.connectionTimeout());
        } else {
            threads.stopOutboxAndStoreNow();
        }
        // Without a link this waits for ZooKeeper's current connection attempt to give up (session
        // timeout / number of servers, plus up to 1 s of backoff): its closeSession request waits for it.
        client.close();
        // No callback starts once closed (deliver() checks); wait for one running, unless it is us.
        threads.stopEvents(config.connectionTimeout());
    }

    // ------------------------------------------------------------------ what the daemon asks

    @Override
    public String localNode() {
        return localNode;
    }

    @Override
    public Membership membership() {
        return view.membership();
    }

    @Override
    public Optional<Leadership> leadership() {
        return view.leadership();
    }

    /** The session timeout the server granted (0 before the first connection); failure detection follows it. */
    public Duration negotiatedSessionTimeout() {
        return Duration.ofMillis(client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs());
    }

    @Override
    public Optional<StoredCib> readCib() throws TransportException {
        requireStarted();
        if (!client.getZookeeperClient().isConnected()) {
            throw new TransportException(localNode + " is not connected to ZooKeeper; the CIB can not be read now");
        }
        try {
            return cibStore.read(client);
        } catch (Exception e) {
            throw new TransportException("could not read the CIB: " + e, e);
        }
    }

    @Override
    public StoredCib writeCib(String xml, CibVersion version, long expectedRevision, long dcEpoch)
            throws TransportException {
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(version, "version");
        requireStarted();
        TransportView known = view;
        Optional<DcTerm> term = known.term().filter(t -> t.epoch() == dcEpoch);
        Optional<Leadership> reported = known.leadership();
        if (term.isPresent() && reported.isEmpty() && (!known.linkUp() || !known.dcReadSinceLinkUp())) {
            // Still our claim, but the link is in doubt (or just back and the dc znode not re-read yet).
            // With the link up and the dc znode read, an empty leadership is someone else's claim: stale.
            throw new TransportException(
                    localNode + "'s link to ZooKeeper is in doubt; the CIB was not written (retry once reconnected)");
        }
        if (term.isEmpty() || !reported.equals(Optional.of(new Leadership(localNode, dcEpoch)))) {
            throw new StaleWriteException(
                    localNode + " does not hold DC leadership at epoch " + dcEpoch + " (the DC is " + reported + ")");
        }
        Optional<StoredCib> stored =
                known.cib().filter(c -> c.revision() == expectedRevision).isPresent() ? known.cib() : readCib();
        long storedRevision = stored.map(StoredCib::revision).orElse(-1L);
        if (storedRevision != expectedRevision) {
            throw new StaleWriteException(
                    "the stored CIB is at revision " + storedRevision + ", not " + expectedRevision);
        }
        if (stored.isPresent() && version.compareTo(stored.get().version()) <= 0) {
            throw new StaleWriteException("CIB version " + version + " is not newer than the stored "
                    + stored.get().version());
        }
        return cibStore.write(xml, version, expectedRevision, dcEpoch, term.get());
    }

    @Override
    public void send(Message message) {
        if (message == null) {
            log.warn("{}: asked to send no message; ignored", localNode);
            return;
        }
        if (lifecycle.get() != Lifecycle.STARTED) {
            log.debug("{}: not running; dropped {}", localNode, message);
            return;
        }
        if (!threads.onOutbox(() -> messages.write(message))) {
            log.debug("{}: closing; dropped {}", localNode, message);
        }
    }

    @Override
    public boolean canCarry(Message message) {
        return messages.canCarry(message);
    }

    /** The partition that holds the ZooKeeper session has quorum: a lost session loses it. */
    @Override
    public boolean quorate() {
        return !sessionLost.get();
    }

    // ------------------------------------------------------------------ connection and leadership

    private void connectionChanged(org.apache.curator.framework.state.ConnectionState curatorState) {
        ConnectionState state = switch (curatorState) {
            case CONNECTED -> ConnectionState.CONNECTED;
            case RECONNECTED -> ConnectionState.RECONNECTED;
            // Read-only (a minority server, only if allowed) can not write: as much in doubt as suspended.
            case SUSPENDED, READ_ONLY -> ConnectionState.SUSPENDED;
            case LOST -> ConnectionState.LOST;
        };
        onEvents(() -> {
            TransportView next = view.withLink(state.connected());
            view = state == ConnectionState.LOST ? next.withoutTerm() : next;
            deliver(l -> l.connectionStateChanged(state));
            announceLeadershipIfChanged();
        });
        if (state == ConnectionState.LOST) {
            sessionLost.set(true);
        }
        if (state.connected() && watchesArmed.get()) {
            if (sessionLost.getAndSet(false)) {
                // The cluster gave this node up; what was sent to it meanwhile was for the node it gave up.
                onStore(this::discardMessagesOfEarlierLivesQuietly);
            }
            // Watches do not survive a new session, and events may have been missed: read everything again.
            watches.readAll();
            onStore(this::claimDcIfLeader);
        }
    }
    /** On the store thread: claims the DC if the latch made this node leader (see {@link DcClaim}). */
    private void claimDcIfLeader() {
        dcClaim.claimIfLeader(new DcClaim.Claimed() {
            @Override
            public void stillHeld(Optional<DcEntry> current) {
                onEvents(() -> update(view.withDcRead(current)));
            }

            @Override
            public void claimed(DcTerm term, DcEntry entry, long latchChange) {
                onEvents(() -> ZooKeeperTransport.this.claimed(term, entry, latchChange));
            }
        });
    }

    private void claimed(DcTerm term, DcEntry entry, long latchChange) {
        if (!dcClaim.stillLeading(latchChange)) {
            log.info(
                    "{}: DC claim at epoch {} came after this node stopped leading; not announced",
                    localNode,
                    term.epoch());
            return;
        }
        log.info("{}: DC at epoch {}", localNode, term.epoch());
        update(view.withTerm(term, entry));
    }

    // ------------------------------------------------------------------ watches and reads

    /** Store thread: what the watches read goes to the event thread, which owns the view. */
    private final class ReadsToView implements ClusterWatches.Reads {
        @Override
        public void members(Membership membership) {
            onEvents(() -> {
                if (membership.epoch() > view.membership().epoch()) {
                    view = view.withMembership(membership);
                    deliver(l -> l.membershipChanged(membership));
                    announceLeadershipIfChanged();
                }
            });
        }

        @Override
        public void dc(Optional<DcEntry> entry) {
            onEvents(() -> {
                update(view.withDcRead(entry));
                // Our latch leads but the dc znode names someone else (a stale claim won a race): claim above it.
                if (dcLatch.hasLeadership()
                        && !view.leadership().map(l -> l.dc().equals(localNode)).orElse(false)
                        && view.linkUp()) {
                    onStore(ZooKeeperTransport.this::claimDcIfLeader);
                }
            });
        }

        @Override
        public void cib(StoredCib newer) {
            onEvents(() -> {
                long known = view.cib().map(StoredCib::revision).orElse(-1L);
                if (newer.revision() > known) {
                    update(view.withCib(newer));
                    deliver(l -> l.cibChanged(newer));
                }
            });
        }

        @Override
        public void message(Message message) {
            onEvents(() -> deliver(l -> l.messageReceived(message)));
        }
    }

    private void discardMessagesOfEarlierLivesQuietly() {
        try {
            messages.discardMessagesOfEarlierLives();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            logUnlessClosed("could not discard messages sent while this node was lost", e);
        }
    }

    // ------------------------------------------------------------------ the event thread

    /** Event thread: takes the new view and tells the listener if the DC it reports changed. */
    private void update(TransportView next) {
        view = next;
        announceLeadershipIfChanged();
    }

    private void announceLeadershipIfChanged() {
        Optional<Leadership> now = view.leadership();
        if (!now.equals(announcedLeadership)) {
            announcedLeadership = now;
            deliver(l -> l.leadershipChanged(now));
        }
    }

    /** Event thread: one listener callback, unless closed; a failing listener is logged, not fatal. */
    private void deliver(Consumer<TransportListener> callback) {
        if (lifecycle.get() != Lifecycle.STARTED) {
            return;
        }
        try {
            callback.accept(listener);
        } catch (RuntimeException e) {
            log.error("{}: the transport listener failed", localNode, e);
        }
    }

    private void onEvents(Runnable task) {
        threads.onEvents(task);
    }

    private void onStore(Runnable task) {
        threads.onStore(task);
    }

    // ------------------------------------------------------------------ small helpers

    private void warnIfSessionTimeoutWasNegotiatedOtherwise() {
        long negotiated = negotiatedSessionTimeout().toMillis();
        if (negotiated != config.sessionTimeout().toMillis()) {
            log.warn(
                    "{}: ZooKeeper granted a session timeout of {} ms, not the {} ms configured (server min/maxSessionTimeout); "
                            + "failure detection follows the granted one",
                    localNode,
                    negotiated,
                    config.sessionTimeout().toMillis());
        }
    }

    private void requireStarted() {
        if (lifecycle.get() != Lifecycle.STARTED) {
            throw new IllegalStateException("the transport is " + lifecycle.get() + ", not STARTED");
        }
    }

    private boolean running() {
        return lifecycle.get() == Lifecycle.STARTED;
    }

    private void logUnlessClosed(String what, Exception e) {
        if (running()) {
            log.warn("{}: {}: {}", localNode, what, e.toString());
        }
    }

    private void closeQuietly(Closeable closeable, String what) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("{}: could not close {}: {}", localNode, what, e.toString());
        }
    }
}
