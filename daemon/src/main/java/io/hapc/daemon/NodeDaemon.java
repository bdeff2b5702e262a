package io.hapc.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.daemon.dc.DcContext;
import io.hapc.daemon.dc.DesignatedController;
import io.hapc.daemon.fencing.Fencer;
import io.hapc.daemon.lrm.LocalResourceManager;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.model.cib.Cib;
import io.hapc.transport.ClusterTransport;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import io.hapc.transport.Membership;
import io.hapc.transport.Message;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import io.hapc.transport.TransportListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's daemon. All cluster state is touched by one thread, the brain (a single-threaded
 * scheduler): transport events, messages, admin requests and timers are queued onto it. Agent
 * actions, fencing and the admin socket run on their own threads and post results back.
 */
public final class NodeDaemon implements TransportListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeDaemon.class);

    /** Everything the daemon is built from; the caller owns the threads and the transport. */
    public record Parts(
            String node,
            String clusterName,
            ClusterTransport transport,
            ScheduledExecutorService brain,
            ExecutorService workers,
            ScheduledExecutorService monitorScheduler,
            Fencer fencer,
            CibFile cibFile,
            Clock clock,
            Duration joinTimeout,
            Duration suspendGrace,
            Duration takeoverAfterSuspend,
            Function<Cib, io.hapc.engine.Decision> engine,
            Function<Cib, io.hapc.engine.Decision> cutOffEngine,
            EditApplier edits) {}

    /** Applies an admin edit with validation (the admin module's editor). */
    public interface EditApplier {
        io.hapc.admin.CibEditor.EditOutcome apply(Cib current, CibEdit edit) throws DcContext.EditRefused;
    }

    private final Parts parts;
    private final ObjectMapper json = ProtocolJson.mapper();
    private final LocalResourceManager lrm;
    private final DaemonObserver observer;
    private final DaemonMessages messages;
    private final LocalAnswers localAnswers;
    private final AdminForwarding forwarding;
    private final NodeCibCopy cibCopy;
    private final CountDownLatch ended = new CountDownLatch(1);
    // brain-thread state
    private volatile Optional<Leadership> leadership = Optional.empty();
    private volatile ConnectionState connection = ConnectionState.LOST;
    private Membership membership = new Membership(0, java.util.Set.of());
    private DesignatedController dc;
    private final ScheduledExecutorService guardThread;
    private final CutOffGuard guard;
    private volatile boolean leaving;
    private boolean historyOwed;
    private boolean shutdownRequested;

    public NodeDaemon(Parts parts, LocalResourceManagerFactory lrms) {
        this(parts, lrms, DaemonObserver.NONE);
    }

    /** With an observer of what happens (metrics). */
    public NodeDaemon(Parts parts, LocalResourceManagerFactory lrms, DaemonObserver observer) {
        this.parts = parts;
        this.observer = observer;
        this.lrm = lrms.create(this::report);
        this.cibCopy = new NodeCibCopy(parts.cibFile());
        this.messages = new DaemonMessages(parts.node(), json);
        this.localAnswers = new LocalAnswers(parts, observer, json);
        this.forwarding = new AdminForwarding(parts, messages, this::later);
        this.guardThread = new LoggingScheduler("hapcd-cutoff-guard", 1);
        // A grace as long as the takeover: a SUSPENDED always ends before it (two-node transport): no plan ahead.
        this.guard = new CutOffGuard(
                guardThread,
                parts.suspendGrace(),
                parts.takeoverAfterSuspend(),
                new GuardedNode(parts, lrm, cibCopy::parsed, () -> leaving, this::resignIfCutOff),
                parts.suspendGrace().compareTo(parts.takeoverAfterSuspend()) < 0);
    }

    /** Brain thread: a DC cut off from the cluster stops acting as one at once. */
    private void resignIfCutOff() {
        if (dc != null && !connection.connected()) {
            dc.resign();
            dc = null;
        }
    }

    /** Builds the node's resource manager once the daemon can receive its reports. */
    public interface LocalResourceManagerFactory {
        LocalResourceManager create(java.util.function.Consumer<DaemonMessage.OperationResult> reporter);
    }

    public void start() throws TransportException {
        try {
            parts.cibFile()
                    .read()
                    .ifPresent(xml ->
                            log.info("local CIB copy: {}", parts.cibFile().path()));
        } catch (IOException e) {
            log.warn("cannot read the local CIB copy {}: {}", parts.cibFile().path(), e.toString());
        }
        parts.transport().start(this);
        later(Duration.ofSeconds(1), this::tickForEver);
        scheduleRecheck(Duration.ofMinutes(1));
    }

    /** The DC's periodic second look; the interval follows cluster-recheck-interval as it is now. */
    private void scheduleRecheck(Duration after) {
        later(after, () -> {
            Duration next = Duration.ofMinutes(1);
            try {
                if (dc != null) {
                    dc.recheck();
                    if (dc != null) next = dc.recheckInterval();
                }
            } finally {
                scheduleRecheck(next);
            }
        });
    }

    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    public boolean ended() {
        return ended.getCount() == 0;
    }

    // ---- transport events (any thread) → brain ------------------------------------------------------
    @Override
    public void connectionStateChanged(ConnectionState state) {
        guard.linkChanged(state);
        parts.brain().execute(() -> onConnection(state));
    }

    @Override
    public void membershipChanged(Membership m) {
        parts.brain().execute(() -> {
            membership = m;
            observer.membershipChanged(m);
            if (dc != null) {
                dc.membershipChanged(m);
                dc.quorumChanged(parts.transport().quorate());
            }
        });
    }

    @Override
    public void leadershipChanged(Optional<Leadership> l) {
        parts.brain().execute(() -> onLeadership(l));
    }

    @Override
    public void cibChanged(StoredCib cib) {
        parts.brain().execute(() -> {
            if (cibCopy.takeIfNewer(cib)) {
                observer.cibChanged(cib.xml());
            }
        });
    }

    @Override
    public void messageReceived(Message message) {
        DaemonMessage m;
        try {
            m = json.readValue(message.payload(), DaemonMessage.class);
        } catch (IOException e) {
            log.warn("unreadable message from {}: {}", message.from(), e.getMessage());
            return;
        }
        parts.brain().execute(() -> onMessage(message.from(), m));
    }

    // ---- brain ----------------------------------------------------------------------------------------
    private void onConnection(ConnectionState state) {
        log.info("connection to the cluster: {}", state);
        connection = state;
        observer.connectionChanged(state);
        if (dc != null) dc.quorumChanged(parts.transport().quorate());
        if (state.connected()) {
            // Results reported while the link was in doubt may be lost: tell the DC what runs here.
            boolean stoppedForCutOff = guard.takeStoppedForCutOff(); // taken whatever the state
            if (state == ConnectionState.RECONNECTED || stoppedForCutOff) historyOwed = true;
            sendOwedHistory();
        }
    }

    private void onLeadership(Optional<Leadership> l) {
        Optional<Leadership> before = leadership;
        leadership = l;
        observer.leadershipChanged(l);
        log.info("DC: {}", l.map(x -> x.dc() + " (epoch " + x.epoch() + ")").orElse("none"));
        boolean mine = l.map(x -> x.dc().equals(parts.node())).orElse(false);
        if (dc != null && (!mine || dc.epoch() != l.get().epoch())) {
            dc.resign();
            dc = null;
        }
        if (mine && dc == null && !leaving) becomeDc(l.get());
        sendOwedHistory();
        // A shutdown asked of a DC that is gone is asked again of the new one.
        if (shutdownRequested && l.isPresent() && !l.equals(before)) {
            if (mine && dc != null)
                Futures.logFailure(
                        dc.admin(new AdminRequest.StopNodes(List.of(parts.node()))), log, "the shutdown request");
            else if (!mine) send(l.get().dc(), new DaemonMessage.ShutdownRequest(parts.node()));
        }
        if (!mine && before.map(b -> !b.equals(l.orElse(null))).orElse(true)) {
            // answers owed by a DC that is gone will never come
            forwarding.dcGone();
        }
    }

    private void sendOwedHistory() {
        if (!historyOwed || leadership.isEmpty() || !connection.connected()) return;
        historyOwed = false;
        if (dc == null) send(leadership.get().dc(), new DaemonMessage.NodeHistory(parts.node(), lrm.snapshot()));
    }

    private void becomeDc(Leadership l) {
        Optional<TakeoverCib.Start> read =
                TakeoverCib.read(parts.transport(), parts.cibFile(), parts.node(), parts.clusterName());
        if (read.isEmpty()) {
            later(Duration.ofSeconds(1), () -> onLeadership(leadership));
            return;
        }
        Cib start = read.get().cib();
        long revision = read.get().revision();
        dc = new DesignatedController(
                new NodeDcContext(parts, observer, new DaemonForDc()),
                l.epoch(),
                start,
                revision,
                membership,
                parts.engine(),
                parts.joinTimeout());
        dc.quorumChanged(
                parts.transport().quorate()); // the engine decides with the partition's real quorum (quorum.drl)
        dc.start();
    }

    private void onMessage(String from, DaemonMessage m) {
        if (m instanceof DaemonMessage.Execute e) {
            if (!fromCurrentDc(from, e.dcEpoch())) return;
            Futures.logFailure(lrm.execute(e.transitionId(), e.actionId(), e.call()), log, "action " + e.actionId());
        } else if (m instanceof DaemonMessage.HistoryRequest h) {
            if (!fromCurrentDc(from, h.dcEpoch())) {
                // from a DC newer than the one this node knows (its view lags): told to the DC it learns of next
                historyOwed |= leadership.map(l -> h.dcEpoch() > l.epoch()).orElse(false);
                return;
            }
            Futures.logFailure(
                    lrm.probeUnknown(h.probes())
                            .thenAccept(history -> send(from, new DaemonMessage.NodeHistory(parts.node(), history))),
                    log,
                    "the probes the DC asked for");
        } else if (m instanceof DaemonMessage.Forget f) {
            if (!fromCurrentDc(from, f.dcEpoch())) return;
            Futures.logFailure(
                    lrm.forget(f.resource(), f.probe())
                            .thenAccept(history -> send(from, new DaemonMessage.NodeHistory(parts.node(), history))),
                    log,
                    "forgetting " + f.resource());
        } else if (m instanceof DaemonMessage.ShutdownGranted) {
            leave();
        } else if (m instanceof DaemonMessage.AdminForward a) {
            if (dc == null) {
                send(
                        from,
                        new DaemonMessage.AdminAnswer(
                                a.id(), AdminReply.failure(5, parts.node() + " is not the DC any more; try again")));
            } else {
                Futures.logFailure(
                        dc.admin(a.request()).thenAccept(reply -> forwarding.answer(from, a.id(), reply)),
                        log,
                        "a forwarded admin request");
            }
        } else if (m instanceof DaemonMessage.AdminAnswer a) {
            forwarding.answered(a.id(), a.reply());
        } else if (dc != null) {
            dc.message(m);
        }
    }

    /** Orders from a DC that is not (or no longer) the DC are ignored: it was deposed. */
    private boolean fromCurrentDc(String from, long epoch) {
        boolean ok =
                leadership.map(l -> l.dc().equals(from) && l.epoch() <= epoch).orElse(true);
        if (!ok) log.warn("ignoring an order of {} (epoch {}): the DC is {}", from, epoch, leadership);
        return ok;
    }

    /** The DC's timers, once a second for as long as the daemon runs, whatever one tick throws. */
    private void tickForEver() {
        try {
            if (dc != null) dc.tick();
        } catch (RuntimeException e) {
            log.error("the DC's periodic tick failed", e);
        } finally {
            later(Duration.ofSeconds(1), this::tickForEver);
        }
    }

    /** Runs `task` on the brain after `delay`; the brain (a LoggingScheduler) logs what it throws. */
    @SuppressWarnings("FutureReturnValueIgnored")
    private void later(Duration delay, Runnable task) {
        if (parts.brain().isShutdown()) return; // the daemon is ending
        parts.brain().schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    // ---- admin requests (socket threads) -----------------------------------------------------------

    public CompletableFuture<AdminReply> admin(AdminRequest request) {
        CompletableFuture<AdminReply> reply = new CompletableFuture<>();
        parts.brain().execute(() -> {
            try {
                onAdmin(request, reply);
            } catch (RuntimeException e) {
                log.error("admin request {} failed", request, e);
                reply.complete(AdminReply.failure(5, "hapcd failed: " + e));
            }
        });
        return reply;
    }

    private void onAdmin(AdminRequest request, CompletableFuture<AdminReply> reply) {
        Optional<String> dcName = leadership.map(Leadership::dc);
        Optional<AdminReply> local =
                localAnswers.answer(request, dcName, Optional.ofNullable(dc), cibCopy.latest(), connection);
        if (local.isPresent()) {
            reply.complete(local.get());
            return;
        }
        if (request instanceof AdminRequest.StopNodes s && s.nodes().equals(List.of(parts.node()))) {
            // Stopping this node works without a DC too (then it stops its resources itself).
            requestShutdown();
            reply.complete(
                    AdminReply.success("Stopping hapcd on " + parts.node() + ": its resources are moved off first"));
            return;
        }
        if (dc != null) {
            Futures.logFailure(
                    dc.admin(request)
                            .whenComplete((r, err) ->
                                    reply.complete(r != null ? r : AdminReply.failure(5, String.valueOf(err)))),
                    log,
                    "an admin request");
            return;
        }
        if (dcName.isEmpty()) {
            reply.complete(AdminReply.failure(
                    5, "no DC elected yet (connection " + connection + "); try again in a few seconds"));
            return;
        }
        forwarding.forward(dcName.get(), request, reply);
    }

    /** `hapc cluster stop` on this node: the DC moves our resources off, then lets us go. */
    public void requestShutdown() {
        parts.brain().execute(() -> {
            shutdownRequested = true;
            if (leadership.isEmpty() || !connection.connected()) {
                log.info("no DC to hand over to: stopping local resources and leaving");
                List<String> active = lrm.activeResources();
                Optional<Cib> cib = latestCib();
                CutOffPlan plan = cib.map(c -> CutOffStops.stopEverything(
                                c, parts.node(), lrm.snapshot(), active, parts.cutOffEngine()))
                        .orElseGet(() -> CutOffPlan.stopAll(active));
                Futures.logFailure(
                        GuardedNode.carryOut(plan, cib, lrm, new CompletableFuture<>())
                                .whenComplete((v, e) -> parts.brain().execute(this::leave)),
                        log,
                        "stopping the local resources");
                return;
            }
            if (dc != null) {
                Futures.logFailure(
                        dc.admin(new AdminRequest.StopNodes(List.of(parts.node()))), log, "the shutdown request");
            } else {
                send(leadership.get().dc(), new DaemonMessage.ShutdownRequest(parts.node()));
            }
        });
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void report(DaemonMessage.OperationResult result) {
        Optional<Leadership> l = leadership;
        if (l.isEmpty()) {
            log.info("no DC to report {} {} to; the next DC will ask", result.resource(), result.operation());
            return;
        }
        send(l.get().dc(), result);
    }

    private void send(String node, DaemonMessage m) {
        if (node.equals(parts.node())) {
            // The DC asks its own node as it asks every member, but not through the transport: a round trip
            // there (a ZooKeeper write, the heartbeat transport's thread, JSON both ways) was on every takeover's path.
            parts.brain().execute(() -> onMessage(node, m));
            return;
        }
        messages.encode(node, m).ifPresent(parts.transport()::send);
    }

    private Optional<Cib> latestCib() {
        if (dc != null) return Optional.of(dc.currentCib());
        return cibCopy.parsed();
    }

    /** What the DC asks of this daemon (see {@link NodeDcContext}); brain thread. */
    private final class DaemonForDc implements NodeDcContext.Daemon {
        @Override
        public void send(String node, DaemonMessage message) {
            NodeDaemon.this.send(node, message);
        }

        @Override
        public void later(Duration delay, Runnable task) {
            NodeDaemon.this.later(delay, task);
        }

        @Override
        public void stored(StoredCib stored, String xml) {
            cibCopy.stored(stored, xml);
            observer.cibChanged(xml);
        }

        @Override
        public void steppedDown() {
            parts.brain().execute(() -> {
                dc = null;
                // Still DC by the transport (its CIB replaced under it by the heartbeat peer's at a join): the role
                // is taken again from what is stored, as a new DC would; where another is DC nothing is retaken.
                later(Duration.ofSeconds(1), () -> {
                    if (dc == null
                            && !leaving
                            && leadership.map(x -> x.dc().equals(parts.node())).orElse(false))
                        becomeDc(leadership.get());
                });
            });
        }

        @Override
        public void leave() {
            NodeDaemon.this.leave();
        }
    }

    /** Leaves the cluster cleanly and ends the daemon. */
    public void leave() {
        if (leaving) return;
        leaving = true;
        log.info("{} leaves the cluster", parts.node());
        close();
    }

    @Override
    public void close() {
        leaving = true;
        if (dc != null) dc.resign();
        lrm.close();
        parts.transport().close();
        guardThread.shutdownNow();
        ended.countDown();
    }
}
