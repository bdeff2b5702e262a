package io.hapc.transport;

import io.hapc.model.cib.CibVersion;
import java.util.Optional;

/**
 * What a cluster transport gives the daemon: membership with an epoch, election of one DC with a
 * leadership epoch, a replicated CIB with versions, messages between nodes, and connection state.
 *
 * <p>It does not assume a consensus store: a transport without one (two-node heartbeat) keeps the
 * CIB as the DC last pushed it and answers {@link #readCib()} from its own copy. Compare-and-set is
 * what every transport guarantees: a write carrying an old leadership epoch, an old store revision
 * or a version that is not newer is refused with {@link StaleWriteException}.
 *
 * <p>Leadership is reported only while the link is good: while the connection is
 * {@link ConnectionState#SUSPENDED} or {@link ConnectionState#LOST}, {@link #leadership()} is empty
 * on every node, the DC included, so a DC whose link is in doubt stops acting at once. If the link
 * comes back before the cluster gave the node up, the same leadership (same epoch) is reported again.
 *
 * <p>The getters ({@link #membership()}, {@link #leadership()}, {@link #isLocalDc()}) answer from the
 * transport's own view, the one the listener was last told about (or is about to be told about); they
 * never touch the network and are safe from any thread.
 */
public interface ClusterTransport extends AutoCloseable {
    /**
     * Joins the cluster: registers membership, stands for DC, starts delivering events. Once only: a
     * second call throws {@link IllegalStateException}, also after {@link #close()}.
     *
     * @throws TransportException the cluster could not be reached; the transport is then unusable
     *     (close it and make a new one to try again)
     */
    void start(TransportListener listener) throws TransportException;

    String localNode();

    /** The latest membership view; epoch 0 and no nodes before the first view. */
    Membership membership();

    /** The DC as this node knows it now; empty while unknown, while electing, or while the link is in doubt. */
    Optional<Leadership> leadership();

    default boolean isLocalDc() {
        return leadership().map(l -> l.dc().equals(localNode())).orElse(false);
    }

    /**
     * The replicated CIB as stored now, or empty if no CIB was ever written.
     *
     * @throws TransportException the store can not be read now (not connected)
     */
    Optional<StoredCib> readCib() throws TransportException;

    /**
     * Writes the CIB as DC. Refused unless `dcEpoch` is the current leadership epoch held by this
     * node, `expectedRevision` is the stored revision (-1: no CIB stored yet) and `version` is newer
     * than the stored one; the refusal is a {@link StaleWriteException} and nothing was written.
     *
     * @return the CIB as now stored, with its new revision (greater than `expectedRevision`)
     * @throws CibTooLargeException the CIB is too large for the store (nothing was written; the same CIB
     *     will never fit: refuse the change that made it so large)
     * @throws StaleWriteException the writer is stale (epoch, revision or version); re-read before retrying
     * @throws TransportException the link is in doubt or the store failed; the write did not happen, or
     *     its outcome is unknown (re-read the CIB: its `writtenBy`/`version` tell)
     */
    StoredCib writeCib(String xml, CibVersion version, long expectedRevision, long dcEpoch) throws TransportException;

    /**
     * Sends a message; never blocks on the network and never throws: a lost message is found by
     * timeouts. Messages from one node leave in the order of the calls, so one addressee receives them
     * in that order; each is delivered at most once. A node does not receive messages sent to an
     * earlier life of it (before it restarted). Messages sent before {@link #start} or after
     * {@link #close()} are dropped.
     */
    void send(Message message);

    /**
     * Whether {@link #send} can deliver `message`: a transport has a largest message, and one over it
     * is dropped. Ask before sending what may be large (a reply carrying the CIB, a forwarded edit) and
     * send something smaller instead, or answer at once, rather than leave the other side waiting.
     */
    default boolean canCarry(Message message) {
        return true;
    }

    /** The transport's name as hapcd.conf's `transport` spells it (`zookeeper`, `heartbeat`): status shows it as the stack. */
    String kind();

    /**
     * A line on the link for status output (a transport with links of its own says how each is), or empty.
     * From the transport's own view, like the other getters.
     */
    default Optional<String> linkSummary() {
        return Optional.empty();
    }

    /**
     * Whether this node's partition has quorum, as the transport decides it (ZooKeeper: it holds its
     * session; heartbeat: two_node once wait_for_all was met). The DC hands it to the policy engine,
     * whose quorum rules say what a partition without quorum does.
     */
    default boolean quorate() {
        return true;
    }

    /**
     * Leaves the cluster cleanly: gives up DC candidacy and membership, then disconnects. Idempotent.
     * No listener callback starts after it returns (when called from a callback, that callback is
     * the last).
     */
    @Override
    void close();
}
