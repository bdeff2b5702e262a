package io.hapc.transport.zookeeper;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.CibTooLargeException;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster transport on ZooKeeper, through Apache Curator; the znode layout is in {@link ZnodePaths}.
 *
 * <p>Three single threads, so no locks: the <em>event</em> thread owns the {@link TransportView}
 * and makes every listener callback; the <em>store</em> thread does the blocking ZooKeeper calls
 * behind watches (reads, the DC claim, draining the inbox) and hands results to the event thread;
 * the <em>outbox</em> thread writes sent messages. Curator's own threads only post to these.
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

    /** What a watch asks to read again. */
    private enum Watched {
        MEMBERS,
        DC,
        CIB,
        INBOX
    }

    private final ZooKeeperTransportConfig config;
    private final String localNode;
    private final ZnodePaths paths;
    private final ZnodeCodec codec = new ZnodeCodec();
    private final ClusterAcl acl;
    private final CuratorFramework client;
    /** The client through which watches are set, so that close() can remove them all. */
    private final WatcherRemoveCuratorFramework watching;

    private final LeaderLatch dcLatch;
    private final PersistentNode memberNode;
    private final ExecutorService events;
    private final ExecutorService store;
    private final ExecutorService outbox;
    private final AtomicReference<Thread> eventThread = new AtomicReference<>();

    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);
    private final Map<Watched, AtomicBoolean> readQueued = new EnumMap<>(Watched.class);
    private final AtomicBoolean watchesArmed = new AtomicBoolean();
    /** The session was lost since the last connection: the next one is a new life in the cluster's eyes. */
    private final AtomicBoolean sessionLost = new AtomicBoolean();
    /** Counts the latch's isLeader/notLeader calls, so a claim that finishes after a change is dropped. */
    private final AtomicLong latchChanges = new AtomicLong();

    private volatile TransportListener listener;
    private volatile TransportView view;
    /** What the listener was last told; event thread only. */
    private Optional<Leadership> announcedLeadership = Optional.empty();
    /** Sequence number of the last message taken from the inbox in this life; store thread only. */
    private long lastInboxSequence = -1;
    /** The last DC claim this node wrote, and during which latch tenure; store thread only. */
    private Optional<ClaimWritten> lastClaim = Optional.empty();

    private record ClaimWritten(DcTerm term, long latchChange) {}

    /** The stored CIB's status parts this node last wrote or read: znode name → its XML, both ways. */
    private record KnownParts(long revision, Map<String, String> partByZnode) {
        Map<String, String> znodeByPart() {
            Map<String, String> byPart = new java.util.HashMap<>();
            partByZnode.forEach((znode, xml) -> byPart.putIfAbsent(xml, znode));
            return byPart;
        }
    }

    private static final int MAX_CIB_READ_ATTEMPTS = 10;
    private final AtomicReference<KnownParts> knownParts = new AtomicReference<>(new KnownParts(-2, Map.of()));
    /** Makes each status znode name this node writes new. */
    private final AtomicLong statusWrites = new AtomicLong();

    private final Watcher membersWatcher = event -> watchFired(event, Watched.MEMBERS);
    private final Watcher dcWatcher = event -> watchFired(event, Watched.DC);
    private final Watcher cibWatcher = event -> watchFired(event, Watched.CIB);
    private final Watcher inboxWatcher = event -> watchFired(event, Watched.INBOX);

    public ZooKeeperTransport(ZooKeeperTransportConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.localNode = config.nodeName();
        this.paths = new ZnodePaths(config.clusterName());
        this.view = TransportView.initial(localNode);
        for (Watched watched : Watched.values()) {
            readQueued.put(watched, new AtomicBoolean());
        }
        this.acl = new ClusterAcl(config.secret());
        this.client = CuratorFrameworkFactory.builder()
                .connectString(config.connectString())
                .sessionTimeoutMs(millis(config.sessionTimeout()))
                .connectionTimeoutMs(millis(config.connectionTimeout()))
                .retryPolicy(new BoundedExponentialBackoffRetry(
                        millis(config.retryBaseSleep()), millis(config.retryMaxSleep()), config.retryMaxAttempts()))
                // Use the servers we were given: the tracker would replace them with the addresses the
                // servers advertise, which may not be reachable from here.
                .ensembleTracker(false)
                .aclProvider(acl)
                .authorization(List.of(acl.auth()))
                // Keep DC candidacy until the session is really lost, not on every SUSPENDED. With the
                // standard policy a blip of the link (a ZooKeeper server restarting, the client moving to
                // another server) drops the latch at once and re-queues this node behind the others:
                // a new DC, a new epoch and a full DC hand-over for nothing. Safety does not rest on the
                // latch: while SUSPENDED the view reports no leadership at all (the DC stops acting, see
                // TransportView.leadership), and every CIB write is fenced by the dc znode version, so a
                // node that was replaced can not write even if it still believes it leads.
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .build();
        this.watching = client.newWatcherRemoveCuratorFramework();
        this.dcLatch = new LeaderLatch(client, paths.dcElection(), localNode);
        this.memberNode = new PersistentNode(client, CreateMode.EPHEMERAL, false, paths.member(localNode), new byte[0]);
        this.events = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = daemonThread(runnable, "events");
            eventThread.set(thread);
            return thread;
        });
        this.store = Executors.newSingleThreadExecutor(runnable -> daemonThread(runnable, "store"));
        this.outbox = Executors.newSingleThreadExecutor(runnable -> daemonThread(runnable, "outbox"));

        client.getConnectionStateListenable().addListener((c, state) -> connectionChanged(state));
        dcLatch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                latchChanges.incrementAndGet();
                onStore(ZooKeeperTransport.this::claimDcIfLeader);
            }

            @Override
            public void notLeader() {
                latchChanges.incrementAndGet();
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
            if (!client.blockUntilConnected(millis(config.connectionTimeout()), TimeUnit.MILLISECONDS)) {
                throw new TransportException("could not reach ZooKeeper at " + config.connectString() + " within "
                        + config.connectionTimeout());
            }
            warnIfSessionTimeoutWasNegotiatedOtherwise();
            claimClusterPath();
            for (String path :
                    List.of(paths.members(), paths.dcElection(), paths.cibStatus(), paths.inbox(localNode))) {
                createIfMissing(path);
            }
            discardMessagesOfEarlierLives();
            memberNode.start();
            if (!memberNode.waitForInitialCreate(millis(config.connectionTimeout()), TimeUnit.MILLISECONDS)) {
                throw new TransportException(
                        "could not register " + localNode + " as a member within " + config.connectionTimeout());
            }
            watchesArmed.set(true);
            readAll();
            dcLatch.start();
            awaitFirstViews();
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

    /**
     * Makes sure the cluster's path is the cluster's own before anything is written under it: created
     * here with the cluster's ACL, or, if it exists, carrying exactly that ACL all the way down. A path
     * someone else made (an unauthenticated client can create it in {@code /hapc} before the cluster
     * first starts) would let them delete the CIB and plant a DC, so it is refused, never adopted.
     */
    private void claimClusterPath() throws Exception {
        String root = ZnodePaths.ROOT;
        if (client.checkExists().forPath(root) == null) {
            try {
                client.create().withACL(acl.sharedRoot()).forPath(root);
            } catch (KeeperException.NodeExistsException raced) {
                // another node made it meanwhile
            } catch (KeeperException.NoAuthException refused) {
                throw new TransportException(
                        "ZooKeeper at " + config.connectString() + " does not let hapc create " + root
                                + " (the ensemble's / ACL); have a ZooKeeper admin create it once, readable and creatable by anyone: "
                                + "create " + root + " \"\" world:anyone:rc (docs/ZOOKEEPER.md)",
                        refused);
            }
        } else {
            List<org.apache.zookeeper.data.ACL> rootAcl = client.getACL().forPath(root);
            if (!Set.copyOf(rootAcl).equals(Set.copyOf(acl.sharedRoot()))) {
                log.warn(
                        "{}: {} has the ACL [{}], not hapc's [{}]; see docs/ZOOKEEPER.md",
                        localNode,
                        root,
                        ClusterAcl.describe(rootAcl),
                        ClusterAcl.describe(acl.sharedRoot()));
            }
        }
        try {
            client.create().withACL(acl.clusterOnly()).forPath(paths.cluster());
            log.info("{}: created {} for cluster {}", localNode, paths.cluster(), config.clusterName());
        } catch (KeeperException.NodeExistsException exists) {
            requireOwnAcl(paths.cluster(), paths.cluster());
        }
    }

    /** Checks `path` and everything below it carry the cluster's ACL; znodes that vanish meanwhile are skipped. */
    private void requireOwnAcl(String path, String clusterPath) throws Exception {
        List<org.apache.zookeeper.data.ACL> found;
        List<String> children;
        try {
            found = client.getACL().forPath(path);
            children = client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException gone) {
            return;
        } catch (KeeperException.NoAuthException noAuth) {
            throw notOwned(
                    path,
                    clusterPath,
                    "it can not be read with this node's secret: it belongs to a cluster with another "
                            + "secret, or this node's secret is not the cluster's (compare the secret file with the other nodes')");
        }
        if (!acl.isClusterOnly(found)) {
            throw notOwned(
                    path,
                    clusterPath,
                    "its ACL is [" + ClusterAcl.describe(found) + "], not the cluster's own digest ACL, "
                            + "so whoever created it can delete or plant the cluster's znodes");
        }
        for (String child : children) {
            requireOwnAcl(path + "/" + child, clusterPath);
        }
    }

    private ClusterPathNotOwnedException notOwned(String path, String clusterPath, String why) {
        return new ClusterPathNotOwnedException(
                path,
                "refusing to join cluster " + config.clusterName() + ": the ZooKeeper znode "
                        + path + " already exists and is not this cluster's: " + why
                        + ". To fix: if nothing of this cluster runs yet, "
                        + "have a ZooKeeper admin delete it (zkCli.sh -server " + config.connectString()
                        + ", authenticated as the super user: "
                        + "deleteall " + clusterPath
                        + ") and start hapcd again; if another cluster uses this name, choose another "
                        + "cluster name (docs/ZOOKEEPER.md)");
    }

    /** Lets the first reads reach the view, so that the getters answer with the cluster once start() returns. */
    private void awaitFirstViews() throws InterruptedException {
        try {
            store.submit(() -> {}).get(millis(config.connectionTimeout()), TimeUnit.MILLISECONDS);
            events.submit(() -> {}).get(millis(config.connectionTimeout()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            log.warn("{}: first reads of the cluster are slow; the views will follow", localNode);
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
            shutdownAndWait(outbox, config.connectionTimeout(), false);
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
            watching.removeWatchers();
            shutdownAndWait(store, config.connectionTimeout(), true);
        } else {
            outbox.shutdownNow();
            store.shutdownNow();
        }
        // Without a link this waits for ZooKeeper's current connection attempt to give up (session
        // timeout / number of servers, plus up to 1 s of backoff): its closeSession request waits for it.
        client.close();
        // No callback starts once closed (deliver() checks); wait for one running, unless it is us.
        shutdownAndWait(events, config.connectionTimeout(), false);
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
            return readStoredCib(client);
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
        // Each node's status in its own znode (new ones for what changed), then the head that refers to them.
        CibParts parts = CibParts.split(xml);
        Map<String, String> storedZnodeByPart = knownParts.get().revision() == expectedRevision
                ? knownParts.get().znodeByPart()
                : Map.of();
        List<ZnodeCodec.StatusRef> refs = new ArrayList<>();
        Map<String, byte[]> newParts = new LinkedHashMap<>();
        Map<String, String> partByZnode = new LinkedHashMap<>();
        for (CibParts.NodePart part : parts.nodes()) {
            String znode = storedZnodeByPart.get(part.xml());
            if (znode == null || partByZnode.containsKey(znode)) {
                znode = statusZnodeName(part.node(), dcEpoch);
                byte[] data = codec.encodeStatus(part.xml());
                requireFits(data.length, "the status of node " + part.node());
                newParts.put(znode, data);
            }
            partByZnode.put(znode, part.xml());
            refs.add(new ZnodeCodec.StatusRef(part.node(), znode));
        }
        byte[] data = codec.encodeCibHead(parts, refs, version, localNode, dcEpoch);
        requireFits(
                data.length,
                parts.nodes().isEmpty() ? "the CIB" : "the CIB's configuration (all but the nodes' status)");
        try {
            writeStatusParts(newParts, term.get());
            CuratorOp fence = client.transactionOp()
                    .check()
                    .withVersion(term.get().dcZnodeVersion())
                    .forPath(paths.dc());
            CuratorOp write = expectedRevision < 0
                    ? client.transactionOp().create().forPath(paths.cib(), data)
                    : client.transactionOp()
                            .setData()
                            .withVersion((int) expectedRevision)
                            .forPath(paths.cib(), data);
            List<CuratorTransactionResult> results = client.transaction().forOperations(fence, write);
            long revision =
                    expectedRevision < 0 ? 0 : results.get(1).getResultStat().getVersion();
            remember(revision, partByZnode);
            deleteStatusPartsOtherThan(partByZnode.keySet(), term.get());
            return new StoredCib(xml, version, revision, localNode, dcEpoch);
        } catch (StaleWriteException e) {
            throw e;
        } catch (KeeperException e) {
            return outcomeOfRefusedWrite(e, xml, version, expectedRevision, dcEpoch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(
                    "interrupted while writing the CIB; re-read it to learn whether it was written", e);
        } catch (Exception e) {
            throw new TransportException("could not write the CIB: " + e, e);
        }
    }

    private void requireFits(int bytes, String what) throws CibTooLargeException {
        if (bytes > config.maxZnodeBytes()) {
            throw new CibTooLargeException(
                    what + " would be " + bytes + " bytes compressed, over the " + config.maxZnodeBytes()
                            + " bytes one ZooKeeper znode may hold (jute.maxbuffer); nothing was written",
                    bytes,
                    config.maxZnodeBytes());
        }
    }

    /** A new, never used name: status znodes are written once and never changed, so a reader never sees half of a write. */
    private String statusZnodeName(String node, long dcEpoch) {
        String safe = node.replaceAll("[^A-Za-z0-9_.-]", "_");
        return (safe.length() > 100 ? safe.substring(0, 100) : safe) + "-" + dcEpoch + "-"
                + statusWrites.incrementAndGet();
    }

    /** Creates the new status znodes, fenced by the dc znode like the CIB itself, in transactions ZooKeeper accepts (~1 MiB each). */
    private void writeStatusParts(Map<String, byte[]> newParts, DcTerm term) throws Exception {
        List<String> batch = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, byte[]> part : newParts.entrySet()) {
            if (!batch.isEmpty() && bytes + part.getValue().length > config.maxZnodeBytes()) {
                createStatusParts(batch, newParts, term);
                batch.clear();
                bytes = 0;
            }
            batch.add(part.getKey());
            bytes += part.getValue().length;
        }
        if (!batch.isEmpty()) {
            createStatusParts(batch, newParts, term);
        }
    }

    private void createStatusParts(List<String> names, Map<String, byte[]> data, DcTerm term) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(client.transactionOp()
                .check()
                .withVersion(term.dcZnodeVersion())
                .forPath(paths.dc()));
        for (String name : names) {
            ops.add(client.transactionOp().create().forPath(paths.cibStatus(name), data.get(name)));
        }
        try {
            client.transaction().forOperations(ops);
        } catch (KeeperException.NodeExistsException e) {
            // A transaction retried after a connection loss whose first try went through: all there, all ours.
            for (String name : names) {
                if (!java.util.Arrays.equals(data.get(name), client.getData().forPath(paths.cibStatus(name)))) {
                    throw e;
                }
            }
        } catch (KeeperException e) {
            if (failedFirst(e)) {
                throw new StaleWriteException(
                        "ZooKeeper refused the write: the dc znode moved on since " + localNode + " became DC");
            }
            throw e;
        }
    }

    /** After a write: status znodes no longer referred to go (those replaced, and any left by a write that failed). */
    private void deleteStatusPartsOtherThan(Set<String> kept, DcTerm term) {
        try {
            List<String> obsolete = client.getChildren().forPath(paths.cibStatus()).stream()
                    .filter(n -> !kept.contains(n))
                    .toList();
            for (int from = 0; from < obsolete.size(); from += 500) {
                List<CuratorOp> ops = new ArrayList<>();
                ops.add(client.transactionOp()
                        .check()
                        .withVersion(term.dcZnodeVersion())
                        .forPath(paths.dc()));
                for (String name : obsolete.subList(from, Math.min(obsolete.size(), from + 500))) {
                    ops.add(client.transactionOp().delete().forPath(paths.cibStatus(name)));
                }
                client.transaction().forOperations(ops);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The CIB is written; what is left is deleted after the next write.
            logUnlessClosed("could not delete replaced status znodes", e);
        }
    }

    /** The status parts of the stored CIB at `revision` (immutable znodes: what was read once need not be read again). */
    private void remember(long revision, Map<String, String> partByZnode) {
        knownParts.accumulateAndGet(
                new KnownParts(revision, Map.copyOf(partByZnode)),
                (old, now) -> now.revision() >= old.revision() ? now : old);
    }

    /**
     * Curator retries a transaction cut by a connection loss, and the first try may have been applied:
     * then the retry is refused although the write is in. So look before calling it stale.
     */
    private StoredCib outcomeOfRefusedWrite(
            KeeperException e, String xml, CibVersion version, long expectedRevision, long dcEpoch)
            throws TransportException {
        Optional<StoredCib> now;
        try {
            now = readStoredCib(client);
        } catch (Exception readFailure) {
            throw new TransportException(
                    "the CIB write failed (" + e.code() + ") and the CIB could not be re-read: " + readFailure, e);
        }
        Optional<StoredCib> ours = now.filter(c -> c.xml().equals(xml)
                && c.version().equals(version)
                && c.writtenBy().equals(localNode)
                && c.dcEpoch() == dcEpoch);
        if (ours.isPresent()) {
            return ours.get();
        }
        switch (e.code()) {
            case BADVERSION, NONODE, NODEEXISTS ->
                throw new StaleWriteException(
                        failedFirst(e)
                                ? "ZooKeeper refused the write: the dc znode moved on since " + localNode
                                        + " became DC at epoch " + dcEpoch
                                : "ZooKeeper refused the write: the stored CIB is no longer at revision "
                                        + expectedRevision);
            default -> throw new TransportException("the CIB write failed: " + e.code(), e);
        }
    }

    /** Whether the first operation of a refused transaction (the dc fence) is the one that failed. */
    private static boolean failedFirst(KeeperException e) {
        List<OpResult> results = e.getResults();
        return results != null
                && !results.isEmpty()
                && results.get(0) instanceof OpResult.ErrorResult error
                && error.getErr() != KeeperException.Code.OK.intValue()
                && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue();
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
        try {
            outbox.execute(() -> write(message));
        } catch (RejectedExecutionException e) {
            log.debug("{}: closing; dropped {}", localNode, message);
        }
    }

    @Override
    public boolean canCarry(Message message) {
        return message != null && codec.encodeMessage(message).length <= config.maxZnodeBytes();
    }

    private void write(Message message) {
        try {
            byte[] data = codec.encodeMessage(message);
            if (data.length > config.maxZnodeBytes()) {
                log.warn(
                        "{}: a {} message to {} is {} bytes, over the {} bytes a znode may hold; dropped",
                        localNode,
                        message.type(),
                        message.to(),
                        data.length,
                        config.maxZnodeBytes());
                return;
            }
            // Protected: a create retried after a connection loss finds its first try instead of adding a duplicate.
            client.create()
                    .creatingParentsIfNeeded()
                    .withProtection()
                    .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                    .forPath(paths.messagePrefix(message.to()), data);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("{}: interrupted sending a {} message to {}; dropped", localNode, message.type(), message.to());
        } catch (Exception e) {
            log.warn(
                    "{}: could not send a {} message to {}; dropped: {}",
                    localNode,
                    message.type(),
                    message.to(),
                    e.toString());
        }
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
            readAll();
            onStore(this::claimDcIfLeader);
        }
    }

    /**
     * On the store thread: if the latch made this node leader, claim the DC by raising the epoch in
     * the dc znode (compare-and-set, and only while our latch node exists), then announce it. If our
     * claim is still the one in the dc znode (a blip of the link), there is nothing to claim.
     */
    private void claimDcIfLeader() {
        long latchChange = latchChanges.get();
        try {
            while (lifecycle.get() == Lifecycle.STARTED && dcLatch.hasLeadership()) {
                String ourCandidate = dcLatch.getOurPath();
                if (ourCandidate == null) {
                    return;
                }
                Optional<DcEntry> current = readDcEntry(client, null);
                Optional<DcTerm> held = lastClaim
                        .filter(c -> c.latchChange() == latchChanges.get())
                        .map(ClaimWritten::term);
                if (current.isPresent()
                        && held.isPresent()
                        && held.get().dcZnodeVersion() == current.get().znodeVersion()) {
                    onEvents(() -> update(view.withDcRead(current)));
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
                    onEvents(() -> claimed(term, entry, latchChange));
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

    private void claimed(DcTerm term, DcEntry entry, long latchChange) {
        if (latchChange != latchChanges.get() || !dcLatch.hasLeadership()) {
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

    private void watchFired(WatchedEvent event, Watched what) {
        // Connection events reach watchers too; the connection listener deals with those.
        if (event.getType() != Watcher.Event.EventType.None) {
            requestRead(what);
        }
    }

    private void readAll() {
        for (Watched watched : Watched.values()) {
            requestRead(watched);
        }
    }

    /** Queues one read of `what` on the store thread, unless one is queued already (a burst of events needs one read). */
    private void requestRead(Watched what) {
        if (lifecycle.get() != Lifecycle.STARTED || !readQueued.get(what).compareAndSet(false, true)) {
            return;
        }
        onStore(() -> {
            readQueued.get(what).set(false);
            try {
                switch (what) {
                    case MEMBERS -> readMembers();
                    case DC -> readDc();
                    case CIB -> readCibChange();
                    case INBOX -> drainInbox();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // Connection trouble: RECONNECTED reads everything again.
                logUnlessClosed("could not read " + what, e);
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
        Membership membership = new Membership(stat.getCversion(), Set.copyOf(nodes));
        onEvents(() -> {
            if (membership.epoch() > view.membership().epoch()) {
                view = view.withMembership(membership);
                deliver(l -> l.membershipChanged(membership));
                announceLeadershipIfChanged();
            }
        });
    }

    private void readDc() throws Exception {
        Optional<DcEntry> entry = readDcEntry(watching, dcWatcher);
        onEvents(() -> {
            update(view.withDcRead(entry));
            // Our latch leads but the dc znode names someone else (a stale claim won a race): claim above it.
            if (dcLatch.hasLeadership()
                    && !view.leadership().map(l -> l.dc().equals(localNode)).orElse(false)
                    && view.linkUp()) {
                onStore(this::claimDcIfLeader);
            }
        });
    }

    private void readCibChange() throws Exception {
        if (watching.checkExists().usingWatcher(cibWatcher).forPath(paths.cib()) == null) {
            return;
        }
        Optional<StoredCib> cib = readStoredCib(watching);
        cib.ifPresent(newer -> onEvents(() -> {
            long known = view.cib().map(StoredCib::revision).orElse(-1L);
            if (newer.revision() > known) {
                update(view.withCib(newer));
                deliver(l -> l.cibChanged(newer));
            }
        }));
    }

    /** Delivers the inbox's messages in sequence order, each once, deleting each after handing it over. */
    private void drainInbox() throws Exception {
        String inbox = paths.inbox(localNode);
        List<String> names = watching.getChildren().usingWatcher(inboxWatcher).forPath(inbox);
        List<String> inOrder = names.stream()
                .filter(ZooKeeperTransport::isSequential)
                .sorted(Comparator.comparingLong(ZooKeeperTransport::sequenceOf))
                .toList();
        for (String name : inOrder) {
            String path = inbox + "/" + name;
            long sequence = sequenceOf(name);
            if (sequence > lastInboxSequence) {
                byte[] data;
                try {
                    data = client.getData().forPath(path);
                } catch (KeeperException.NoNodeException gone) {
                    continue;
                }
                lastInboxSequence = sequence;
                try {
                    Message message = codec.decodeMessage(data);
                    onEvents(() -> deliver(l -> l.messageReceived(message)));
                } catch (RuntimeException e) {
                    log.warn("{}: dropped an unreadable message {}: {}", localNode, name, e.getMessage());
                }
            }
            deleteIfPresent(path);
        }
    }

    private void discardMessagesOfEarlierLivesQuietly() {
        try {
            discardMessagesOfEarlierLives();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            logUnlessClosed("could not discard messages sent while this node was lost", e);
        }
    }

    private void discardMessagesOfEarlierLives() throws Exception {
        String inbox = paths.inbox(localNode);
        List<String> left = client.getChildren().forPath(inbox);
        for (String name : left) {
            deleteIfPresent(inbox + "/" + name);
        }
        if (!left.isEmpty()) {
            log.info("{}: discarded {} message(s) sent to an earlier life of this node", localNode, left.size());
        }
    }

    private Optional<DcEntry> readDcEntry(CuratorFramework through, Watcher watcher) throws Exception {
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

    /** The head, then each node's status part (read only if not known already); a part gone meanwhile means a newer CIB: read again. */
    private Optional<StoredCib> readStoredCib(CuratorFramework through) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Stat stat = new Stat();
            ZnodeCodec.CibHead head;
            try {
                head = codec.decodeCibHead(through.getData().storingStatIn(stat).forPath(paths.cib()));
            } catch (KeeperException.NoNodeException none) {
                return Optional.empty();
            }
            Map<String, String> known = knownParts.get().partByZnode();
            Map<String, String> partByZnode = new LinkedHashMap<>();
            List<CibParts.NodePart> parts = new ArrayList<>();
            try {
                for (ZnodeCodec.StatusRef ref : head.status()) {
                    String xml = known.get(ref.znode());
                    if (xml == null) {
                        xml = codec.decodeStatus(through.getData().forPath(paths.cibStatus(ref.znode())));
                    }
                    partByZnode.put(ref.znode(), xml);
                    parts.add(new CibParts.NodePart(ref.node(), xml));
                }
            } catch (KeeperException.NoNodeException movedOn) {
                if (attempt >= MAX_CIB_READ_ATTEMPTS) {
                    throw new TransportException(
                            "the CIB changed " + attempt + " times while being read; read it again later");
                }
                continue;
            }
            remember(stat.getVersion(), partByZnode);
            String xml = head.status().isEmpty()
                    ? head.withoutStatus()
                    : new CibParts(head.withoutStatus(), head.statusAt(), parts).join();
            return Optional.of(new StoredCib(xml, head.version(), stat.getVersion(), head.writtenBy(), head.dcEpoch()));
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
        submit(events, task);
    }

    private void onStore(Runnable task) {
        submit(store, task);
    }

    private void submit(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            log.debug("{}: closing; a task was dropped", localNode);
        }
    }

    // ------------------------------------------------------------------ small helpers

    private void createIfMissing(String path) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path);
        } catch (KeeperException.NodeExistsException already) {
            // made by an earlier life or another node
        }
    }

    private void deleteIfPresent(String path) throws Exception {
        try {
            client.delete().forPath(path);
        } catch (KeeperException.NoNodeException already) {
            // deleted by an earlier attempt
        }
    }

    /** Sequential znode names end in ZooKeeper's ten-digit counter. */
    private static boolean isSequential(String name) {
        return name.length() >= 10 && name.substring(name.length() - 10).chars().allMatch(Character::isDigit);
    }

    private static long sequenceOf(String name) {
        return Long.parseLong(name.substring(name.length() - 10));
    }

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

    private void logUnlessClosed(String what, Exception e) {
        if (lifecycle.get() == Lifecycle.STARTED) {
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

    private void shutdownAndWait(ExecutorService executor, Duration patience, boolean interrupt) {
        if (interrupt) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        if (eventThread.get() == Thread.currentThread() && executor == events) {
            return;
        }
        try {
            if (!executor.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private Thread daemonThread(Runnable runnable, String role) {
        Thread thread = new Thread(runnable, "hapc-zk-" + role + "-" + localNode);
        thread.setDaemon(true);
        return thread;
    }

    private static int millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
