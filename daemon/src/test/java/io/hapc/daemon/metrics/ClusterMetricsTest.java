package io.hapc.daemon.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.daemon.dc.DcEvent;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import io.hapc.transport.Membership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterMetricsTest {
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC);
    private final ClusterMetrics metrics =
            new ClusterMetrics("n1", "zookeeper", clock, AvailabilityLedger.inMemory(), thread);

    @AfterEach
    void stop() {
        thread.shutdownNow();
        metrics.close();
    }

    private String scrape() throws Exception {
        thread.submit(() -> {}).get(10, TimeUnit.SECONDS); // what was queued has been read
        return metrics.scrape();
    }

    private static double value(String scrape, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        if (!m.find()) throw new AssertionError("no series " + series + " in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void stateSeriesAreZeroOrOneForEveryStateAndDoNotVanishWhenAResourceStops() throws Exception {
        metrics.connectionChanged(ConnectionState.CONNECTED);
        metrics.membershipChanged(new Membership(1, Set.of("n1", "n2")));
        metrics.leadershipChanged(Optional.of(new Leadership("n1", 1)));
        metrics.cibChanged(TestCibs.cib(5, List.of("n1", "n2"), "n1", "n2", true, false));
        String s = scrape();
        assertEquals(1, value(s, "hapc_quorate"));
        assertEquals(5, value(s, "hapc_cib_epoch"));
        assertEquals(1, value(s, "hapc_dc{node=\"n1\"}"));
        assertEquals(0, value(s, "hapc_dc{node=\"n2\"}"));
        assertEquals(1, value(s, "hapc_node_state{node=\"n2\",state=\"online\"}"));
        assertEquals(0, value(s, "hapc_node_state{node=\"n2\",state=\"offline\"}"));
        assertEquals(1, value(s, "hapc_resource_role{node=\"n1\",resource=\"A\",role=\"started\"}"));
        assertEquals(0, value(s, "hapc_resource_role{node=\"n2\",resource=\"A\",role=\"started\"}"));
        assertEquals(1, value(s, "hapc_resource_failed{resource=\"B\"}"));
        assertEquals(1, value(s, "hapc_resource_failcount{node=\"n2\",resource=\"B\"}"));
        assertEquals(0, value(s, "hapc_fencing_attempts_total{node=\"n2\",result=\"failure\"}"));
        assertEquals(1, value(s, "hapc_transport_connection_state{state=\"connected\"}"));
        assertEquals(1, value(s, "hapc_build_info{node=\"n1\",transport=\"zookeeper\",version=\"dev\"}"));

        // A stops: its series stay, at 0
        metrics.cibChanged(TestCibs.cib(6, List.of("n1", "n2"), null, "n2", false, false));
        s = scrape();
        assertEquals(0, value(s, "hapc_resource_role{node=\"n1\",resource=\"A\",role=\"started\"}"));
        assertEquals(0, value(s, "hapc_resource_active{resource=\"A\"}"));
        assertEquals(0, value(s, "hapc_resource_failed{resource=\"B\"}"));
    }

    @Test
    void aStartElsewhereAfterItsNodeWasLostIsAFailoverAndTheEngineAndTransitionsAreTimedInMsBuckets() throws Exception {
        metrics.cibChanged(TestCibs.cib(5, List.of("n1", "n2"), "n1", "n2", false, false));
        scrape();
        metrics.cibChanged(TestCibs.cib(5, List.of("n2"), null, "n2", false, false));
        scrape();
        metrics.cibChanged(TestCibs.cib(5, List.of("n2"), "n2", "n2", false, false));
        metrics.decided(new DcEvent.Decided(Duration.ofMillis(30)));
        metrics.transitionStarted(new DcEvent.TransitionStarted(7, Duration.ofMillis(30), List.of("Start R")));
        metrics.transitionEnded(new DcEvent.TransitionEnded(7, Optional.empty()));
        metrics.fencingEnded(new DcEvent.FencingEnded("n1", true, "reboot", "fence-n1"));
        String s = scrape();
        assertEquals(1, value(s, "hapc_resource_moves_total{reason=\"failover\",resource=\"A\"}"));
        assertEquals(0, value(s, "hapc_resource_moves_total{reason=\"move\",resource=\"A\"}"));
        assertEquals(1, value(s, "hapc_policy_engine_decision_seconds_bucket{le=\"0.05\"}"));
        assertEquals(0, value(s, "hapc_policy_engine_decision_seconds_bucket{le=\"0.025\"}"));
        assertEquals(1, value(s, "hapc_transitions_total{result=\"complete\"}"));
        assertEquals(1, value(s, "hapc_fencing_attempts_total{node=\"n1\",result=\"success\"}"));
        assertEquals(0, value(s, "hapc_node_state{node=\"n1\",state=\"online\"}"));
        assertEquals(1, value(s, "hapc_node_state{node=\"n1\",state=\"offline\"}"));
    }

    @Test
    void aResourceOnlyOnALostNodeIsNotUp() throws Exception {
        metrics.cibChanged(TestCibs.cib(5, List.of("n1", "n2"), "n1", "n2", false, false));
        assertEquals(1, value(scrape(), "hapc_resource_active{resource=\"A\"}"));
        // n1 lost (not a member, still expected): its history stays in the CIB until it is fenced
        metrics.cibChanged(TestCibs.cib(5, List.of("n2"), "n1", "n2", false, false)
                .replace(
                        "<node_state id=\"n1\" uname=\"n1\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"down\">",
                        "<node_state id=\"n1\" uname=\"n1\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"member\">")
                .replace(
                        "<lrm id=\"n1\"><lrm_resources>",
                        "<lrm id=\"n1\"><lrm_resources><lrm_resource id=\"A\" class=\"ocf\" "
                                + "provider=\"heartbeat\" type=\"Dummy\"><lrm_rsc_op id=\"A_last_0\" operation=\"start\" call-id=\"3\" "
                                + "rc-code=\"0\" op-status=\"0\" interval=\"0\" last-rc-change=\"1700000000\"/></lrm_resource>")
                .replace("name=\"stonith-enabled\" value=\"false\"", "name=\"stonith-enabled\" value=\"true\""));
        String s = scrape();
        assertEquals(1, value(s, "hapc_node_state{node=\"n1\",state=\"unclean\"}"), s);
        assertEquals(
                1,
                value(s, "hapc_resource_role{node=\"n1\",resource=\"A\",role=\"started\"}"),
                "shown where the CIB says");
        assertEquals(0, value(s, "hapc_resource_active{resource=\"A\"}"), "but not up: nobody knows it runs");
    }

    @Test
    void aResourceNoLongerConfiguredLosesItsSeries() throws Exception {
        metrics.cibChanged(TestCibs.cib(5, List.of("n1", "n2"), "n1", "n2", false, false));
        assertTrue(scrape().contains("resource=\"B\""));
        metrics.cibChanged(TestCibs.cib(6, List.of("n1", "n2"), "n1", null, false, false)
                .replaceAll("<primitive id=\"B\".*?</primitive>", ""));
        String s = scrape();
        assertFalse(s.contains("hapc_resource_role{node=\"n1\",resource=\"B\""), s);
        assertTrue(s.contains("resource=\"A\""));
    }

    @Test
    void promtoolFindsNothingToLintInTheScrape() throws Exception {
        java.nio.file.Path promtool = java.nio.file.Path.of("/usr/bin/promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(promtool), "needs Debian's prometheus (promtool)");
        metrics.leadershipChanged(Optional.of(new Leadership("n1", 1)));
        metrics.cibChanged(TestCibs.cib(5, List.of("n1", "n2"), "n1", "n2", true, false));
        metrics.decided(new DcEvent.Decided(Duration.ofMillis(3)));
        String s = scrape();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
    }

    @Test
    void openMetricsIsOneExpositionEndingInASingleEof() throws Exception {
        metrics.cibChanged(TestCibs.cib(5, List.of("n1", "n2"), "n1", "n2", false, false));
        scrape();
        String om = metrics.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(om.endsWith("# EOF\n"), om);
        assertEquals(om.indexOf("# EOF"), om.lastIndexOf("# EOF"), om);
        assertTrue(om.contains("hapc_resource_moves_total{reason=\"failover\",resource=\"A\"} 0"), om);
        assertTrue(om.contains("hapc_transitions_total{result=\"complete\"} 0"), om);
    }

    @Test
    void eachLinkOfATransportWithLinksHasASeriesPerState() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.util.Map<String, String>> links =
                new java.util.concurrent.atomic.AtomicReference<>(java.util.Map.of("ring0", "up", "ring1", "down"));
        metrics.watchLinks(List.of("unknown", "up", "late", "down"), links::get);
        String s = scrape();
        assertEquals(1, value(s, "hapc_transport_link_state{link=\"ring0\",state=\"up\"}"));
        assertEquals(0, value(s, "hapc_transport_link_state{link=\"ring0\",state=\"down\"}"));
        assertEquals(1, value(s, "hapc_transport_link_state{link=\"ring1\",state=\"down\"}"));
        links.set(java.util.Map.of("ring0", "late", "ring1", "up"));
        s = scrape();
        assertEquals(1, value(s, "hapc_transport_link_state{link=\"ring0\",state=\"late\"}"));
        assertEquals(0, value(s, "hapc_transport_link_state{link=\"ring1\",state=\"down\"}"));
    }
}
