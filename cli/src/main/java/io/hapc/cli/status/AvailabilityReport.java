package io.hapc.cli.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.daemon.metrics.Nines;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `hapc status --availability`: per resource, the availability the node measured over 1 h, 24 h
 * and 30 d, and at the 30-day rate the nines and the downtime per year, as an HA guide's table
 * shows them.
 */
final class AvailabilityReport {
    static final List<String> WINDOWS = List.of("1h", "24h", "30d");

    record Row(String resource, boolean down, Map<String, Double> ratio, Map<String, Double> downtimeSeconds) {
        Nines rate() {
            return new Nines(ratio.getOrDefault("30d", Double.NaN));
        }
    }

    record Report(String node, List<Row> rows) {}

    private AvailabilityReport() {}

    static Report parse(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : root.path("resources")) {
            Map<String, Double> ratio = new LinkedHashMap<>();
            Map<String, Double> down = new LinkedHashMap<>();
            for (String w : WINDOWS) {
                JsonNode f = r.path(w);
                ratio.put(w, f.path("ratio").isNumber() ? f.path("ratio").asDouble() : Double.NaN);
                down.put(w, f.path("downtime_seconds").asDouble(0));
            }
            rows.add(new Row(r.path("resource").asText(), r.path("down").asBoolean(), ratio, down));
        }
        return new Report(root.path("node").asText(), rows);
    }

    static String text(Report report) {
        StringBuilder sb = new StringBuilder("Availability (measured by " + report.node()
                + " from the CIBs it received; nines and " + "downtime per year at the 30-day rate):\n");
        if (report.rows().isEmpty())
            return sb.append("  * No resources measured yet\n").toString();
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"Resource", "Now", "1 h", "24 h", "30 d", "Nines", "Downtime per year"});
        for (Row r : report.rows()) {
            table.add(new String[] {
                r.resource(),
                r.down() ? "DOWN" : "up",
                cell(r, "1h"),
                cell(r, "24h"),
                cell(r, "30d"),
                r.rate().ninesText(),
                r.rate().downtimePerYearText()
            });
        }
        int[] width = new int[table.get(0).length];
        for (String[] row : table) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        for (String[] row : table) {
            StringBuilder line = new StringBuilder(" ");
            for (int i = 0; i < row.length; i++)
                line.append(' ').append(String.format(Locale.ROOT, "%-" + width[i] + "s", row[i]));
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(Row r, String window) {
        Nines n = new Nines(r.ratio().get(window));
        double down = r.downtimeSeconds().get(window);
        return n.percent()
                + (down > 0 ? " (" + Nines.human(Duration.ofMillis(Math.round(down * 1000))) + " down)" : "");
    }

    /** For --output json: the figures, plus the nines and downtime per year at the 30-day rate. */
    static Map<String, Object> json(Report report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row r : report.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("resource", r.resource());
            row.put("down", r.down());
            for (String w : WINDOWS) {
                Double ratio = r.ratio().get(w);
                row.put(
                        w,
                        Map.of(
                                "ratio",
                                ratio.isNaN() ? "NaN" : ratio,
                                "downtime_seconds",
                                r.downtimeSeconds().get(w)));
            }
            double nines = r.rate().nines();
            row.put("nines", Double.isNaN(nines) || Double.isInfinite(nines) ? null : nines);
            row.put("downtime_per_year_seconds", r.rate().downtimePerYear().toSeconds());
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", report.node());
        out.put("resources", rows);
        return out;
    }
}
