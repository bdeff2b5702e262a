package io.hapc.transport.zookeeper;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.CibTooLargeException;
import io.hapc.transport.StaleWriteException;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import io.hapc.transport.zookeeper.TransportView.DcTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored CIB in its znodes: a head (configuration, version, and which znode holds each node's
 * status) and one status znode per node, written once and never changed. A write adds the status
 * parts that changed, then the head, each fenced by the dc znode; a read fetches only the parts it
 * does not know yet. {@link ZooKeeperTransport} checks leadership before it asks for a write.
 */
final class CibZnodeStore {
    private static final Logger log = LoggerFactory.getLogger(CibZnodeStore.class);
    private static final int MAX_CIB_READ_ATTEMPTS = 10;

    /** The stored CIB's status parts this node last wrote or read: znode name → its XML, both ways. */
    private record KnownParts(long revision, Map<String, String> partByZnode) {
        Map<String, String> znodeByPart() {
            Map<String, String> byPart = new java.util.HashMap<>();
            partByZnode.forEach((znode, xml) -> byPart.putIfAbsent(xml, znode));
            return byPart;
        }
    }

    private final ZooKeeperTransportConfig config;
    private final String localNode;
    private final ZnodePaths paths;
    private final ZnodeCodec codec;
    private final CuratorFramework client;
    /** Whether the transport still runs: failures while closing are not worth a warning. */
    private final BooleanSupplier running;

    private final AtomicReference<KnownParts> knownParts = new AtomicReference<>(new KnownParts(-2, Map.of()));
    /** Makes each status znode name this node writes new. */
    private final AtomicLong statusWrites = new AtomicLong();

    CibZnodeStore(
            ZooKeeperTransportConfig config,
            ZnodePaths paths,
            ZnodeCodec codec,
            CuratorFramework client,
            BooleanSupplier running) {
        this.config = config;
        this.localNode = config.nodeName();
        this.paths = paths;
        this.codec = codec;
        this.client = client;
        this.running = running;
    }

    /** Writes `xml` as the revision after `expectedRevision`, for the DC of `term`; refused writes are told apart from lost ones. */
    StoredCib write(String xml, CibVersion version, long expectedRevision, long dcEpoch, DcTerm term)
            throws TransportException {
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
            writeStatusParts(newParts, term);
            CuratorOp fence = client.transactionOp()
                    .check()
                    .withVersion(term.dcZnodeVersion())
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
            deleteStatusPartsOtherThan(partByZnode.keySet(), term);
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

    /** The head, then each node's status part (read only if not known already); a part gone meanwhile means a newer CIB: read again. */
    Optional<StoredCib> read(CuratorFramework through) throws Exception {
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
            now = read(client);
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

    private void logUnlessClosed(String what, Exception e) {
        if (running.getAsBoolean()) {
            log.warn("{}: {}: {}", localNode, what, e.toString());
        }
    }
}
