package io.hapc.daemon.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-node and per-resource series (tens of thousands at a few thousand resources), made
 * straight from the current {@link ClusterMetrics.View} instead of one Micrometer meter each: what
 * is configured is exactly what is exported (a stopped resource at 0, a deleted one gone), nothing
 * to register or remove. They change only when the view does (a new CIB, the DC, the link, an
 * availability figure), so their text is written once per view and served as is to every scrape
 * until then (MetricsBenchmark: docs/METRICS.md).
 */
final class ClusterStateCollector implements MultiCollector {
    /** Only the written text is kept (the snapshots are several times its size). */
    private record Cached(ClusterMetrics.View view, byte[][] text) {}

    private final Supplier<ClusterMetrics.View> views;
    private volatile Cached cached;

    ClusterStateCollector(Supplier<ClusterMetrics.View> views) {
        this.views = views;
    }

    @Override
    public MetricSnapshots collect() {
        return make(views.get());
    }

    private Cached current() {
        ClusterMetrics.View v = views.get();
        Cached c = cached;
        if (c != null && c.view() == v) return c;
        c = new Cached(v, new byte[2][]);
        cached = c;
        return c;
    }

    /** The series as Prometheus text (or OpenMetrics, ending in `# EOF`), written once per view. */
    byte[] text(boolean openMetrics) throws IOException {
        Cached c = current();
        int i = openMetrics ? 1 : 0;
        byte[] t = c.text()[i];
        if (t == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            ExpositionFormatWriter w =
                    openMetrics ? OpenMetricsTextFormatWriter.create() : PrometheusTextFormatWriter.create();
            w.write(out, make(c.view()), EscapingScheme.UNDERSCORE_ESCAPING);
            t = out.toByteArray();
            c.text()[i] = t; // a race writes the same bytes twice: harmless
        }
        return t;
    }

    private static MetricSnapshots make(ClusterMetrics.View v) {
        ClusterSnapshot s = v.snapshot();
        String dc = v.leadership().map(l -> l.dc()).orElse("");
        GaugeSnapshot.Builder nodeState = GaugeSnapshot.builder()
                .name("hapc_node_state")
                .help("1 for the node's state, 0 for the others (standby: 1 when in standby, whatever its state)");
        GaugeSnapshot.Builder dcs =
                GaugeSnapshot.builder().name("hapc_dc").help("1 for the node that is DC, 0 for the others");
        for (ClusterSnapshot.NodeInfo n : s.nodes()) {
            for (String state : ClusterMetrics.NODE_STATES) {
                boolean on = state.equals("standby") ? n.standby() : n.state().equals(state);
                nodeState.dataPoint(point(on ? 1 : 0, Labels.of("node", n.name(), "state", state)));
            }
            dcs.dataPoint(point(n.name().equals(dc) ? 1 : 0, Labels.of("node", n.name())));
        }
        GaugeSnapshot.Builder role = GaugeSnapshot.builder()
                .name("hapc_resource_role")
                .help("1 when the resource is active on the node in the role, else 0");
        GaugeSnapshot.Builder failcount = GaugeSnapshot.builder()
                .name("hapc_resource_failcount")
                .help("the resource's fail count on the node (1000000 stands for INFINITY)");
        GaugeSnapshot.Builder failed = GaugeSnapshot.builder()
                .name("hapc_resource_failed")
                .help("1 when the resource is failed on some node, else 0");
        GaugeSnapshot.Builder active = GaugeSnapshot.builder()
                .name("hapc_resource_active")
                .help("1 when the resource runs on an online node and has not failed, else 0");
        CounterSnapshot.Builder moves = CounterSnapshot.builder()
                .name("hapc_resource_moves")
                .help(
                        "starts of a resource on another node than where it last ran: failover (that node was lost or the resource "
                                + "failed there) or move (admin, standby, stickiness)");
        for (ClusterSnapshot.ResourceInfo r : s.resources()) {
            for (ClusterSnapshot.NodeInfo n : s.nodes()) {
                String here = r.roles().get(n.name());
                for (String ro : ClusterSnapshot.rolesOf(r)) {
                    role.dataPoint(point(
                            ro.equals(here) ? 1 : 0, Labels.of("node", n.name(), "resource", r.id(), "role", ro)));
                }
                failcount.dataPoint(point(
                        r.failCounts().getOrDefault(n.name(), 0), Labels.of("node", n.name(), "resource", r.id())));
            }
            Labels rl = Labels.of("resource", r.id());
            failed.dataPoint(point(r.failed() ? 1 : 0, rl));
            active.dataPoint(point(r.up() ? 1 : 0, rl));
            ClusterMetrics.Moves m = v.moves().getOrDefault(r.id(), ClusterMetrics.Moves.NONE);
            moves.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .value(m.failovers())
                    .labels(Labels.of("reason", "failover", "resource", r.id()))
                    .build());
            moves.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .value(m.moves())
                    .labels(Labels.of("reason", "move", "resource", r.id()))
                    .build());
        }
        GaugeSnapshot.Builder downtime = GaugeSnapshot.builder()
                .name("hapc_resource_downtime_seconds")
                .unit(Unit.SECONDS)
                .help("seconds the resource should have run and did not, over the window (measured by this node)");
        GaugeSnapshot.Builder ratio = GaugeSnapshot.builder()
                .name("hapc_resource_availability_ratio")
                .help("the share of the window the resource ran (0-1; NaN if not watched)");
        for (Map.Entry<String, Map<String, AvailabilityLedger.Figure>> e :
                v.availability().entrySet()) {
            for (AvailabilityLedger.Figure f : e.getValue().values()) {
                Labels l = Labels.of("resource", e.getKey(), "window", f.window());
                downtime.dataPoint(point(f.downtimeSeconds(), l));
                ratio.dataPoint(point(f.ratio(), l));
            }
        }
        return new MetricSnapshots(List.of(
                nodeState.build(),
                dcs.build(),
                role.build(),
                failcount.build(),
                failed.build(),
                active.build(),
                moves.build(),
                downtime.build(),
                ratio.build()));
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(double value, Labels labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .value(value)
                .labels(labels)
                .build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(
                "hapc_node_state",
                "hapc_dc",
                "hapc_resource_role",
                "hapc_resource_failcount",
                "hapc_resource_failed",
                "hapc_resource_active",
                "hapc_resource_moves",
                "hapc_resource_downtime_seconds",
                "hapc_resource_availability_ratio");
    }
}
