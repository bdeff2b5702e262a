package io.hapc.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvailabilityReportTest {
    private static final String FROM_DAEMON = """
            {"node":"n1","resources":[
             {"resource":"Database","down":false,"1h":{"downtime_seconds":0.0,"ratio":1.0},
              "24h":{"downtime_seconds":43.2,"ratio":0.9995},"30d":{"downtime_seconds":43.2,"ratio":0.9995}},
             {"resource":"Web","down":true,"1h":{"downtime_seconds":12.0,"ratio":0.0},
              "24h":{"downtime_seconds":12.0,"ratio":0.0},"30d":{"downtime_seconds":12.0,"ratio":"NaN"}}]}
            """;

    @Test
    void eachResourceShowsItsRatesThenNinesAndDowntimePerYearAtTheMonthlyRate() throws Exception {
        String text = AvailabilityReport.text(AvailabilityReport.parse(FROM_DAEMON));
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).startsWith("Availability (measured by n1"), text);
        assertTrue(
                lines.get(2)
                        .matches(
                                "\\s+Database\\s+up\\s+100%\\s+99\\.95% \\(43 s down\\)\\s+99\\.95% \\(43 s down\\)\\s+3\\.3 nines"
                                        + "\\s+4 h 22 min per year"),
                lines.get(2));
        assertTrue(lines.get(3).matches("\\s+Web\\s+DOWN\\s+0% \\(12 s down\\).*not measured.*-\\s+-"), lines.get(3));
    }

    @Test
    void jsonCarriesTheFiguresAndTheNines() throws Exception {
        Map<String, Object> json = AvailabilityReport.json(AvailabilityReport.parse(FROM_DAEMON));
        @SuppressWarnings("unchecked")
        Map<String, Object> db = ((List<Map<String, Object>>) json.get("resources")).get(0);
        assertEquals(3.3, (Double) db.get("nines"), 0.01);
        assertEquals(15778L, db.get("downtime_per_year_seconds"));
    }
}
