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
 */
public interface ClusterTransport extends AutoCloseable {
    /** Joins the cluster: registers membership, stands for DC, starts delivering events. Once only. */
    void start(TransportListener listener) throws TransportException;

    String localNode();

    Membership membership();

    Optional<Leadership> leadership();

    default boolean isLocalDc() {
        return leadership().map(l -> l.dc().equals(localNode())).orElse(false);
    }

    Optional<StoredCib> readCib() throws TransportException;

    /**
     * Writes the CIB as DC. Refused unless `dcEpoch` is the current leadership epoch held by this
     * node, `expectedRevision` is the stored revision (-1: no CIB stored yet) and `version` is newer.
     */
    StoredCib writeCib(String xml, CibVersion version, long expectedRevision, long dcEpoch) throws TransportException;

    /** Sends a message; never blocks on the network and never throws: a lost message is found by timeouts. */
    void send(Message message);

    /** Leaves the cluster cleanly: gives up DC candidacy and membership. */
    @Override
    void close();
}
