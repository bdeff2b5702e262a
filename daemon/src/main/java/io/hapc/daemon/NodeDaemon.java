package io.hapc.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.dc.AgentCalls;
import io.hapc.daemon.dc.DcContext;
import io.hapc.daemon.dc.DesignatedController;
import io.hapc.daemon.fencing.Fencer;
import io.hapc.daemon.lrm.LocalResourceManager;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Status;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.model.xml.CibXmlWriter;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final String MESSAGE_TYPE = "hapcd";
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(90);

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
    private final Map<String, CompletableFuture<AdminReply>> forwarded = new ConcurrentHashMap<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    // brain-thread state
    private volatile Optional<Leadership> leadership = Optional.empty();
    private volatile ConnectionState connection = ConnectionState.LOST;
    private Membership membership = new Membership(0, java.util.Set.of());
    private volatile Optional<StoredCib> latest = Optional.empty();
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
        this.guardThread = new LoggingScheduler("hapcd-cutoff-guard", 1);
        // A grace as long as the takeover means a SUSPENDED always ends before it (the two-node transport): no plan
        // ahead.
        this.guard = new CutOffGuard(
                guardThread,
                parts.suspendGrace(),
                parts.takeoverAfterSuspend(),
                new GuardedNode(),
                parts.suspendGrace().compareTo(parts.takeoverAfterSuspend()) < 0);
    }

    /** The node as the cut-off guard sees it, from the guard's own thread (never the brain's state). */
    private final class GuardedNode implements CutOffGuard.Node {
        @Override
        public List<String> active() {
            return lrm.activeResources();
        }

        @Override
        public CutOffPlan plan(List<String> active) {
            return storedCib()
                    .map(c -> CutOffStops.plan(c, parts.node(), lrm.snapshot(), active, parts.cutOffEngine()))
                    .orElseGet(() -> CutOffPlan.stopAll(active));
        }

        @Override
        public String noQuorumPolicy() {
            return storedCib().flatMap(c -> c.property("no-quorum-policy")).orElse("stop");
        }

        @Override
        public boolean leaving() {
            return leaving;
        }

        @Override
        public void cutOff(String why, String policy) {
            parts.brain().execute(() -> {
                if (dc != null && !connection.connected()) {
                    dc.resign();
                    dc = null;
                }
            });
        }

        @Override
        public void act(CutOffPlan plan, CompletableFuture<Void> hurry) {
            Map<String, DaemonMessage.AgentCall> calls = new java.util.HashMap<>();
            storedCib().map(AgentCalls::new).ifPresent(agents -> {
                plan.waves().forEach(wave -> calls.putAll(agents.stops(wave)));
                plan.demote()
                        .forEach(r ->
                                agents.call(r, "demote", 0, Optional.empty()).ifPresent(c -> calls.put(r, c)));
            });
            Futures.logFailure(lrm.act(calls, plan.waves(), hurry), log, "the cut-off stops");
        }

        @Override
        public void suicide() {
            Runtime.getRuntime().halt(137);
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
            if (latest.map(s -> s.version().compareTo(cib.version()) < 0).orElse(true)) {
                latest = Optional.of(cib);
                persist(cib.xml());
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

    /** What this node runs, in the reverse of the order its constraints give (see {@link CutOffStops}). */
    private List<List<String>> orderedStops(Optional<Cib> cib, List<String> active) {
        if (cib.isEmpty()) return List.of(active);
        return CutOffStops.stopWaves(cib.get(), parts.node(), lrm.snapshot(), active, parts.cutOffEngine());
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
            forwarded.forEach(
                    (id, f) -> f.complete(AdminReply.failure(5, "the DC changed before it answered; try again")));
            forwarded.clear();
        }
    }

    private void sendOwedHistory() {
        if (!historyOwed || leadership.isEmpty() || !connection.connected()) return;
        historyOwed = false;
        if (dc == null) send(leadership.get().dc(), new DaemonMessage.NodeHistory(parts.node(), lrm.snapshot()));
    }

    private void becomeDc(Leadership l) {
        Cib start;
        long revision;
        long began = System.nanoTime();
        try {
            Optional<StoredCib> stored = parts.transport().readCib();
            Optional<String> local = parts.cibFile().read();
            Cib fromStore = stored.map(s -> parse(s.xml(), "the cluster store")).orElse(null);
            // The local copy is most often the store's own (persisted as it came): parsed once then.
            Cib fromDisk = local.map(
                            x -> fromStore != null && x.equals(stored.get().xml())
                                    ? fromStore
                                    : parse(x, parts.cibFile().path().toString()))
                    .orElse(null);
            revision = stored.map(StoredCib::revision).orElse(-1L);
            if (fromStore != null && (fromDisk == null || fromStore.version().compareTo(fromDisk.version()) >= 0)) {
                start = fromStore;
            } else if (fromDisk != null) {
                log.info("the local CIB {} is newer than the store's: it becomes the cluster's", fromDisk.version());
                start = fromDisk;
                if (fromStore != null) start = start.withVersion(max(fromStore.version(), fromDisk.version()));
            } else {
                start = initialCib();
            }
        } catch (TransportException | IOException | IllegalStateException e) {
            log.error("cannot read the CIB to become DC: {}", e.toString());
            later(Duration.ofSeconds(1), () -> onLeadership(leadership));
            return;
        }
        long readMs = (System.nanoTime() - began) / 1_000_000;
        if (readMs >= 100) log.info("reading the CIB to become DC took {} ms", readMs);
        start = withClusterName(start, parts.clusterName());
        dc = new DesignatedController(
                dcContext(), l.epoch(), start, revision, membership, parts.engine(), parts.joinTimeout());
        dc.quorumChanged(
                parts.transport().quorate()); // the engine decides with the partition's real quorum (quorum.drl)
        dc.start();
    }

    /** Pacemaker takes `cluster-name` from corosync; hapc from hapcd's settings, unless an admin set it. */
    private static Cib withClusterName(Cib c, String name) {
        if (c.property("cluster-name").isPresent()) return c;
        List<NvSet> sets = new java.util.ArrayList<>(c.propertySets());
        if (sets.isEmpty()) {
            sets.add(NvSet.of("cib-bootstrap-options", Map.of("cluster-name", name)));
        } else {
            NvSet first = sets.get(0);
            Map<String, String> values = new java.util.LinkedHashMap<>(first.values());
            values.put("cluster-name", name);
            sets.set(0, new NvSet(first.id(), values, first.rule(), first.score()));
        }
        return c.withPropertySets(sets).withVersion(c.version().nextEpoch());
    }

    private static CibVersion max(CibVersion a, CibVersion b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private Cib initialCib() {
        return new Cib(
                new CibVersion(0, 1, 0),
                Optional.of("pacemaker-3.9"),
                true,
                Optional.of(parts.node()),
                Optional.empty(),
                List.of(NvSet.of("cib-bootstrap-options", Map.of("cluster-infrastructure", "hapc"))),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Status.empty());
    }

    private static Cib parse(String xml, String source) {
        try {
            return CibXmlReader.read(xml, source);
        } catch (CibFormatException e) {
            throw new IllegalStateException("unreadable CIB in " + source + ": " + e.getMessage(), e);
        }
    }

    private void onMessage(String from, DaemonMessage m) {
        if (m instanceof DaemonMessage.Execute e) {
            if (!fromCurrentDc(from, e.dcEpoch())) return;
            Futures.logFailure(lrm.execute(e.transitionId(), e.actionId(), e.call()), log, "action " + e.actionId());
        } else if (m instanceof DaemonMessage.HistoryRequest h) {
            if (!fromCurrentDc(from, h.dcEpoch())) return;
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
                        dc.admin(a.request()).thenAccept(reply -> answerForwarded(from, a.id(), reply)),
                        log,
                        "a forwarded admin request");
            }
        } else if (m instanceof DaemonMessage.AdminAnswer a) {
            CompletableFuture<AdminReply> f = forwarded.remove(a.id());
            if (f != null) f.complete(a.reply());
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
        if (request instanceof AdminRequest.GetCib) {
            Optional<String> xml =
                    dc != null ? Optional.of(CibXmlWriter.write(dc.currentCib())) : latest.map(StoredCib::xml);
            if (xml.isEmpty()) {
                try {
                    xml = parts.cibFile().read();
                } catch (IOException e) {
                    xml = Optional.empty();
                }
            }
            reply.complete(xml.map(x -> AdminReply.success("").withCib(x, dcName))
                    .orElseGet(() -> AdminReply.failure(
                            5, "no CIB yet: " + parts.node() + " has not joined a cluster with a DC")));
            return;
        }
        if (request instanceof AdminRequest.CheckpointList || request instanceof AdminRequest.CheckpointGet) {
            // this node's own history (every node keeps the CIBs it writes), so answered here
            reply.complete(checkpoints(request));
            return;
        }
        if (request instanceof AdminRequest.GetAvailability) {
            // measured by this node from the CIBs it received (see docs/METRICS.md), so answered here
            reply.complete(observer.availabilityJson()
                    .map(AdminReply::success)
                    .orElseGet(() -> AdminReply.failure(
                            5, parts.node() + " does not measure availability (its metrics are off: metrics.port=0)")));
            return;
        }
        if (request instanceof AdminRequest.DaemonInfo) {
            // the message names the transport: `hapc status` shows it as the stack
            reply.complete(new AdminReply(
                    true,
                    0,
                    parts.transport().kind(),
                    Optional.empty(),
                    dcName,
                    Optional.of(parts.node()),
                    Optional.of(ProcessHandle.current().pid()),
                    Optional.of(connection.name()
                            + parts.transport()
                                    .linkSummary()
                                    .map(s -> " (" + s + ")")
                                    .orElse(""))));
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
        String id = UUID.randomUUID().toString();
        Optional<Message> forward = message(dcName.get(), new DaemonMessage.AdminForward(id, parts.node(), request));
        if (forward.isEmpty() || !parts.transport().canCarry(forward.get())) {
            // Dropped on the way, it would leave the admin waiting for an answer that can not come.
            reply.complete(AdminReply.failure(
                    3,
                    "the request is too large to forward to the DC " + dcName.get()
                            + " through the cluster; make it smaller, or run it on " + dcName.get()));
            return;
        }
        forwarded.put(id, reply);
        parts.transport().send(forward.get());
        later(FORWARD_TIMEOUT, () -> {
            CompletableFuture<AdminReply> f = forwarded.remove(id);
            if (f != null)
                f.complete(AdminReply.failure(
                        5, "no answer from the DC " + dcName.get() + " within " + FORWARD_TIMEOUT.toSeconds() + " s"));
        });
    }

    /** `hapc cluster stop` on this node: the DC moves our resources off, then lets us go. */
    public void requestShutdown() {
        parts.brain().execute(() -> {
            shutdownRequested = true;
            if (leadership.isEmpty() || !connection.connected()) {
                log.info("no DC to hand over to: stopping local resources and leaving");
                List<String> active = lrm.activeResources();
                Optional<Cib> cib = latestCib();
                Map<String, DaemonMessage.AgentCall> stops =
                        cib.map(c -> new AgentCalls(c).stops(active)).orElse(Map.of());
                Futures.logFailure(
                        lrm.stopAll(stops, orderedStops(cib, active))
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
        message(node, m).ifPresent(parts.transport()::send);
    }

    private Optional<Message> message(String node, DaemonMessage m) {
        try {
            return Optional.of(new Message(parts.node(), node, MESSAGE_TYPE, json.writeValueAsString(m)));
        } catch (IOException e) {
            log.error("cannot encode {}: {}", m.getClass().getSimpleName(), e.toString());
            return Optional.empty();
        }
    }

    /**
     * The DC's answer to a request another node forwarded: always sent, so the admin never waits for
     * one that was dropped. A CIB too large to travel is left out (the CLI does not need it with an
     * edit's answer); what still can not travel is said in a few words.
     */
    private void answerForwarded(String to, String id, AdminReply reply) {
        List<AdminReply> candidates = List.of(
                reply,
                new AdminReply(
                        reply.ok(),
                        reply.exitCode(),
                        reply.message(),
                        Optional.empty(),
                        reply.dc(),
                        reply.node(),
                        reply.pid(),
                        reply.connection()),
                new AdminReply(
                        reply.ok(),
                        reply.exitCode(),
                        String.valueOf(reply.message())
                                        .substring(
                                                0,
                                                Math.min(
                                                        String.valueOf(reply.message())
                                                                .length(),
                                                        4096))
                                + "\n(the DC's answer was too long to send back through the cluster: shortened; run the command on the DC "
                                + parts.node() + " for all of it)",
                        Optional.empty(),
                        reply.dc(),
                        reply.node(),
                        reply.pid(),
                        reply.connection()));
        for (AdminReply candidate : candidates) {
            Optional<Message> answer = message(to, new DaemonMessage.AdminAnswer(id, candidate));
            if (answer.isPresent() && parts.transport().canCarry(answer.get())) {
                parts.transport().send(answer.get());
                return;
            }
        }
    }

    private AdminReply checkpoints(AdminRequest request) {
        try {
            if (request instanceof AdminRequest.CheckpointGet g) {
                return parts.cibFile()
                        .checkpoint(g.number())
                        .map(x -> AdminReply.success("").withCib(x, leadership.map(Leadership::dc)))
                        .orElseGet(() -> AdminReply.failure(
                                3,
                                "no checkpoint " + g.number() + " on " + parts.node()
                                        + ": see `hapc config checkpoint` for the ones kept"));
            }
            var list = json.createArrayNode();
            for (CibFile.Checkpoint c : parts.cibFile().checkpoints()) {
                list.addObject()
                        .put("number", c.number())
                        .put("date", c.date().toString())
                        .put("adminEpoch", c.adminEpoch())
                        .put("epoch", c.epoch());
            }
            return AdminReply.success(json.writeValueAsString(list));
        } catch (IOException e) {
            return AdminReply.failure(
                    5,
                    "cannot read the CIB's history in " + parts.cibFile().path().getParent() + ": " + e.getMessage());
        }
    }

    private Optional<Cib> latestCib() {
        if (dc != null) return Optional.of(dc.currentCib());
        return storedCib();
    }

    /** The last CIB the cluster stored, as this node heard of it (any thread: not the DC's own copy). */
    private Optional<Cib> storedCib() {
        try {
            Optional<String> xml = latest.map(StoredCib::xml).or(() -> {
                try {
                    return parts.cibFile().read();
                } catch (IOException e) {
                    return Optional.empty();
                }
            });
            return xml.map(x -> parse(x, "the latest CIB"));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private void persist(String xml) {
        try {
            parts.cibFile().write(xml);
        } catch (IOException e) {
            log.error("cannot persist the CIB to {}: {}", parts.cibFile().path(), e.toString());
        }
    }

    private DcContext dcContext() {
        return new DcContext() {
            @Override
            public String localNode() {
                return parts.node();
            }

            @Override
            public Clock clock() {
                return parts.clock();
            }

            @Override
            public void send(String node, DaemonMessage message) {
                NodeDaemon.this.send(node, message);
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                later(delay, task);
            }

            @Override
            public StoredCib writeCib(String xml, Cib cib, long expectedRevision, long dcEpoch)
                    throws TransportException {
                StoredCib stored = parts.transport().writeCib(xml, cib.version(), expectedRevision, dcEpoch);
                latest = Optional.of(stored);
                persist(xml);
                observer.cibChanged(xml);
                return stored;
            }

            @Override
            public CompletableFuture<FenceResult> fence(Cib cib, String node, String action) {
                return fence(cib, node, action, Duration.ZERO);
            }

            @Override
            public CompletableFuture<FenceResult> fence(Cib cib, String node, String action, Duration delay) {
                return CompletableFuture.supplyAsync(
                        () -> {
                            if (!delay.isZero()) {
                                try {
                                    Thread.sleep(delay.toMillis());
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return new FenceResult(node, action, false, "", List.of());
                                }
                            }
                            return parts.fencer().fence(cib, node, action);
                        },
                        parts.workers());
            }

            @Override
            public io.hapc.admin.CibEditor.EditOutcome applyEdit(Cib current, CibEdit edit) throws EditRefused {
                return parts.edits().apply(current, edit);
            }

            @Override
            public void stepDown(String why) {
                log.error("stepping down as DC: {}", why);
                parts.brain().execute(() -> {
                    dc = null;
                });
            }

            @Override
            public void leave() {
                NodeDaemon.this.leave();
            }

            @Override
            public void publish(io.hapc.daemon.dc.DcEvent event) {
                event.deliverTo(io.hapc.daemon.dc.DcEventLog.LOG);
                event.deliverTo(observer);
            }
        };
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
