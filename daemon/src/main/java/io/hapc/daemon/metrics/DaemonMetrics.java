package io.hapc.daemon.metrics;

import io.hapc.daemon.DaemonObserver;
import io.hapc.daemon.config.DaemonConfig;
import io.hapc.transport.ClusterTransport;
import io.hapc.transport.heartbeat.cluster.HeartbeatTransport;
import io.hapc.transport.heartbeat.liveness.LinkState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hapcd's metrics as its settings ask: off with metrics.port=0; else measured, and served on
 * metrics.address:metrics.port. A port that cannot be bound is logged and the node runs on without
 * the endpoint: metrics never keep a node from running its resources.
 */
public final class DaemonMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DaemonMetrics.class);

    private final Optional<ClusterMetrics> metrics;
    private final Optional<MetricsServer> server;
    private final Optional<ScheduledExecutorService> thread;

    private DaemonMetrics(
            Optional<ClusterMetrics> metrics,
            Optional<MetricsServer> server,
            Optional<ScheduledExecutorService> thread) {
        this.metrics = metrics;
        this.server = server;
        this.thread = thread;
    }

    public static DaemonMetrics start(DaemonConfig config, String transport, Clock clock) throws IOException {
        DaemonConfig.MetricsEndpoint endpoint = config.metrics();
        if (!endpoint.enabled()) return new DaemonMetrics(Optional.empty(), Optional.empty(), Optional.empty());
        ScheduledExecutorService thread = new io.hapc.daemon.LoggingScheduler("hapcd-metrics", 1);
        ClusterMetrics metrics = ClusterMetrics.start(
                config.nodeName(),
                transport,
                clock,
                Optional.of(config.stateDir().resolve("availability.log")),
                thread);
        Optional<MetricsServer> server;
        try {
            server = Optional.of(
                    MetricsServer.start(new InetSocketAddress(endpoint.address(), endpoint.port()), metrics));
        } catch (IOException e) {
            log.error(
                    "cannot serve metrics on {}:{} ({}): set {}= to a free port in hapcd.conf, or 0 for none; running without them",
                    endpoint.address(),
                    endpoint.port(),
                    e.toString(),
                    DaemonConfig.METRICS_PORT);
            server = Optional.empty();
        }
        return new DaemonMetrics(Optional.of(metrics), server, Optional.of(thread));
    }

    /** What the transport tells of its own links (the heartbeat transport's rings), as series. */
    public void watch(ClusterTransport transport) {
        if (metrics.isEmpty() || !(transport instanceof HeartbeatTransport h)) return;
        List<String> states = Arrays.stream(LinkState.values())
                .map(s -> s.name().toLowerCase(Locale.ROOT))
                .toList();
        metrics.get()
                .watchLinks(
                        states,
                        () -> h.peerStatus()
                                .map(s -> {
                                    Map<String, String> out = new LinkedHashMap<>();
                                    s.links()
                                            .forEach((link, st) -> out.put(
                                                    link, st.state().name().toLowerCase(Locale.ROOT)));
                                    return out;
                                })
                                .orElse(Map.of()));
    }

    public DaemonObserver observer() {
        return metrics.<DaemonObserver>map(m -> m).orElse(DaemonObserver.NONE);
    }

    @Override
    public void close() {
        server.ifPresent(MetricsServer::close);
        metrics.ifPresent(ClusterMetrics::close);
        thread.ifPresent(ScheduledExecutorService::shutdownNow);
    }
}
