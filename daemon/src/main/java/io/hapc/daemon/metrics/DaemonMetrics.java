package io.hapc.daemon.metrics;

import io.hapc.daemon.DaemonObserver;
import io.hapc.daemon.config.DaemonConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
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

    private DaemonMetrics(Optional<ClusterMetrics> metrics, Optional<MetricsServer> server, Optional<ScheduledExecutorService> thread) {
        this.metrics = metrics;
        this.server = server;
        this.thread = thread;
    }

    public static DaemonMetrics start(DaemonConfig config, String transport, Clock clock) throws IOException {
        DaemonConfig.MetricsEndpoint endpoint = config.metrics();
        if (!endpoint.enabled()) return new DaemonMetrics(Optional.empty(), Optional.empty(), Optional.empty());
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hapcd-metrics");
            t.setDaemon(true);
            return t;
        });
        ClusterMetrics metrics = ClusterMetrics.start(config.nodeName(), transport, clock,
                Optional.of(config.stateDir().resolve("availability.log")), thread);
        Optional<MetricsServer> server;
        try {
            server = Optional.of(MetricsServer.start(new InetSocketAddress(endpoint.address(), endpoint.port()), metrics));
        } catch (IOException e) {
            log.error("cannot serve metrics on {}:{} ({}): set {}= to a free port in hapcd.conf, or 0 for none; running without them",
                    endpoint.address(), endpoint.port(), e.toString(), DaemonConfig.METRICS_PORT);
            server = Optional.empty();
        }
        return new DaemonMetrics(Optional.of(metrics), server, Optional.of(thread));
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
