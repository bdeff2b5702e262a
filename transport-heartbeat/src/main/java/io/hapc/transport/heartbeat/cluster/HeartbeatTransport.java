package io.hapc.transport.heartbeat.cluster;

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
import io.hapc.transport.heartbeat.HeartbeatPeer;
import io.hapc.transport.heartbeat.liveness.LinkState;
import io.hapc.transport.heartbeat.liveness.PeerState;
import io.hapc.transport.heartbeat.liveness.PeerStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-node transport: the {@link ClusterTransport} of a cluster of two nodes and no consensus store,
 * built on a {@link HeartbeatPeer} (authenticated UDP heartbeats on one or more links, in-order messages).
 *
 * <ul>
 * <li><b>Membership</b>: this node, and the peer while it is joined: alive, and its copy of the CIB the
 * same as this one when it joins. Peer silent for deadtime on every link, a clean leave or a restart (new
 * incarnation) end the join. Epochs count locally.
 * <li><b>Quorum</b>: votequorum's two_node with wait_for_all (see {@link DcChoice}): a node that never saw
 * its peer in this life has no DC and runs nothing; once both were seen, one alone keeps quorum.
 * <li><b>DC</b>: {@link DcChoice}; each node announces its claim on every heartbeat.
 * <li><b>Connection</b>: CONNECTED at start; SUSPENDED while a joined peer is late (warntime), with no
 * leadership; RECONNECTED when it is heard again, or when it is declared dead (deadtime) and this node
 * goes on alone. LOST is never reported: two nodes have no third to give one of them up; the fence race
 * decides a split.
 * <li><b>CIB</b>: each node keeps a copy on disk ({@link CibCopy}). The DC's write is stored, pushed to
 * the joined peer, and returns once the peer acknowledged it or stopped being joined (declared dead).
 * When the two meet, the copy whose lineage holds the other's current CIB is pushed over it; if neither
 * does, both changed while apart: the nodes refuse to join and say so, until an operator chooses one.
 * </ul>
 *
 * <p>All state is kept on one thread of its own, which also makes every listener call.
 */
