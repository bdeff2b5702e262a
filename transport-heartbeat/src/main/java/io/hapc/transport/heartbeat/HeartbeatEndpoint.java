package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.liveness.EchoProof;
import io.hapc.transport.heartbeat.liveness.LivenessEvent;
import io.hapc.transport.heartbeat.liveness.PeerLivenessDetector;
import io.hapc.transport.heartbeat.liveness.PeerState;
import io.hapc.transport.heartbeat.liveness.PeerStatus;
import io.hapc.transport.heartbeat.liveness.SentLog;
import io.hapc.transport.heartbeat.wire.DecodeResult;
import io.hapc.transport.heartbeat.wire.DropCounters;
import io.hapc.transport.heartbeat.wire.Packet;
import io.hapc.transport.heartbeat.wire.PacketCodec;
import io.hapc.transport.heartbeat.wire.PacketReader;
import io.hapc.transport.heartbeat.wire.PacketType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a two-node heartbeat: a UDP socket per link, a reader thread per link, a timer that sends a
 * heartbeat on every link every keepalive and asks the {@link PeerLivenessDetector} what changed, and one
 * event thread that tells the {@link EndpointListener}. A heartbeat carries the highest sequence number
 * heard from the peer on its link (an echo); a heartbeat counts as a sign of life only as recent as the
 * packet of ours it echoes (see {@link #proveAlive}), so a link is up only when it works both ways, and
 * packets held back and released later can not keep a dead peer alive. Every packet is sealed (AES-256-GCM) with its own
 * sequence number, so a packet sent on two links is two packets; the layer above dedupes its messages.
 *
 * <p>Nothing that arrives can stop a reader: bad datagrams are dropped and counted ({@link #drops()}), and
 * an unexpected failure of one datagram is logged and counted as well. Sending never throws: a link that
 * can not send (its network is down) is counted ({@link #sendErrors}) and found by the peer's silence.
 * Packets are accepted from any source address: authentication, not the address, says who sent them.
 */
public final class HeartbeatEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatEndpoint.class);
    /**
     * A heartbeat's payload starts with the receiver's incarnation and the highest sequence of it the sender
     * heard on that link (the echo); what follows is the sender's announced state ({@link #announce}).
     */
    static final int ECHO_BYTES = EchoProof.ECHO_BYTES;

    private final EndpointConfig config;
    private final EndpointListener listener;
    private final PacketCodec sealer;
    private final PacketReader reader;
    private final PeerLivenessDetector detector;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<LongAdder> sendErrors = new ArrayList<>();
    private final LongAdder readerFailures = new LongAdder();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once every link is bound: before that, nothing may leave (see {@link #close}). */
    private volatile boolean started;

    private final ScheduledExecutorService timer;
    private final ExecutorService events;
    private final List<Thread> readers = new ArrayList<>();
    private final SentLog sentLog;
    private final EchoProof echoes;
    private long peerIncarnation; // touched by reader threads under `this`
    private final long[]
            highestHeard; // per link: the highest sequence of the peer's current life received there; under `this`
    private volatile byte[] announced = new byte[0];
    private byte[] peerAnnounced; // the peer's current life's last announcement; null: none yet; under `this`
    private long
            peerAnnouncedSequence; // the sequence that carried it: an older heartbeat, late on another link, is no news

    private HeartbeatEndpoint(EndpointConfig config, EndpointListener listener) {
        this.config = config;
        this.listener = listener;
        this.sealer =
                new PacketCodec(config.keys(), config.localNode(), Set.of(config.peerNode()), config.maxPacketBytes());
        this.reader = new PacketReader(
                new PacketCodec(config.keys(), config.localNode(), Set.of(config.peerNode()), config.maxPacketBytes()));
        this.detector = new PeerLivenessDetector(
                config.clock(),
                config.timings(),
                config.links().stream().map(LinkConfig::name).toList());
        this.sentLog = EchoProof.sentLogFor(config.timings());
        this.highestHeard = new long[config.links().size()];
        this.echoes = new EchoProof(config.incarnation(), sentLog, config.clock(), config.timings());
        String name = "heartbeat-" + config.localNode();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-timer"));
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-events"));
    }

    /** Binds every link's socket and starts heartbeating. */
    public static HeartbeatEndpoint open(EndpointConfig config, EndpointListener listener) throws IOException {
        HeartbeatEndpoint e = new HeartbeatEndpoint(config, listener);
        try {
            e.bindAll();
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        e.startThreads();
        return e;
    }

    private void bindAll() throws IOException {
        for (LinkConfig link : config.links()) {
            StandardProtocolFamily family = link.local().getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET;
            DatagramChannel ch = DatagramChannel.open(family);
            channels.add(ch);
            sendErrors.add(new LongAdder());
            try {
                ch.bind(link.local());
            } catch (IOException ex) {
                throw new IOException(
                        "link " + link.name() + ": can not listen on " + link.local() + " (" + ex.getMessage()
                                + "): is the address on this machine and the port free?",
                        ex);
            }
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // both tasks catch their own failures, so they never stop
    private void startThreads() {
        started = true;
        for (int i = 0; i < channels.size(); i++) {
            int link = i;
            Thread t = daemon(
                    () -> readLoop(link),
                    "heartbeat-" + config.localNode() + "-read-"
                            + config.links().get(i).name());
            readers.add(t);
            t.start();
        }
        long keepalive = config.timings().keepalive().toNanos();
        // Fixed delay, not rate: after a stall, one heartbeat and one judgement, not a burst of catch-up runs
        // (a burst would judge again before the readers drained what arrived during the stall).
        timer.scheduleWithFixedDelay(this::sendHeartbeats, 0, keepalive, TimeUnit.NANOSECONDS);
        // Judge a few times per keepalive so a death is seen soon after deadtime, not a keepalive later.
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(5), keepalive / 4);
        timer.scheduleWithFixedDelay(this::evaluate, tick, tick, TimeUnit.NANOSECONDS);
    }

    public long incarnation() {
        return config.incarnation();
    }

    /** The peer's incarnation last heard, if any. */
    public synchronized Optional<Long> peerIncarnation() {
        return peerIncarnation == 0 ? Optional.empty() : Optional.of(peerIncarnation);
    }

    /** The address a link listens on (with the port the system chose, if it was 0). */
    public InetSocketAddress localAddress(String link) {
        try {
            return (InetSocketAddress) channels.get(linkIndex(link)).getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("link " + link + " is closed", e);
        }
    }

    public PeerStatus status() {
        return detector.status();
    }

    public DropCounters drops() {
        return reader.drops();
    }

    /** Datagrams a link could not send since start (its network down, no route). */
    public long sendErrors(String link) {
        return sendErrors.get(linkIndex(link)).sum();
    }

    /** Datagrams whose handling failed unexpectedly (a bug: logged); the reader went on. */
    public long readerFailures() {
        return readerFailures.sum();
    }

    /**
     * Sets the state every heartbeat carries from now on (the layer above's: its DC claim, its CIB version,
     * whom it sees); the peer is told each time it changes ({@link EndpointListener#peerAnnounced}), and
     * again after either restarts. Repeated on every heartbeat, so a lost packet loses nothing.
     *
     * @throws IllegalArgumentException larger than {@link #maxAnnouncementBytes()}
     */
    public void announce(byte[] state) {
        if (state.length > maxAnnouncementBytes()) {
            throw new IllegalArgumentException(
                    "announcement of " + state.length + " bytes > " + maxAnnouncementBytes());
        }
        announced = state.clone();
    }

    /** The largest announcement; kept well below a packet so heartbeats stay small. */
    public int maxAnnouncementBytes() {
        return Math.min(1024, maxPayloadBytes() - ECHO_BYTES);
    }

    /** The largest payload {@link #send} takes. */
    public int maxPayloadBytes() {
        return sealer.maxPayloadBytes();
    }

    /**
     * Sends one packet of `type` on every link, each with its own sequence number. Never throws on the
     * network; does nothing once closed.
     *
     * @return false if closed
     * @throws IllegalArgumentException the payload exceeds {@link #maxPayloadBytes()}
     */
    public boolean send(PacketType type, byte[] payload) {
        if (payload.length > maxPayloadBytes()) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes > " + maxPayloadBytes());
        }
        if (closed.get() || !started) return false;
        for (int i = 0; i < channels.size(); i++) {
            sendOn(i, type, payload);
        }
        return true;
    }

    private void sendOn(int link, PacketType type, byte[] payload) {
        byte[] datagram;
        synchronized (sealer) {
            long seq = sequence.incrementAndGet();
            datagram = sealer.seal(type, config.incarnation(), seq, payload);
            sentLog.sent(seq, config.clock().instant());
        }
        try {
            channels.get(link)
                    .send(ByteBuffer.wrap(datagram), config.links().get(link).peer());
        } catch (ClosedChannelException e) {
            // closing: nothing to do
        } catch (IOException | RuntimeException e) {
            sendErrors.get(link).increment();
            log.debug(
                    "link {}: send to {} failed: {}",
                    config.links().get(link).name(),
                    config.links().get(link).peer(),
                    e.toString());
        }
    }

    private void sendHeartbeats() {
        if (closed.get()) return;
        try {
            for (int i = 0; i < channels.size(); i++) {
                byte[] state = announced;
                byte[] payload = ByteBuffer.allocate(ECHO_BYTES + state.length)
                        .putLong(peerIncarnation().orElse(0L))
                        .putLong(highestHeard(i))
                        .put(state)
                        .array();
                sendOn(i, PacketType.HEARTBEAT, payload);
            }
        } catch (RuntimeException e) {
            log.error("heartbeat sending failed", e); // a scheduled task that throws is never run again: keep going
        }
    }

    private void evaluate() {
        if (closed.get()) return;
        try {
            for (LivenessEvent e : detector.evaluate()) {
                if (e instanceof LivenessEvent.LinkChanged l) {
                    log.info(
                            "link {} to {}: {} -> {} (silent {} ms)",
                            l.link(),
                            config.peerNode(),
                            l.from(),
                            l.to(),
                            l.silentFor().toMillis());
                    deliver(() -> listener.linkStateChanged(l.link(), l.from(), l.to(), l.silentFor()));
                } else if (e instanceof LivenessEvent.Paused p) {
                    if (p.gap().compareTo(config.timings().warntime()) >= 0) {
                        log.warn(
                                "this process was stalled for {} ms (GC, CPU starvation?): judging the peer on the next round",
                                p.gap().toMillis());
                    } else {
                        log.debug(
                                "stalled for {} ms: judging the peer on the next round",
                                p.gap().toMillis());
                    }
                } else if (e instanceof LivenessEvent.PeerChanged p) {
                    log.info(
                            "peer {}: {} -> {} (silent {} ms)",
                            config.peerNode(),
                            p.from(),
                            p.to(),
                            p.silentFor().toMillis());
                    deliver(() -> listener.peerStateChanged(p.from(), p.to(), p.silentFor()));
                    if (p.from() == PeerState.DEAD && p.to() == PeerState.ALIVE) {
                        // Back from the dead: its next announcement is told again, after this change, even if
                        // the same. What it said before may have been overtaken while it was unheard, and the
                        // layer above must not act on it (join with an old CIB fingerprint).
                        synchronized (this) {
                            peerAnnounced = null;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("liveness evaluation failed", e);
        }
    }

    private void readLoop(int link) {
        DatagramChannel ch = channels.get(link);
        String linkName = config.links().get(link).name();
        // One byte more than the largest packet, so an oversized datagram shows as such instead of cut short.
        ByteBuffer buf = ByteBuffer.allocate(config.maxPacketBytes() + 1);
        while (!closed.get()) {
            buf.clear();
            try {
                if (ch.receive(buf) == null) continue;
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed.get()) return;
                log.debug("link {}: receive failed: {}", linkName, e.toString());
                continue;
            }
            try {
                handle(link, linkName, buf.array(), buf.position());
            } catch (RuntimeException e) {
                readerFailures.increment();
                log.error(
                        "link {}: a datagram of {} bytes could not be handled (dropped; the reader goes on)",
                        linkName,
                        buf.position(),
                        e);
            }
        }
    }

    private void handle(int link, String linkName, byte[] data, int length) {
        DecodeResult r = reader.read(data, 0, length);
        if (r instanceof DecodeResult.Dropped d) {
            log.debug("link {}: dropped a datagram: {} ({})", linkName, d.reason(), d.detail());
            return;
        }
        Packet p = ((DecodeResult.Accepted) r).packet();
        synchronized (this) {
            // Under the lock so two links can not both announce one new life, and the announcement is
            // queued before any packet of that life.
            if (p.incarnation() > peerIncarnation) {
                long previous = peerIncarnation;
                peerIncarnation = p.incarnation();
                log.info("peer {}: incarnation {} (was {})", config.peerNode(), p.incarnation(), previous);
                deliver(() -> listener.peerIncarnationChanged(previous, p.incarnation()));
                java.util.Arrays.fill(highestHeard, 0); // the new life counts from 1
                peerAnnounced = null; // and its first announcement is news
                peerAnnouncedSequence = 0;
            }
            if (p.incarnation() == peerIncarnation) highestHeard[link] = Math.max(highestHeard[link], p.sequence());
            switch (p.type()) {
                case HEARTBEAT -> {
                    byte[] payload = p.payload();
                    echoes.aliveAt(payload).ifPresent(at -> detector.heard(link, at));
                    if (payload.length >= ECHO_BYTES
                            && p.incarnation() == peerIncarnation
                            && p.sequence() > peerAnnouncedSequence) {
                        byte[] state = java.util.Arrays.copyOfRange(payload, ECHO_BYTES, payload.length);
                        peerAnnouncedSequence = p.sequence();
                        if (peerAnnounced == null || !java.util.Arrays.equals(peerAnnounced, state)) {
                            peerAnnounced = state;
                            deliver(() -> listener.peerAnnounced(state.clone()));
                        }
                    }
                }
                case LEAVE -> deliver(() -> listener.peerLeft(p.incarnation()));
                case MESSAGE, ACK -> deliver(() -> listener.packetReceived(linkName, p));
            }
        }
    }

    private synchronized long highestHeard(int link) {
        return highestHeard[link];
    }

    private void deliver(Runnable call) {
        if (closed.get()) return;
        try {
            events.execute(() -> {
                if (closed.get()) return;
                try {
                    call.run();
                } catch (RuntimeException e) {
                    log.error("heartbeat listener failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private int linkIndex(String link) {
        for (int i = 0; i < config.links().size(); i++) {
            if (config.links().get(i).name().equals(link)) return i;
        }
        throw new IllegalArgumentException("no link '" + link + "' (links: "
                + config.links().stream().map(LinkConfig::name).toList() + ")");
    }

    /**
     * Tells the peer this node leaves (on every link), then stops. Idempotent. No listener call starts
     * after it returns, unless it is called from a listener call (that one finishes).
     */
    @Override
    public void close() {
        // Only an endpoint that started says goodbye: one that failed to bind (another instance holds the
        // port) must send nothing, or the peer would take its new incarnation for a restart of the running one.
        if (started && !closed.get()) {
            for (int i = 0; i < channels.size(); i++) sendOn(i, PacketType.LEAVE, new byte[0]);
        }
        if (!closed.compareAndSet(false, true)) return;
        timer.shutdownNow();
        events.shutdown();
        for (DatagramChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                log.debug("closing a link: {}", e.toString());
            }
        }
        for (Thread t : readers) {
            if (t != Thread.currentThread()) join(t);
        }
        try {
            if (!isEventThread()) events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isEventThread() {
        return Thread.currentThread().getName().equals("heartbeat-" + config.localNode() + "-events");
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String toString() {
        return "HeartbeatEndpoint[" + config.localNode() + " ↔ " + config.peerNode() + ", incarnation "
                + config.incarnation() + ", links "
                + config.links().stream().map(LinkConfig::name).toList() + "]";
    }
}
