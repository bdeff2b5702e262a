package io.hapc.transport.heartbeat.liveness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether the peer is alive from when it was last known alive on each link: it is dead only
 * when every link has been silent for deadtime (one dead network of two does not kill it). Before the
 * peer was ever heard, initdead counts from the start instead. Pure logic on an injected {@link Clock}:
 * {@link #heard} records when the peer was known alive, {@link #evaluate} turns elapsed time into state
 * changes. Thread-safe (readers call heard, a timer calls evaluate).
 */
public final class PeerLivenessDetector {
    private final Clock clock;
    private final HeartbeatTimings timings;
    private final List<String> links;
    private final Instant start;
    private final Instant[] lastHeard;
    private final LinkState[] linkStates;
    private PeerState peerState = PeerState.UNKNOWN;
    private Instant lastEvaluation;
    private boolean skippedLast;

    public PeerLivenessDetector(Clock clock, HeartbeatTimings timings, List<String> linkNames) {
        if (linkNames.isEmpty()) throw new IllegalArgumentException("at least one link is needed");
        if (linkNames.stream().distinct().count() != linkNames.size()) {
            throw new IllegalArgumentException("link names must differ: " + linkNames);
        }
        this.clock = clock;
        this.timings = timings;
        this.links = List.copyOf(linkNames);
        this.start = clock.instant();
        this.lastHeard = new Instant[links.size()];
        this.linkStates = new LinkState[links.size()];
        java.util.Arrays.fill(linkStates, LinkState.UNKNOWN);
    }

    public List<String> links() {
        return links;
    }

    /** An authentic, fresh packet of the peer arrived on link number `link` (its index in the link list) now. */
    public synchronized void heard(int link) {
        heard(link, clock.instant());
    }

    /**
     * The peer is known to have been alive on link `link` at `aliveAt` (not later than now): the endpoint
     * passes the instant it sent the packet the peer's heartbeat echoes, so a packet held back and
     * released later proves nothing newer than when it was made. Never moves a link's instant back.
     */
    public synchronized void heard(int link, Instant aliveAt) {
        Instant now = clock.instant();
        Instant at = aliveAt.isAfter(now) ? now : aliveAt;
        if (lastHeard[link] == null || at.isAfter(lastHeard[link])) lastHeard[link] = at;
    }

    /**
     * A gap between two evaluations longer than this is a stall of this process: one keepalive (the
     * endpoint evaluates four times per keepalive). Skipping a round costs only that round's delay.
     */
    public Duration pauseThreshold() {
        return timings.keepalive();
    }

    /** The peer's state as of the last {@link #evaluate}. */
    public synchronized PeerState peerState() {
        return peerState;
    }

    /**
     * Re-judges every link and the peer at the clock's now; returns what changed (links first, then the
     * peer). Call it every few keepalives' fraction, with a fixed delay between calls.
     *
     * <p>If the time since the previous call exceeds {@link #pauseThreshold()}, this process itself was
     * stalled (GC, CPU starvation, a suspended VM): the peer's packets of that time may still wait in the
     * socket buffers, unread. Then nothing is judged this time, only {@link LivenessEvent.Paused} is
     * reported, and the next call judges (never two skips in a row, so a stall on every call can not
     * hide a death). Corosync does the same on a "process pause".
     */
    public synchronized List<LivenessEvent> evaluate() {
        Instant now = clock.instant();
        if (lastEvaluation != null && !skippedLast) {
            Duration gap = Duration.between(lastEvaluation, now);
            if (gap.compareTo(pauseThreshold()) > 0) {
                lastEvaluation = now;
                skippedLast = true;
                return List.of(new LivenessEvent.Paused(gap));
            }
        }
        lastEvaluation = now;
        skippedLast = false;
        List<LivenessEvent> events = new ArrayList<>();
        Instant latest = null;
        for (int i = 0; i < links.size(); i++) {
            LinkState s = judge(lastHeard[i], now);
            if (s != linkStates[i]) {
                events.add(new LivenessEvent.LinkChanged(links.get(i), linkStates[i], s, silence(lastHeard[i], now)));
                linkStates[i] = s;
            }
            if (lastHeard[i] != null && (latest == null || lastHeard[i].isAfter(latest))) latest = lastHeard[i];
        }
        PeerState p = switch (judge(latest, now)) {
            case UNKNOWN -> PeerState.UNKNOWN;
            case UP -> PeerState.ALIVE;
            case LATE -> PeerState.LATE;
            case DOWN -> PeerState.DEAD;
        };
        if (p != peerState) {
            events.add(new LivenessEvent.PeerChanged(peerState, p, silence(latest, now)));
            peerState = p;
        }
        return events;
    }

    /** The view at the clock's now, without changing the reported states. */
    public synchronized PeerStatus status() {
        Instant now = clock.instant();
        Map<String, PeerStatus.LinkStatus> out = new LinkedHashMap<>();
        for (int i = 0; i < links.size(); i++) {
            out.put(
                    links.get(i),
                    new PeerStatus.LinkStatus(
                            judge(lastHeard[i], now),
                            Optional.ofNullable(lastHeard[i]).map(t -> Duration.between(t, now))));
        }
        return new PeerStatus(peerState, out);
    }

    private LinkState judge(Instant heard, Instant now) {
        if (heard == null) {
            return Duration.between(start, now).compareTo(timings.initdead()) >= 0 ? LinkState.DOWN : LinkState.UNKNOWN;
        }
        Duration silent = Duration.between(heard, now);
        if (silent.compareTo(timings.deadtime()) >= 0) return LinkState.DOWN;
        if (silent.compareTo(timings.warntime()) >= 0) return LinkState.LATE;
        return LinkState.UP;
    }

    private Duration silence(Instant heard, Instant now) {
        return Duration.between(heard == null ? start : heard, now);
    }
}
