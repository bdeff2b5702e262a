package io.hapc.daemon.metrics;

import io.hapc.transport.Leadership;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The read-only status page: nodes, DC and quorum, resources and where they run, failed actions,
 * availability. Plain HTML that reloads itself every few seconds (a meta refresh: no script).
 */
final class StatusPage {
    static final int REFRESH_SECONDS = 5;

    private StatusPage() {}

    static String render(ClusterMetrics.View v, String localNode, Instant now) {
        StringBuilder b = new StringBuilder(8192);
        String cluster = v.snapshot().clusterName().orElse("hapc");
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"")
                .append(REFRESH_SECONDS)
                .append("\">")
                .append("<title>")
                .append(esc(cluster))
                .append(" - hapc status</title>\n<style>")
                .append(
                        "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin-bottom:1.2em}")
                .append("th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}th{background:#eee}")
                .append(".ok{background:#d8f5d8}.bad{background:#f8d0d0}.warn{background:#fff2c0}.muted{color:#777}")
                .append("</style></head><body>\n");
        b.append("<h1>Cluster ").append(esc(cluster)).append("</h1>\n");
        String dc = v.leadership().map(Leadership::dc).orElse("NONE");
        b.append("<p id=\"summary\">Current DC: <b id=\"dc\">")
                .append(esc(dc))
                .append("</b> - partition ")
                .append(
                        v.quorate()
                                ? "<span class=\"ok\" id=\"quorum\">with quorum</span>"
                                : "<span class=\"bad\" id=\"quorum\">WITHOUT quorum</span>")
                .append(" - CIB epoch ")
                .append(v.snapshot().epoch())
                .append(" - seen from ")
                .append(esc(localNode))
                .append(" (link ")
                .append(v.connection().name().toLowerCase(java.util.Locale.ROOT))
                .append(") - updated ")
                .append(now.truncatedTo(ChronoUnit.SECONDS))
                .append("</p>\n");

        b.append(
                "<h2>Nodes</h2>\n<table id=\"nodes\"><tr><th>Node</th><th>State</th><th>Standby</th><th>DC</th></tr>\n");
        for (ClusterSnapshot.NodeInfo n : v.snapshot().nodes()) {
            String cls = n.state().equals("online") ? "ok" : n.state().equals("pending") ? "warn" : "bad";
            b.append("<tr><td>")
                    .append(esc(n.name()))
                    .append("</td><td class=\"")
                    .append(cls)
                    .append("\">")
                    .append(n.state())
                    .append("</td><td>")
                    .append(n.standby() ? "standby" : "")
                    .append("</td><td>")
                    .append(n.name().equals(dc) ? "DC" : "")
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");

        b.append(
                "<h2>Resources</h2>\n<table id=\"resources\"><tr><th>Resource</th><th>Agent</th><th>Role</th><th>Where</th></tr>\n");
        if (v.snapshot().resources().isEmpty())
            b.append("<tr><td colspan=\"4\" class=\"muted\">No resources</td></tr>\n");
        for (ClusterSnapshot.ResourceInfo r : v.snapshot().resources()) {
            String role = r.roles().isEmpty()
                    ? (r.expected() ? "Stopped" : "Stopped (disabled)")
                    : r.failed()
                            ? "FAILED"
                            : String.join(
                                    ", ",
                                    r.roles().values().stream()
                                            .distinct()
                                            .map(StatusPage::cap)
                                            .toList());
            String cls = r.failed() ? "bad" : r.roles().isEmpty() ? (r.expected() ? "bad" : "muted") : "ok";
            b.append("<tr><td>")
                    .append(esc(r.id()))
                    .append("</td><td>")
                    .append(esc(r.agent()))
                    .append("</td><td class=\"")
                    .append(cls)
                    .append("\">")
                    .append(role)
                    .append("</td><td>")
                    .append(esc(String.join(", ", r.roles().keySet())))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");

        b.append("<h2>Failed resource actions</h2>\n");
        List<String> failed = v.snapshot().failedActions();
        if (failed.isEmpty()) {
            b.append("<p id=\"failed\" class=\"muted\">None</p>\n");
        } else {
            b.append("<ul id=\"failed\">\n");
            failed.forEach(f -> b.append("<li>").append(esc(f)).append("</li>\n"));
            b.append("</ul>\n");
        }

        b.append("<h2>Availability</h2>\n<p class=\"muted\">Measured by ")
                .append(esc(localNode))
                .append(" from the CIBs it received; downtime per year at the 30-day rate.</p>\n")
                .append(
                        "<table id=\"availability\"><tr><th>Resource</th><th>1 h</th><th>24 h</th><th>30 d</th><th>Nines (30 d)</th>")
                .append("<th>Downtime per year</th></tr>\n");
        for (Map.Entry<String, Map<String, AvailabilityLedger.Figure>> e :
                v.availability().entrySet()) {
            b.append("<tr><td>").append(esc(e.getKey())).append("</td>");
            for (String w : List.of("1h", "24h", "30d")) {
                AvailabilityLedger.Figure f = e.getValue().get(w);
                Nines n = new Nines(f == null ? Double.NaN : f.ratio());
                b.append("<td>")
                        .append(n.percent())
                        .append(
                                f != null && f.downtimeSeconds() > 0
                                        ? " <span class=\"muted\">("
                                                + Nines.human(java.time.Duration.ofMillis(
                                                        Math.round(f.downtimeSeconds() * 1000)))
                                                + " down)</span>"
                                        : "")
                        .append("</td>");
            }
            AvailabilityLedger.Figure month = e.getValue().get("30d");
            Nines n = new Nines(month == null ? Double.NaN : month.ratio());
            b.append("<td>")
                    .append(n.ninesText())
                    .append("</td><td>")
                    .append(n.downtimePerYearText())
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<p class=\"muted\">Read-only; reloads every ")
                .append(REFRESH_SECONDS)
                .append(" s. Metrics: <a href=\"/metrics\">/metrics</a>.</p>\n</body></html>\n");
        return b.toString();
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
