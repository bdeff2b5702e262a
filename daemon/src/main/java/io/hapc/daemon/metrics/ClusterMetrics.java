package io.hapc.daemon.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.daemon.DaemonObserver;
import io.hapc.daemon.dc.DcEvent;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import io.hapc.transport.Membership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hapcd's metrics (docs/METRICS.md lists every series): a Micrometer registry with Prometheus
 * naming, fed by what the daemon sees ({@link DaemonObserver}). State series are 0/1 gauges, one per
 * state, registered for everything configured and removed only when it is no longer configured.
 * The CIB is read on this class's own thread (latest wins), never on the daemon's brain thread.
 */
public final class ClusterMetrics implements DaemonObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterMetrics.class);
    static final List<String> NODE_STATES = List.of("online", "offline", "unclean", "pending", "standby");
    private static final Duration REFRESH = Duration.ofSeconds(5);
    /** Rewrite the ledger when it holds this many more lines than it needs. */
    private static final int COMPACT_AFTER_LINES = 10_000;

    /** How often a resource started elsewhere than where it last ran. */
    record Moves(long failovers, long moves) {
        static final Moves NONE = new Moves(0, 0);
    }

    /** What the gauges read: replaced whole, read by the scraping thread. */
    record View(
            ClusterSnapshot snapshot,
            Map<String, ClusterSnapshot.ResourceInfo> byId,
            Optional<Leadership> leadership,
            ConnectionState connection,
            Membership membership,
            Map<String, Map<String, AvailabilityLedger.Figure>> availability,
            Map<String, Moves> moves) {
        boolean quorate() {
            return connection.connected() && leadership.isPresent();
        }
    }

    private final String node;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService thread;
    private final AvailabilityLedger ledger;
    private final AtomicReference<String> pendingXml = new AtomicReference<>();
    /** Replaced whole: by the brain thread (link, membership, DC) and this class's thread (CIB, availability). */
    private final AtomicReference<View> views;
    /** Nodes whose fencing series are registered (this class's thread only). */
    private final Set<String> fencingSeries = new HashSet<>();

    private final Map<String, Moves> moveCounts = new HashMap<>();
    private final Map<Long, Long> transitionStarts = new ConcurrentHashMap<>();
    private final ClusterStateCollector stateSeries;
    private final Timer decisions;
    private final Timer transitionDuration;
    private final Counter membershipChanges;
    /** Where each resource last ran (this class's thread only): a start elsewhere is a move or a failover. */
    private final Map<String, String> lastNode = new HashMap<>();

    private final Map<String, Set<String>> failedOn = new HashMap<>();

    public ClusterMetrics(
            String node, String transport, Clock clock, AvailabilityLedger ledger, ScheduledExecutorService thread) {
        this.node = node;
        this.clock = clock;
        this.ledger = ledger;
        this.thread = thread;
        this.views = new AtomicReference<>(new View(
                ClusterSnapshot.EMPTY,
                Map.of(),
                Optional.empty(),
                ConnectionState.LOST,
                Membership.NONE,
                Map.of(),
                Map.of()));
        String version = Optional.ofNullable(ClusterMetrics.class.getPackage().getImplementationVersion())
                .orElse("dev");
        // An info metric proper (hapc_build_info): Micrometer's naming would strip the _info of a gauge.
        Info build = Info.builder()
                .name("hapc_build_info")
                .help("hapcd's version and transport (always 1)")
                .labelNames("version", "transport", "node")
                .register(registry.getPrometheusRegistry());
        build.addLabelValues(version, transport, node);
        gauge(
                "hapc.quorate",
                "1 when this node is in the quorate partition (connected, with a DC)",
                Tags.empty(),
                () -> views.get().quorate() ? 1 : 0);
        gauge(
                "hapc.cluster.members",
                "nodes in the cluster's membership as this node sees it",
                Tags.empty(),
                () -> views.get().membership().nodes().size());
        gauge(
                "hapc.cib.epoch",
                "the CIB's epoch (grows with each configuration change)",
                Tags.empty(),
                () -> views.get().snapshot().epoch());
        gauge(
                "hapc.cib.admin.epoch",
                "the CIB's admin_epoch",
                Tags.empty(),
                () -> views.get().snapshot().adminEpoch());
        gauge(
                "hapc.cib.updates",
                "the CIB's num_updates (grows with each status change, restarts at each epoch)",
                Tags.empty(),
                () -> views.get().snapshot().numUpdates());
        for (ConnectionState s : ConnectionState.values()) {
            gauge(
                    "hapc.transport.connection.state",
                    "1 for the state of this node's link to the cluster, 0 for the others",
                    Tags.of("state", s.name().toLowerCase(java.util.Locale.ROOT)),
                    () -> views.get().connection() == s ? 1 : 0);
        }
        decisions = Timer.builder("hapc.policy.engine.decision")
                .description("how long the policy engine took to decide (on the DC)")
                .serviceLevelObjectives(
                        ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500),
                        ms(5000), ms(10000), ms(30000))
                .register(registry);
        transitionDuration = Timer.builder("hapc.transition.duration")
                .description("how long the DC took to carry out a transition, from its first action to its end")
                .serviceLevelObjectives(
                        ms(100),
                        ms(500),
                        ms(1000),
                        ms(2500),
                        ms(5000),
                        ms(10000),
                        ms(30000),
                        ms(60000),
                        ms(120000),
                        ms(300000))
                .register(registry);
        for (String result : List.of("complete", "aborted")) transitions(result);
        membershipChanges = Counter.builder("hapc.membership.changes")
                .description("changes of the cluster's membership seen by this node")
                .register(registry);
        stateSeries = new ClusterStateCollector(views::get);
        Gauge.builder(
                        "hapc.metrics.node.is.dc",
                        () -> views.get()
                                        .leadership()
                                        .map(l -> l.dc().equals(node))
                                        .orElse(false)
                                ? 1
                                : 0)
                .description("1 on the node that is DC: DC-only counters (transitions, decisions, fencing) grow there")
                .register(registry);
    }

    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    /** Starts reading CIBs and refreshing availability on its thread; `ledgerFile` may be absent. */
    @SuppressWarnings("FutureReturnValueIgnored") // the refresh catches its own failures, so it never stops
    public static ClusterMetrics start(
            String node, String transport, Clock clock, Optional<Path> ledgerFile, ScheduledExecutorService thread)
            throws IOException {
        AvailabilityLedger ledger = ledgerFile.isPresent()
                ? AvailabilityLedger.open(ledgerFile.get(), clock.instant())
                : AvailabilityLedger.inMemory();
        ClusterMetrics m = new ClusterMetrics(node, transport, clock, ledger, thread);
        thread.scheduleWithFixedDelay(
                m::refreshAvailability, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        return m;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * A transport with links of its own (the two-node heartbeat transport): `hapc_transport_link_state`
     * {link, state} is 1 for each link's state and 0 for the others, read at each scrape from `links`
     * (link name → state); `states` are all the states a link can be in.
     */
    public void watchLinks(List<String> states, Supplier<Map<String, String>> links) {
        registry.getPrometheusRegistry().register(() -> {
            io.prometheus.metrics.model.snapshots.GaugeSnapshot.Builder g =
                    io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder()
                            .name("hapc_transport_link_state")
                            .help("1 for the state of each of this node's links to its peer, 0 for the others");
            links.get().forEach((link, state) -> {
                for (String st : states) {
                    g.dataPoint(io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .value(st.equals(state) ? 1 : 0)
                            .labels(io.prometheus.metrics.model.snapshots.Labels.of("link", link, "state", st))
                            .build());
                }
            });
            return g.build();
        });
    }

    /**
     * Everything, as Prometheus text (or OpenMetrics when `contentType` names it): Micrometer's
     * meters, then the cluster's state series (written once per change, see ClusterStateCollector).
     */
    public String scrape(String contentType) {
        boolean openMetrics = contentType.startsWith("application/openmetrics-text");
        String meters = registry.scrape(contentType);
        String state;
        try {
            state = new String(stateSeries.text(openMetrics), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!openMetrics) return meters + state;
        // one exposition: a single "# EOF", at the end (the state text brings its own)
        String eof = "# EOF\n";
        return (meters.endsWith(eof) ? meters.substring(0, meters.length() - eof.length()) : meters) + state;
    }

    /** Prometheus text. */
    public String scrape() {
        return scrape("text/plain; version=0.0.4; charset=utf-8");
    }

    View view() {
        return views.get();
    }

    public String node() {
        return node;
    }

    private Gauge gauge(String name, String help, Tags tags, Supplier<Number> value) {
        return Gauge.builder(name, value).description(help).tags(tags).register(registry);
    }

    private Counter transitions(String result) {
        return Counter.builder("hapc.transitions")
                .description("transitions the DC carried out, by how they ended")
                .tag("result", result)
                .register(registry);
    }

    private Counter fencing(String target, String result) {
        return Counter.builder("hapc.fencing.attempts")
                .description("fencing attempts by the DC, by target node and result")
                .tags("node", target, "result", result)
                .register(registry);
    }

    private Counter failures(String resource, String onNode, String operation) {
        return Counter.builder("hapc.resource.failures")
                .description("failed resource actions (not probes) the DC recorded")
                .tags("resource", resource, "node", onNode, "operation", operation)
                .register(registry);
    }

    // ---- events (brain thread: record only) ---------------------------------------------------------

    @Override
    public void connectionChanged(ConnectionState state) {
        views.updateAndGet(v ->
                new View(v.snapshot(), v.byId(), v.leadership(), state, v.membership(), v.availability(), v.moves()));
    }

    @Override
    public void membershipChanged(Membership membership) {
        View before = views.getAndUpdate(v -> new View(
                v.snapshot(), v.byId(), v.leadership(), v.connection(), membership, v.availability(), v.moves()));
        if (!before.membership().nodes().equals(membership.nodes())) membershipChanges.increment();
    }

    @Override
    public void leadershipChanged(Optional<Leadership> leadership) {
        views.updateAndGet(v -> new View(
                v.snapshot(), v.byId(), leadership, v.connection(), v.membership(), v.availability(), v.moves()));
    }

    @Override
    public void cibChanged(String xml) {
        if (pendingXml.getAndSet(xml) == null) thread.execute(this::readPendingCib);
    }

    @Override
    public void decided(DcEvent.Decided e) {
        decisions.record(e.elapsed());
    }

    @Override
    public void transitionStarted(DcEvent.TransitionStarted e) {
        transitionStarts.put(e.id(), System.nanoTime());
    }

    @Override
    public void transitionEnded(DcEvent.TransitionEnded e) {
        Long start = transitionStarts.remove(e.id());
        if (start != null) transitionDuration.record(Duration.ofNanos(System.nanoTime() - start));
        transitions(e.aborted() ? "aborted" : "complete").increment();
    }

    @Override
    public void fencingEnded(DcEvent.FencingEnded e) {
        fencing(e.node(), e.success() ? "success" : "failure").increment();
    }

    @Override
    public void operationFailed(DcEvent.OperationFailed e) {
        failures(e.resource(), e.node(), e.operation()).increment();
    }

    @Override
    public Optional<String> availabilityJson() {
        View v = views.get();
        List<Map<String, Object>> rows = new ArrayList<>();
        v.availability().forEach((rsc, figures) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("resource", rsc);
            row.put("down", ledgerDown(v, rsc));
            figures.forEach((w, f) -> row.put(
                    w,
                    Map.of(
                            "downtime_seconds",
                            f.downtimeSeconds(),
                            "ratio",
                            Double.isNaN(f.ratio()) ? "NaN" : f.ratio())));
            rows.add(row);
        });
        try {
            return Optional.of(new ObjectMapper().writeValueAsString(Map.of("node", node, "resources", rows)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean ledgerDown(View v, String rsc) {
        return v.snapshot().resources().stream()
                .filter(r -> r.primitiveId().equals(rsc) && r.expected())
                .noneMatch(ClusterSnapshot.ResourceInfo::up);
    }

    // ---- this class's thread ----------------------------------------------------------------------

    private void readPendingCib() {
        String xml = pendingXml.getAndSet(null);
        if (xml == null) return;
        try {
            Cib cib = CibXmlReader.read(xml, "the CIB");
            Instant now = clock.instant();
            ClusterSnapshot s = ClusterSnapshot.of(cib, now);
            if (s.complete()) {
                countMoves(s);
                ledger.record(now, s.availabilityStates());
            }
            Map<String, ClusterSnapshot.ResourceInfo> byId = new HashMap<>();
            s.resources().forEach(r -> byId.put(r.id(), r));
            Map<String, Map<String, AvailabilityLedger.Figure>> figures = figures(now);
            Map<String, Moves> moves = Map.copyOf(moveCounts);
            views.updateAndGet(v -> new View(s, byId, v.leadership(), v.connection(), v.membership(), figures, moves));
            registerFencingSeries(s);
        } catch (CibFormatException | RuntimeException e) {
            log.warn("metrics: cannot read the CIB: {}", e.toString());
        }
    }

    private void refreshAvailability() {
        try {
            Instant now = clock.instant();
            if (ledger.linesWritten() > COMPACT_AFTER_LINES) ledger.compact(now);
            Map<String, Map<String, AvailabilityLedger.Figure>> figures = figures(now);
            // unchanged figures (no downtime in any window, the usual case) keep the view and its written text
            views.updateAndGet(v -> figures.equals(v.availability())
                    ? v
                    : new View(
                            v.snapshot(),
                            v.byId(),
                            v.leadership(),
                            v.connection(),
                            v.membership(),
                            figures,
                            v.moves()));
        } catch (RuntimeException e) {
            log.warn("metrics: cannot refresh availability: {}", e.toString());
        }
    }

    private Map<String, Map<String, AvailabilityLedger.Figure>> figures(Instant now) {
        Map<String, Map<String, AvailabilityLedger.Figure>> out = new LinkedHashMap<>();
        for (String rsc : ledger.resources()) {
            Map<String, AvailabilityLedger.Figure> byWindow = new LinkedHashMap<>();
            for (AvailabilityLedger.Window w : AvailabilityLedger.WINDOWS)
                byWindow.put(w.label(), ledger.figure(rsc, w, now));
            out.put(rsc, byWindow);
        }
        return out;
    }

    private void countMoves(ClusterSnapshot s) {
        Set<String> online = new HashSet<>();
        s.nodes().forEach(n -> {
            if (n.state().equals("online")) online.add(n.name());
        });
        for (ClusterSnapshot.ResourceInfo r : s.resources()) {
            Set<String> failed = failedOn.computeIfAbsent(r.id(), k -> new HashSet<>());
            if (r.failed()) failed.addAll(r.roles().keySet());
            if (r.roles().size() != 1) continue; // stopped, or a clone instance in flux: nothing to compare
            String now = r.roles().keySet().iterator().next();
            String before = lastNode.put(r.id(), now);
            if (before == null || before.equals(now)) continue;
            boolean failover = !online.contains(before) || failed.contains(before);
            moveCounts.merge(
                    r.id(),
                    failover ? new Moves(1, 0) : new Moves(0, 1),
                    (a, b) -> new Moves(a.failovers() + b.failovers(), a.moves() + b.moves()));
            failed.clear();
        }
    }

    /** Every configured node has its fencing series, even before an attempt. */
    private void registerFencingSeries(ClusterSnapshot s) {
        for (ClusterSnapshot.NodeInfo n : s.nodes()) {
            if (fencingSeries.add(n.name())) {
                fencing(n.name(), "success");
                fencing(n.name(), "failure");
            }
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