public final class HeartbeatTransport implements ClusterTransport {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTransport.class);
    /** Room left in the largest message for a push's header around the CIB's XML. */
    private static final int PUSH_OVERHEAD = 1024;

    private enum Lifecycle {
        LATENT,
        STARTED,
        CLOSED
    }

    private final HeartbeatTransportConfig config;
    private final String local;
    private final String peerName;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.LATENT);
    private final TransportThread thread;
    private volatile HeartbeatPeer peer;
    private TransportListener listener;

    // ---- views for the getters (written on the transport thread)
    private volatile Membership membership = Membership.NONE;
    private volatile Optional<Leadership> leadership = Optional.empty();
    private volatile Optional<StoredCib> stored = Optional.empty();
    private volatile boolean closed;
    private volatile String quorumNote = "";

    // ---- state, on the transport thread only
    private CibCopy cib;
    private ConnectionState reported;
    private long membershipEpoch;
    private PeerState peerState = PeerState.UNKNOWN;
    private long peerIncarnation;
    private long peerLeftIncarnation;
    private Announcement peerSaid; // the peer's current life's last announcement; null: none yet
    private boolean joined;
    private volatile boolean seenBoth;
    private long claimEpoch;
    private long maxEpoch;
    private final PendingAcks acks = new PendingAcks();
    private final CopyJoin copies;

    public HeartbeatTransport(HeartbeatTransportConfig config) {
        this.config = config;
        this.local = config.endpoint().localNode();
        this.peerName = config.endpoint().peerNode();
        this.copies = new CopyJoin(local, peerName, this::sendFrame);
        this.thread = new TransportThread(local, () -> closed);
    }

    @Override
    public void start(TransportListener listener) throws TransportException {
        if (!lifecycle.compareAndSet(Lifecycle.LATENT, Lifecycle.STARTED)) {
            throw new IllegalStateException("a heartbeat transport starts once only (it is " + lifecycle.get() + ")");
        }
        this.listener = listener;
        try {
            cib = CibCopy.load(config.stateDir());
        } catch (IOException e) {
            close();
            throw new TransportException("cannot read this node's CIB copy: " + e.getMessage(), e);
        }
        stored = cib.current();
        maxEpoch = cib.current().map(StoredCib::dcEpoch).orElse(0L);
        // Started on the transport thread, so events of the peer queue behind the first views.
        thread.run(() -> {
            reported = ConnectionState.CONNECTED;
            listener.connectionStateChanged(ConnectionState.CONNECTED);
            publishMembership(Set.of(local));
            cib.current().ifPresent(listener::cibChanged);
        });
        try {
            peer = HeartbeatPeer.open(config.endpoint(), new PeerEvents());
        } catch (IOException e) {
            close();
            throw new TransportException("heartbeat: " + e.getMessage(), e);
        }
        thread.run(this::decide);
        log.info(
                "heartbeat transport {} ↔ {} started: {}",
                local,
                peerName,
                config.endpoint().timings());
    }

    /**
     * Drops this node's copy of the CIB (the node must be stopped): the way out when both copies changed while
     * the nodes were apart and the peer's is the one to keep. At its next start the node takes the peer's.
     *
     * @return whether there was a copy
     */
    public static boolean discardCibCopy(java.nio.file.Path stateDir) throws IOException {
        return CibCopy.discard(stateDir);
    }

    @Override
    public String localNode() {
        return local;
    }

    /** The peer's name, as configured. */
    public String peerNode() {
        return peerName;
    }

    @Override
    public Membership membership() {
        return membership;
    }

    @Override
    public Optional<Leadership> leadership() {
        return leadership;
    }

    /** The peer's and each link's state now (for status and logs); empty before start. */
    public Optional<PeerStatus> peerStatus() {
        HeartbeatPeer p = peer;
        return p == null ? Optional.empty() : Optional.of(p.endpoint().status());
    }

    /** "heartbeat to n2: ALIVE, joined; ring0 UP (heard 40 ms ago), ring1 DOWN" and why there is no quorum, if so. */
    @Override
    public boolean quorate() {
        return seenBoth; // two_node: once both were seen (wait_for_all), one node alone keeps quorum
    }

    @Override
    public Optional<String> linkSummary() {
        return peerStatus().map(status -> LinkSummary.of(peerName, status, membership.contains(peerName), quorumNote));
    }

    @Override
    public Optional<StoredCib> readCib() throws TransportException {
        if (lifecycle.get() != Lifecycle.STARTED)
            throw new TransportException("the heartbeat transport of " + local + " is not running");
        return stored;
    }

    @Override
    public StoredCib writeCib(String xml, CibVersion version, long expectedRevision, long dcEpoch)
            throws TransportException {
        if (lifecycle.get() != Lifecycle.STARTED)
            throw new TransportException("the heartbeat transport of " + local + " is not running");
        if (thread.isCurrent()) {
            // It would wait for the peer's acknowledgement on the very thread that must receive it.
            throw new IllegalStateException("writeCib called from a listener callback: hand it to another thread");
        }
        int size = xml.getBytes(StandardCharsets.UTF_8).length;
        int limit = HeartbeatPeer.MAX_MESSAGE_BYTES - PUSH_OVERHEAD;
        if (size > limit) {
            throw new CibTooLargeException(
                    "the CIB is " + size + " bytes; the heartbeat transport carries at most " + limit
                            + " bytes in one piece",
                    size,
                    limit);
        }
        Write write = thread.call(() -> write(xml, version, expectedRevision, dcEpoch));
        PendingAcks.awaitAck(write.acked(), write.cib().revision(), peerName, config.ackTimeout());
        return write.cib();
    }

    private record Write(StoredCib cib, CompletableFuture<Void> acked) {}

    private Write write(String xml, CibVersion version, long expectedRevision, long dcEpoch) throws TransportException {
        Optional<Leadership> l = leadership;
        if (reported == ConnectionState.SUSPENDED) {
            throw new TransportException("the link to " + peerName + " is in doubt: no CIB write until it is back or "
                    + peerName + " is declared dead");
        }
        if (l.isEmpty() || !l.get().dc().equals(local) || l.get().epoch() != dcEpoch) {
            throw new StaleWriteException(local + " writes with DC epoch " + dcEpoch + ", but the DC is "
                    + l.map(x -> x.dc() + " (epoch " + x.epoch() + ")").orElse("nobody"));
        }
        if (expectedRevision != cib.revision()) {
            throw new StaleWriteException(
                    "expected CIB revision " + expectedRevision + ", stored is " + cib.revision());
        }
        Optional<StoredCib> now = cib.current();
        if (now.isPresent() && version.compareTo(now.get().version()) <= 0) {
            throw new StaleWriteException("CIB version " + version + " is not newer than the stored "
                    + now.get().version());
        }
        long base = cib.fingerprint();
        StoredCib next = new StoredCib(xml, version, cib.revision() + 1, local, dcEpoch);
        try {
            cib.store(next);
        } catch (IOException e) {
            throw new TransportException("cannot store the CIB on disk: " + e.getMessage(), e);
        }
        stored = cib.current();
        CompletableFuture<Void> acked = new CompletableFuture<>();
        if (joined) {
            acks.add(next.revision(), acked);
            sendFrame(new Frames.CibPush(base, next));
            copies.pushed(base, cib.fingerprint());
        } else {
            acked.complete(null); // no peer joined: nobody else to have it
        }
        listener.cibChanged(next);
        announce();
        return new Write(next, acked);
    }

    @Override
    public void send(Message message) {
        if (lifecycle.get() != Lifecycle.STARTED || closed) return;
        try {
            thread.execute(() -> {
                if (closed) return;
                if (message.to().equals(local)) {
                    listener.messageReceived(
                            message); // the DC asks itself as it asks every member: in order, on this thread
                } else if (message.to().equals(peerName) && joined) { // only the joined peer takes messages
                    sendFrame(new Frames.User(message));
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public boolean canCarry(Message message) {
        return Frames.userFrameBytes(message) <= HeartbeatPeer.MAX_MESSAGE_BYTES;
    }

    @Override
    public String kind() {
        return "heartbeat";
    }

    @Override
    public void close() {
        Lifecycle was = lifecycle.getAndSet(Lifecycle.CLOSED);
        if (was == Lifecycle.CLOSED) return;
        closed = true;
        HeartbeatPeer p = peer;
        if (p != null) p.close(); // says goodbye on every link: the peer need not wait for deadtime
        thread.stop();
        acks.failAll(new TransportException("closed"));
        if (was == Lifecycle.STARTED) log.info("heartbeat transport {} closed", local);
    }

    // ---- events of the peer → the transport thread ------------------------------------------------

    private final class PeerEvents implements HeartbeatPeer.Listener {
        @Override
        public void peerStateChanged(PeerState from, PeerState to, Duration silentFor) {
            thread.run(() -> {
                peerState = to;
                // Back from the dead: what it said before may be stale (it may have written a CIB unheard);
                // the endpoint tells its next announcement again, and only that one counts for joining.
                if (from == PeerState.DEAD && to == PeerState.ALIVE) peerSaid = null;
                decide();
            });
        }

        @Override
        public void linkStateChanged(String link, LinkState from, LinkState to, Duration silentFor) {
            if (to == LinkState.DOWN || to == LinkState.LATE) {
                log.warn("link {} to {}: {} (silent {} ms)", link, peerName, to, silentFor.toMillis());
            } else {
                log.info("link {} to {}: {}", link, peerName, to);
            }
        }

        @Override
        public void peerIncarnationChanged(long previous, long current) {
            thread.run(() -> {
                if (previous != 0) log.info("{} restarted (incarnation {} → {})", peerName, previous, current);
                peerIncarnation = current;
                peerSaid = null; // a new life: nothing it said before counts
                leaveJoin(peerName + " restarted");
                decide();
            });
        }

        @Override
        public void peerAnnounced(byte[] state) {
            thread.run(() -> {
                Optional<Announcement> a = Announcement.decode(state);
                if (a.isEmpty() && state.length > 0) { // empty: its transport has not announced yet
                    log.warn(
                            "{} announces in a format this version does not read ({} bytes): not joining it",
                            peerName,
                            state.length);
                }
                peerSaid = a.orElse(null);
                decide();
            });
        }

        @Override
        public void peerLeft(long incarnation) {
            thread.run(() -> {
                log.info("{} left the cluster", peerName);
                peerLeftIncarnation = incarnation;
                leaveJoin(peerName + " left");
                decide();
            });
        }

        @Override
        public void messageReceived(byte[] body) {
            thread.run(() -> {
                Optional<Frames> f = Frames.decode(body);
                if (f.isEmpty()) {
                    log.warn("an unreadable message from {} ({} bytes): dropped", peerName, body.length);
                    return;
                }
                received(f.get());
            });
        }
    }

    private void received(Frames f) {
        if (f instanceof Frames.User u) {
            if (u.message().to().equals(local) && u.message().from().equals(peerName))
                listener.messageReceived(u.message());
        } else if (f instanceof Frames.CibPush p) {
            takePush(p);
        } else if (f instanceof Frames.CibAck a) {
            acks.ackedUpTo(a.revision());
            if (a.fingerprint() == cib.fingerprint()) cib.markShared(); // the peer holds what this node holds
        } else if (f instanceof Frames.CibRefused r) {
            if (joined) {
                log.error(
                        "{} refused this node's CIB: its copy ({}) is not the one this node replicated to; leaving the join to "
                                + "compare again",
                        peerName,
                        CibCopy.hex(r.fingerprint()));
                leaveJoin(peerName + " refused a CIB");
                decide();
            }
        }
    }

    private void takePush(Frames.CibPush p) {
        if (p.base() != cib.fingerprint()) {
            log.info(
                    "{} pushed a CIB over {}, but this copy is {}: refused",
                    peerName,
                    CibCopy.hex(p.base()),
                    CibCopy.hex(cib.fingerprint()));
            sendFrame(new Frames.CibRefused(cib.fingerprint()));
            return;
        }
        try {
            cib.store(p.cib());
        } catch (IOException e) {
            log.error("cannot store the CIB {} pushes: {}", peerName, e.toString());
            return; // not acknowledged: the DC's write fails or waits for this node to be declared dead
        }
        stored = cib.current();
        cib.markShared(); // the peer pushed it: it has it
        maxEpoch = Math.max(maxEpoch, p.cib().dcEpoch());
        sendFrame(new Frames.CibAck(cib.fingerprint(), p.cib().revision()));
        listener.cibChanged(p.cib());
        decide();
    }

    /** The peer is no longer joined: writes waiting for it are done (it is declared dead, or restarted without them). */
    private void leaveJoin(String why) {
        if (joined) log.info("{} is no longer joined: {}", peerName, why);
        joined = false;
        copies.forgetPushes();
        acks.allDone();
    }

    // ---- the decision ------------------------------------------------------------------------------

    private boolean peerPresent() {
        return peerSaid != null
                && peerIncarnation != 0
                && peerIncarnation != peerLeftIncarnation
                && (peerState == PeerState.ALIVE || peerState == PeerState.LATE);
    }

    /** Re-derives join, membership, DC and connection state from what is known now, and tells the listener what changed. */
    private void decide() {
        if (closed) return;
        boolean present = peerPresent();
        if (joined && (!present || peerState == PeerState.DEAD)) {
            leaveJoin(peerName + " is " + (present ? "dead" : peerState == PeerState.DEAD ? "declared dead" : "gone"));
        }
        if (!joined && present && copies.tryToJoin(cib, peerSaid, peerState)) {
            joined = true;
            cib.markShared(); // the same copy on both
        }
        if (joined) seenBoth = true;
        quorumNote = seenBoth ? "" : "; no quorum until " + peerName + " is seen (wait_for_all)";
        boolean suspended = joined && peerState == PeerState.LATE;

        DcChoice choice = DcChoice.decide(new DcChoice.Facts(
                local,
                peerName,
                joined,
                suspended,
                seenBoth,
                claimEpoch,
                Math.max(maxEpoch, present ? peerSaid.maxEpoch() : 0),
                joined ? peerSaid.claimEpoch() : 0));
        if (choice.claimEpoch() != claimEpoch && choice.claimEpoch() > 0) {
            log.info("{} takes the DC role, epoch {}", local, choice.claimEpoch());
        }
        claimEpoch = choice.claimEpoch();
        maxEpoch = choice.maxEpoch();
        announce();

        ConnectionState state = suspended
                ? ConnectionState.SUSPENDED
                : reported == ConnectionState.SUSPENDED ? ConnectionState.RECONNECTED : reported;
        Optional<Leadership> dc = choice.leadership();
        // The getters answer with the new view before any callback tells of it.
        boolean leadershipChanged = !dc.equals(leadership);
        leadership = dc;
        if (state != reported) {
            reported = state;
            listener.connectionStateChanged(state);
        }
        publishMembership(joined ? Set.of(local, peerName) : Set.of(local));
        if (leadershipChanged) listener.leadershipChanged(dc);
    }

    private void announce() {
        HeartbeatPeer p = peer;
        if (p != null)
            p.endpoint()
                    .announce(
                            Announcement.of(claimEpoch, maxEpoch, cib, peerSaid).encode());
    }

    private void publishMembership(Set<String> nodes) {
        if (membership.nodes().equals(nodes) && membership.epoch() > 0) return;
        membership = new Membership(++membershipEpoch, nodes);
        listener.membershipChanged(membership);
    }

    private void sendFrame(Frames f) {
        HeartbeatPeer p = peer;
        if (p == null) return;
        p.send(Frames.encode(f)).ifPresent(refusal -> log.debug("a message to {} was not sent: {}", peerName, refusal));
    }

    @Override
    public String toString() {
        return "HeartbeatTransport[" + local + " ↔ " + peerName + "]";
    }
}
