package io.hapc.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK's HTTP server serving `/metrics` (Prometheus text, or OpenMetrics when the scraper asks
 * for it), the read-only status page at `/` and the availability figures at `/availability.json`.
 * GET and HEAD only; nothing it serves changes the cluster.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String OPENMETRICS = "application/openmetrics-text";

    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Binds now (an address in use fails here, with its name); serves on one thread of its own. */
    public static MetricsServer start(InetSocketAddress address, ClusterMetrics metrics) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService threads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hapcd-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext(
                "/metrics",
                ex -> serve(ex, () -> {
                    String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept"));
                    String type = accept.contains(OPENMETRICS)
                            ? OPENMETRICS + "; version=1.0.0; charset=utf-8"
                            : "text/plain; version=0.0.4; charset=utf-8";
                    return new Body(type, metrics.scrape(type));
                }));
        server.createContext(
                "/availability.json",
                ex -> serve(
                        ex,
                        () -> new Body(
                                "application/json", metrics.availabilityJson().orElse("{}"))));
        server.createContext("/", ex -> {
            if (!ex.getRequestURI().getPath().equals("/")
                    && !ex.getRequestURI().getPath().equals("/status")) {
                try (ex) {
                    reply(
                            ex,
                            404,
                            new Body(
                                    "text/plain; charset=utf-8",
                                    "not found: this server has /, /metrics and /availability.json\n"));
                }
                return;
            }
            serve(
                    ex,
                    () -> new Body(
                            "text/html; charset=utf-8",
                            StatusPage.render(metrics.view(), metrics.node(), java.time.Instant.now())));
        });
        server.start();
        log.info(
                "metrics on http://{}:{}/metrics, status page on http://{}:{}/",
                address.getHostString(),
                server.getAddress().getPort(),
                address.getHostString(),
                server.getAddress().getPort());
        return new MetricsServer(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private record Body(String type, String text) {}

    private interface BodyMaker {
        Body make() throws IOException;
    }

    private static void serve(HttpExchange ex, BodyMaker maker) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().add("Allow", "GET, HEAD");
                reply(ex, 405, new Body("text/plain; charset=utf-8", "read-only: GET or HEAD\n"));
                return;
            }
            Body body;
            try {
                body = maker.make();
            } catch (RuntimeException e) {
                log.warn("metrics: {} failed: {}", ex.getRequestURI(), e.toString());
                reply(ex, 500, new Body("text/plain; charset=utf-8", "failed: " + e + "\n"));
                return;
            }
            reply(ex, 200, body);
        }
    }

    private static void reply(HttpExchange ex, int code, Body body) throws IOException {
        byte[] bytes = body.text().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.type());
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
