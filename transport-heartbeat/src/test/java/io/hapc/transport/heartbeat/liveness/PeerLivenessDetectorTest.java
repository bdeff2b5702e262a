package io.hapc.transport.heartbeat.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.heartbeat.liveness.LivenessEvent.LinkChanged;
import io.hapc.transport.heartbeat.liveness.LivenessEvent.PeerChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerLivenessDetectorTest {
    // keepalive 100 ms, warntime 300 ms, deadtime 500 ms, initdead 1 s
    private static final HeartbeatTimings T = new HeartbeatTimings(
            Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofSeconds(1));
    private final MutableClock clock = new MutableClock();
    private final PeerLivenessDetector d = new PeerLivenessDetector(clock, T, List.of("ring0", "ring1"));

    /** Lets `ms` pass as the endpoint's timer does, judging every millisecond; what changed (pauses aside). */
    private List<LivenessEvent> pass(long ms) {
        List<LivenessEvent> events = new java.util.ArrayList<>();
        for (long i = 0; i < ms; i++) {
            clock.advanceMillis(1);
            d.evaluate().stream()
                    .filter(e -> !(e instanceof LivenessEvent.Paused))
                    .forEach(events::add);
        }
        return events;
    }

    @Test
    void aPeerNeverHeardIsUnknownUntilInitdeadThenDead() {
        assertEquals(List.of(), pass(999));
        assertEquals(PeerState.UNKNOWN, d.peerState());
        assertEquals(
                List.of(
                        new LinkChanged("ring0", LinkState.UNKNOWN, LinkState.DOWN, Duration.ofSeconds(1)),
                        new LinkChanged("ring1", LinkState.UNKNOWN, LinkState.DOWN, Duration.ofSeconds(1)),
                        new PeerChanged(PeerState.UNKNOWN, PeerState.DEAD, Duration.ofSeconds(1))),
                pass(1));
    }

    @Test
    void thePeerStaysAliveWhileOneLinkOfTwoIsSilentAndTheSilentLinkIsReported() {
        d.heard(0);
        d.heard(1);
        assertEquals(PeerState.ALIVE, last(d.evaluate()).to());
        for (int i = 0; i < 20; i++) { // 2 s of heartbeats on ring0 only
            for (LivenessEvent e : pass(100)) {
                assertTrue(e instanceof LinkChanged l && l.link().equals("ring1"), "only ring1 changes: " + e);
            }
            d.heard(0);
        }
        assertEquals(PeerState.ALIVE, d.peerState());
        PeerStatus s = d.status();
        assertEquals(LinkState.UP, s.links().get("ring0").state());
        assertEquals(LinkState.DOWN, s.links().get("ring1").state());
        assertEquals(Optional.of(Duration.ofSeconds(2)), s.links().get("ring1").silentFor());
    }

    @Test
    void theLinkGoesLateAtWarntimeAndDownAtDeadtimeAndThePeerDiesOnlyWhenEveryLinkIsSilentForDeadtime() {
        d.heard(0);
        d.heard(1);
        d.evaluate();
        assertEquals(List.of(), pass(200));
        d.heard(1); // ring1 heard 200 ms later than ring0
        assertEquals(
                List.of(new LinkChanged("ring0", LinkState.UP, LinkState.LATE, Duration.ofMillis(300))), pass(100));
        // at 500 ms: ring0 down; ring1 (silent 300 ms) late; the peer (last heard 300 ms ago) late
        assertEquals(
                List.of(
                        new LinkChanged("ring0", LinkState.LATE, LinkState.DOWN, Duration.ofMillis(500)),
                        new LinkChanged("ring1", LinkState.UP, LinkState.LATE, Duration.ofMillis(300)),
                        new PeerChanged(PeerState.ALIVE, PeerState.LATE, Duration.ofMillis(300))),
                pass(200));
        assertEquals(List.of(), pass(199), "499 ms after the last packet on any link: not dead yet");
        assertEquals(
                List.of(
                        new LinkChanged("ring1", LinkState.LATE, LinkState.DOWN, Duration.ofMillis(500)),
                        new PeerChanged(PeerState.LATE, PeerState.DEAD, Duration.ofMillis(500))),
                pass(1));
    }

    @Test
    void aDeadPeerHeardAgainIsAliveAgain() {
        d.heard(0);
        d.evaluate();
        assertEquals(PeerState.DEAD, last(pass(600)).to());
        d.heard(1);
        assertEquals(new PeerChanged(PeerState.DEAD, PeerState.ALIVE, Duration.ZERO), last(d.evaluate()));
    }

    @Test
    void aPeerHeardOnlyOnceBeforeInitdeadDiesAtDeadtimeNotInitdead() {
        pass(100);
        d.heard(0);
        assertEquals(PeerState.ALIVE, last(d.evaluate()).to());
        assertEquals(PeerState.DEAD, last(pass(500)).to(), "600 ms after start, well before initdead");
    }

    @Test
    void aProofOfLifeCountsFromWhenItWasMadeAndNeverMovesALinkBack() {
        Instant t0 = clock.instant();
        pass(300);
        d.heard(0, t0.plusMillis(250)); // the echoed packet was sent 50 ms ago
        assertEquals(PeerState.ALIVE, last(d.evaluate()).to());
        d.heard(0, t0); // an older proof arriving late changes nothing
        assertEquals(
                Optional.of(Duration.ofMillis(50)),
                d.status().links().get("ring0").silentFor());
        d.heard(0, t0.plusSeconds(10)); // a proof from the future is taken as now
        assertEquals(Optional.of(Duration.ZERO), d.status().links().get("ring0").silentFor());
        assertEquals(
                List.of(
                        new LinkChanged("ring0", LinkState.UP, LinkState.LATE, Duration.ofMillis(300)),
                        new PeerChanged(PeerState.ALIVE, PeerState.LATE, Duration.ofMillis(300))),
                pass(499));
    }

    @Test
    void aStallOfThisProcessIsNotTakenForTheSilenceOfThePeer() {
        d.heard(0);
        d.evaluate();
        pass(50);
        clock.advanceMillis(2000); // this JVM stood still; the peer's heartbeats wait in the socket buffer
        assertEquals(List.of(new LivenessEvent.Paused(Duration.ofMillis(2000))), d.evaluate(), "nothing judged");
        assertEquals(PeerState.ALIVE, d.peerState());
        d.heard(0); // the readers drain the buffer
        assertEquals(
                List.of(),
                pass(1).stream().filter(e -> e instanceof PeerChanged).toList(),
                "judged on the next round");
        assertEquals(PeerState.ALIVE, d.peerState());

        clock.advanceMillis(2000); // a stall again, and this time the peer really went silent
        assertEquals(List.of(new LivenessEvent.Paused(Duration.ofMillis(2000))), d.evaluate());
        clock.advanceMillis(2000); // and the next round is late too: judged anyway, never two skips in a row
        assertEquals(PeerState.DEAD, last(d.evaluate()).to());
    }

    @Test
    void theSentLogAnswersForRecentPacketsOnly() {
        SentLog log = new SentLog(Duration.ofMillis(500), 3);
        Instant t0 = clock.instant();
        log.sent(1, t0);
        log.sent(2, t0.plusMillis(100));
        assertEquals(Optional.of(t0), log.sentAt(1));
        log.sent(3, t0.plusMillis(601)); // 1 and 2 are now older than the horizon
        assertEquals(Optional.empty(), log.sentAt(1));
        assertEquals(Optional.empty(), log.sentAt(2));
        log.sent(4, t0.plusMillis(602));
        log.sent(5, t0.plusMillis(602));
        log.sent(6, t0.plusMillis(603)); // at most 3 kept
        assertEquals(Optional.empty(), log.sentAt(3));
        assertEquals(Optional.of(t0.plusMillis(603)), log.sentAt(6));
        assertEquals(Optional.empty(), log.sentAt(99), "not one of ours");
    }

    @Test
    void timingsFollowHaCfAndBadOnesAreRefusedWithTheRule() {
        HeartbeatTimings t = HeartbeatTimings.parse(Map.of("keepalive", "100ms", "deadtime", "500ms"));
        assertEquals(Duration.ofMillis(100), t.keepalive());
        assertEquals(Duration.ofMillis(300), t.warntime(), "midway when not given");
        assertEquals(Duration.ofMillis(500), t.deadtime());
        assertEquals(HeartbeatTimings.DEFAULTS.initdead(), t.initdead());
        HeartbeatTimings ha =
                HeartbeatTimings.parse(Map.of("interval", "2", "warntime", "10", "deadtime", "30", "initdead", "120"));
        assertEquals(
                new HeartbeatTimings(
                        Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120)),
                ha,
                "Heartbeat's own ha.cf example, seconds by default");
        assertEquals(
                Duration.ofSeconds(60),
                HeartbeatTimings.parse(Map.of("deadtime", "30s", "keepalive", "1"))
                        .initdead(),
                "initdead at least twice deadtime when not given");
        assertEquals(HeartbeatTimings.DEFAULTS, HeartbeatTimings.parse(Map.of()));

        assertRefused(
                "deadtime 150ms must be at least twice keepalive", Map.of("keepalive", "100ms", "deadtime", "150ms"));
        assertRefused(
                "warntime 1s must lie between", Map.of("keepalive", "100ms", "deadtime", "500ms", "warntime", "1"));
        assertRefused("initdead 1s must be at least deadtime 2s", Map.of("initdead", "1"));
        assertRefused("deadtime = 'soon' is not a duration", Map.of("deadtime", "soon"));
        assertRefused("unknown heartbeat setting 'udpport'", Map.of("udpport", "694"));
        assertRefused("keepalive and interval are the same setting", Map.of("keepalive", "1", "interval", "1"));
        assertThrows(IllegalArgumentException.class, () -> new PeerLivenessDetector(clock, T, List.of("a", "a")));
    }

    private static void assertRefused(String expected, Map<String, String> settings) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HeartbeatTimings.parse(settings));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static PeerChanged last(List<LivenessEvent> events) {
        return (PeerChanged) events.get(events.size() - 1);
    }
}
