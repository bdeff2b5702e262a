package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** failures.drl */
class FailuresRulesTest {
    @Test
    void belowMigrationThresholdTheResourceRecoversInPlace() {
        assertEquals(
                List.of("Recover A (n1)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .monitorFailed("A", "n1", 1)
                        .rscDefault("migration-threshold=3")
                        .transientAttribute("n1", "fail-count-A#monitor_10000", "1")
                        .summary());
    }

    @Test
    void migrationThresholdReachedBansTheNode() {
        assertEquals(
                List.of("Recover A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .monitorFailed("A", "n1", 1)
                        .rscDefault("migration-threshold=3")
                        .transientAttribute("n1", "fail-count-A#monitor_10000", "3")
                        .summary());
    }

    @Test
    void failureTimeoutForgetsOldFailures() {
        Scenario s = Scenario.nodes("n1", "n2")
                .dummy("A")
                .runs("A", "n1")
                .rscDefault("migration-threshold=1")
                .rscDefault("failure-timeout=60s")
                .transientAttribute("n1", "fail-count-A#monitor_10000", "1")
                .transientAttribute("n1", "last-failure-A#monitor_10000", "1780300800");
        assertEquals(List.of("Move A (n1 -> n2)"), s.at("2026-06-01T08:00:01Z").summary()); // 1 s after the failure
        assertEquals(List.of(), s.at("2026-06-01T12:00:00Z").summary()); // hours later: forgotten
    }

    @Test
    void aFailedStartIsFatalForThatNodeThroughItsFailCount() {
        // The DC records a failed start as fail-count INFINITY (start-failure-is-fatal): the node is banned.
        assertEquals(
                List.of("Recover A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .startFailed("A", "n1")
                        .transientAttribute("n1", "fail-count-A#start_0", "INFINITY")
                        .summary());
        // Without that fail count the scheduler retries in place, as Pacemaker's does (clone-interleave-3).
        assertEquals(
                List.of("Recover A (n1)"),
                Scenario.nodes("n1", "n2").dummy("A").startFailed("A", "n1").summary());
    }

    @Test
    void notInstalledRecordedWithAnErrorStatusBansTheNode() {
        // rc 5 with op-status 4 (error), as the corpus' promoted-demote records it: still "not installed".
        assertEquals(
                List.of("Recover A (n1 -> n2)"),
                Scenario.nodes("n1", "n2")
                        .dummy("A")
                        .monitorFailed("A", "n1", 5)
                        .summary());
    }

    @Test
    void onFailStopKeepsTheResourceStopped() {
        Scenario s = Scenario.nodes("n1", "n2")
                .resource(
                        "<primitive id=\"A\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
                                + "<operations><op id=\"A-mon\" name=\"monitor\" interval=\"10s\" on-fail=\"stop\"/></operations></primitive>")
                .monitorFailed("A", "n1", 1);
        assertEquals(List.of("Stop A (n1) due to node availability"), s.summary());
    }
}
