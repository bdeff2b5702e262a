package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics with the real things: three real hapcd processes, Debian's promtool checking each
 * /metrics and the shipped config and rules, a real Prometheus scraping the nodes with the shipped
 * config, every dashboard query and alert expression answered from it, an alert firing when a node
 * is killed, and the status page loaded in headless Chromium.
 */
class MetricsIT {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path GRAFANA = LocalCluster.ROOT.resolve("grafana");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LocalCluster cluster;
    private Process prometheus;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void needs() {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_dummy")), "needs fence-agents");
        assumeTrue(
                Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
                "needs Debian's prometheus (apt-get install prometheus)");
    }

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) prometheus.destroyForcibly();
        }
        if (cluster != null) {
            List<String> v = cluster.violations();
            cluster.close();
            assertEquals(List.of(), v, "a resource was active on two nodes at once");
        }
    }

    @Test
    void prometheusScrapesEveryNodeEveryPanelAndAlertHasDataAndKillingANodeFiresTheNodeLostAlert() throws Exception {
        LocalCluster c =
                cluster = new LocalCluster(Files.createDirectories(dir.resolve("cluster")), 3, 2000, List.of());
        for (String n : c.names()) {
            c.ok(
                    "n1",
                    "stonith",
                    "create",
                    "fence-" + n,
                    "fence_dummy",
                    "status_file=" + dir.resolve("power-" + n),
                    "pcmk_host_list=" + n);
        }
        String dc = c.dc().orElseThrow();
        // R runs on a node that is not the DC: that node is killed at the end, and R fails over
        String victim =
                c.names().stream().filter(n -> !n.equals(dc)).findFirst().orElseThrow();
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s", "--disabled");
        c.ok("n1", "constraint", "location", "R", "prefers", victim + "=100");
        c.ok("n1", "resource", "enable", "R");
        c.await("R running on " + victim, WAIT, () -> c.runningOn("R").equals(List.of(victim)));

        // promtool check metrics on each node's /metrics, once R runs and every node has seen it
        for (String n : c.names()) {
            String url = c.node(n).metricsUrl();
            c.await(
                    n + " reports R running",
                    WAIT,
                    () -> get(url).contains("hapc_resource_active{resource=\"R\"} 1.0"));
            String text = get(url);
            Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            check.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            check.getOutputStream().close();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), "promtool check metrics on " + n + ":\n" + said);
            assertTrue(text.contains("hapc_dc{node=\"" + dc + "\"} 1.0"), text);
        }

        // the shipped config and rules, checked by promtool as shipped
        promtool("check", "config", GRAFANA.resolve("prometheus/prometheus.yml").toString());
        promtool(
                "check",
                "rules",
                GRAFANA.resolve("prometheus/rules/hapc-alerts.yml").toString());

        // a real Prometheus with the shipped config, scraping each second instead of each 15 s
        Path prom = dir.resolve("prometheus");
        Files.createDirectories(prom.resolve("targets"));
        Files.createDirectories(prom.resolve("rules"));
        Files.writeString(
                prom.resolve("prometheus.yml"),
                Files.readString(GRAFANA.resolve("prometheus/prometheus.yml"))
                        .replace("scrape_interval: 15s", "scrape_interval: 1s")
                        .replace("evaluation_interval: 15s", "evaluation_interval: 1s")
                        .replace("refresh_interval: 30s", "refresh_interval: 1s"));
        Files.copy(GRAFANA.resolve("prometheus/rules/hapc-alerts.yml"), prom.resolve("rules/hapc-alerts.yml"));
        List<Map<String, Object>> targets = new ArrayList<>();
        for (String n : c.names()) {
            targets.add(
                    Map.of("targets", List.of("127.0.0.1:" + c.node(n).metricsPort), "labels", Map.of("hapc_node", n)));
        }
        Files.writeString(prom.resolve("targets/it.json"), JSON.writeValueAsString(targets));
        int port = io.hapc.cli.sandbox.LoopbackPorts.free();
        String api = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + prom.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + prom.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(prom.resolve("prometheus.log").toFile())
                .start();
        c.await("Prometheus scraping all 3 nodes", WAIT, () -> scalar(api, "count(up{job=\"hapc\"} == 1)") == 3);
        Thread.sleep(5000); // rate() and increase() need a few samples

        Map<String, String> missing = new LinkedHashMap<>();
        List<String> dashboards;
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json"))
                    .sorted()
                    .map(Path::toString)
                    .toList();
        }
        assertEquals(
                3, dashboards.size(), "cluster overview, resource availability, engine and transport: " + dashboards);
        int queries = 0;
        for (String file : dashboards) {
            for (JsonNode panel : JSON.readTree(Path.of(file).toFile()).path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    queries++;
                    if (query(api, expr).isEmpty())
                        missing.put(
                                Path.of(file).getFileName() + " / "
                                        + panel.path("title").asText(),
                                expr);
                }
            }
        }
        // the rules Prometheus loaded: each alert's expression without its threshold has data now
        JsonNode groups = getJson(api + "/api/v1/rules").path("data").path("groups");
        List<String> alerts = new ArrayList<>();
        for (JsonNode g : groups) {
            for (JsonNode rule : g.path("rules")) {
                alerts.add(rule.path("name").asText());
                String expr = rule.path("query").asText().replaceAll("\\s*(==|!=|>=|<=|>|<)\\s*[0-9.]+\\s*$", "");
                queries++;
                if (query(api, expr).isEmpty())
                    missing.put("alert " + rule.path("name").asText(), expr);
            }
        }
        assertTrue(
                alerts.containsAll(List.of(
                        "HapcNodeLost",
                        "HapcResourceFailed",
                        "HapcNoQuorum",
                        "HapcFencingFailed",
                        "HapcAvailabilityBelowTarget")),
                alerts.toString());
        assertEquals(Map.of(), missing, "queries without data (of " + queries + ")");

        // hapc status --availability through the real CLI
        String availability = c.ok(dc, "status", "--availability");
        assertTrue(availability.lines().anyMatch(l -> l.matches("\\s+R\\s+up\\s+.*")), availability);

        // the status page, as text and in a real browser
        statusPage(c, dc);

        // kill -9 the node that runs R (not the DC): the others report it lost, the alert fires, R fails over
        long killedAt = System.nanoTime();
        c.kill9(victim);
        c.await("HapcNodeLost firing for " + victim, WAIT, () -> firing(api, "HapcNodeLost", victim));
        System.out.printf(
                "MetricsIT: HapcNodeLost fired %.1f s after kill -9 of %s (session 2 s, for: 10s, scrape 1 s)%n",
                (System.nanoTime() - killedAt) / 1e9, victim);
        c.await(
                "R restarted on a survivor",
                WAIT,
                () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(victim));
        String dcMetrics = c.node(dc).metricsUrl();
        c.await(
                "the DC counts R's failover",
                WAIT,
                () -> get(dcMetrics).contains("hapc_resource_moves_total{reason=\"failover\",resource=\"R\"} 1.0"));
        // the outage is measured: downtime over the last hour, a ratio below 1 (availability refreshes every 5 s)
        c.await(
                "R's downtime measured",
                WAIT,
                () -> value(get(dcMetrics), "hapc_resource_downtime_seconds{resource=\"R\",window=\"1h\"}") > 0);
        String text = get(dcMetrics);
        double down = value(text, "hapc_resource_downtime_seconds{resource=\"R\",window=\"1h\"}");
        double ratio = value(text, "hapc_resource_availability_ratio{resource=\"R\",window=\"1h\"}");
        assertTrue(ratio > 0 && ratio < 1, "ratio " + ratio);
        String after = c.ok(dc, "status", "--availability");
        assertTrue(after.lines().anyMatch(l -> l.matches("\\s+R\\s+up\\s+\\d+(\\.\\d+)?% \\(.* down\\).*")), after);
        System.out.printf(
                "MetricsIT: R failed over after kill -9 of %s: %.1f s of downtime measured by %s, 1 h ratio %.4f%n",
                victim, down, dc, ratio);

        // the figures are not the DC's memory: the last node measured the same outage, and keeps it once the DC is gone
        // too
        String last = c.names().stream()
                .filter(n -> !n.equals(dc) && !n.equals(victim))
                .findFirst()
                .orElseThrow();
        String lastMetrics = c.node(last).metricsUrl();
        c.await(
                last + " measured R's outage too",
                WAIT,
                () -> value(get(lastMetrics), "hapc_resource_downtime_seconds{resource=\"R\",window=\"1h\"}") > 0);
        double seenByLast = value(get(lastMetrics), "hapc_resource_downtime_seconds{resource=\"R\",window=\"1h\"}");
        c.kill9(dc);
        c.await(
                last + " is DC and runs R",
                WAIT,
                () -> get(lastMetrics).contains("hapc_dc{node=\"" + last + "\"} 1.0")
                        && c.runningOn("R").equals(List.of(last)));
        double afterDcChange = value(get(lastMetrics), "hapc_resource_downtime_seconds{resource=\"R\",window=\"1h\"}");
        assertTrue(
                afterDcChange >= seenByLast,
                "the new DC " + last + " still counts the outage seen before: " + afterDcChange + " >= " + seenByLast);
        System.out.printf(
                "MetricsIT: after the DC %s was killed too, the new DC %s reports %.1f s of downtime for R (%.1f s before)%n",
                dc, last, afterDcChange, seenByLast);
    }

    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " "))
                return Double.parseDouble(line.substring(series.length() + 1).strip());
        }
        return Double.NaN;
    }

    private void statusPage(LocalCluster c, String dc) throws Exception {
        String page = c.node(dc).metricsUrl().replace("/metrics", "/");
        String html = get(page);
        assertTrue(html.contains("<meta http-equiv=\"refresh\""), "refreshes itself");
        assertTrue(!html.contains("<script"), "no script");
        if (!Files.isExecutable(CHROMIUM)) {
            System.out.println("MetricsIT: no chromium (apt-get install chromium): status page checked as HTML only");
            return;
        }
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> base = List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile);
        List<String> dump = new ArrayList<>(base);
        dump.addAll(List.of("--dump-dom", page));
        String dom = run(dump, Duration.ofSeconds(60));
        for (String expected : List.of(
                "Cluster it",
                "Current DC: <b id=\"dc\">" + dc + "</b>",
                "with quorum",
                ">n1<",
                ">n2<",
                ">n3<",
                ">R<",
                "ocf:heartbeat:Dummy",
                "Availability")) {
            assertTrue(dom.contains(expected), "the page in Chromium shows " + expected + ":\n" + dom);
        }
        Path shot = LocalCluster.ROOT.resolve("cli/target/metrics-it/status-page.png");
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        List<String> screenshot = new ArrayList<>(base);
        screenshot.addAll(List.of("--window-size=1200,1000", "--screenshot=" + shot, page));
        run(screenshot, Duration.ofSeconds(60));
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the page: " + shot);
        byte[] magic = Files.readAllBytes(shot);
        assertEquals((byte) 0x89, magic[0]);
        assertEquals('P', magic[1]);
    }

    private static String run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not end within " + timeout);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + said);
    }

    private String get(String url) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private JsonNode getJson(String url) throws IOException {
        String body = get(url);
        return body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    /** The result vector of an instant query (empty if none, or if the query failed). */
    private List<JsonNode> query(String api, String expr) throws IOException {
        JsonNode r = getJson(api + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        if (!r.path("status").asText().equals("success")) throw new AssertionError("query failed: " + expr + " → " + r);
        List<JsonNode> out = new ArrayList<>();
        r.path("data").path("result").forEach(out::add);
        return out;
    }

    private double scalar(String api, String expr) {
        try {
            List<JsonNode> r = query(api, expr);
            return r.isEmpty() ? Double.NaN : r.get(0).path("value").get(1).asDouble();
        } catch (IOException | AssertionError e) {
            return Double.NaN;
        }
    }

    private boolean firing(String api, String alert, String node) {
        try {
            for (JsonNode a : getJson(api + "/api/v1/alerts").path("data").path("alerts")) {
                if (a.path("labels").path("alertname").asText().equals(alert)
                        && a.path("labels").path("node").asText().equals(node)
                        && a.path("state").asText().equals("firing")) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
