package io.hapc.transport.heartbeat.liveness;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The timings of failure detection, named as in Heartbeat's ha.cf:
 * <ul>
 * <li>keepalive (also `interval`): how often a heartbeat leaves on every link;
 * <li>warntime: a link (or the peer) silent this long is reported late, a warning only;
 * <li>deadtime: the peer silent this long on every link is dead;
 * <li>initdead: at start, how long to wait for a peer never heard before declaring it dead (boots and
 * networks come up slowly; Heartbeat advises at least twice deadtime).
 * </ul>
 * Values are given as in ha.cf: a plain number is seconds ("2"), or with a unit ("500ms", "2s").
 */
public record HeartbeatTimings(Duration keepalive, Duration warntime, Duration deadtime, Duration initdead) {
    /**
     * 10 heartbeats per deadtime, so only a silence of 2 s (a long GC pause, a stalled machine) kills the
     * peer; initdead twice deadtime, as Heartbeat advises. Measured on this 2-core machine at load average
     * 12-14 (bench/heartbeat-detect.sh, both ends in one JVM): 30 minutes, not one LATE, DEAD or link change.
     * The aggressive 100 ms/500 ms works too (detection median ~0.5 s) but went LATE 6 times in 10 minutes
     * there, and 13 times DEAD in 15 minutes before heartbeats proved life on arrival and stalls of the
     * process itself were recognised: keep it for quiet machines.
     */
    public static final HeartbeatTimings DEFAULTS = new HeartbeatTimings(
            Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));

    public static final Set<String> KEYS = Set.of("keepalive", "interval", "warntime", "deadtime", "initdead");
    private static final Pattern VALUE = Pattern.compile("(\\d{1,9})\\s*(ms|s)?");

    public HeartbeatTimings {
        require(keepalive, "keepalive");
        require(warntime, "warntime");
        require(deadtime, "deadtime");
        require(initdead, "initdead");
        if (deadtime.compareTo(keepalive.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("deadtime " + text(deadtime) + " must be at least twice keepalive "
                    + text(keepalive) + ": one lost heartbeat would make the peer dead");
        }
        if (warntime.compareTo(keepalive) <= 0 || warntime.compareTo(deadtime) >= 0) {
            throw new IllegalArgumentException(
                    "warntime " + text(warntime) + " must lie between keepalive " + text(keepalive) + " and deadtime "
                            + text(deadtime) + " (a warning before the peer is declared dead)");
        }
        if (initdead.compareTo(deadtime) < 0) {
            throw new IllegalArgumentException("initdead " + text(initdead) + " must be at least deadtime "
                    + text(deadtime) + " (Heartbeat advises twice deadtime)");
        }
    }

    /**
     * Reads the timings from ha.cf-style settings; a missing one takes its default (and initdead, if not
     * given, is at least twice the deadtime given).
     *
     * @throws IllegalArgumentException an unknown key, a value that is no duration, or timings that do not fit
     *     together; the message names the setting and what it must be
     */
    public static HeartbeatTimings parse(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown heartbeat setting '" + key
                        + "' (known: keepalive (or interval), " + "warntime, deadtime, initdead)");
            }
        }
        if (settings.containsKey("keepalive") && settings.containsKey("interval")) {
            throw new IllegalArgumentException("keepalive and interval are the same setting: give one");
        }
        Map<String, Duration> v = new LinkedHashMap<>();
        settings.forEach((k, s) -> v.put(k.equals("interval") ? "keepalive" : k, duration(k, s)));
        Duration keepalive = v.getOrDefault("keepalive", DEFAULTS.keepalive());
        Duration deadtime = v.getOrDefault("deadtime", DEFAULTS.deadtime());
        Duration warntime = v.getOrDefault(
                "warntime",
                settings.containsKey("deadtime")
                                || settings.containsKey("keepalive")
                                || settings.containsKey("interval")
                        ? midway(keepalive, deadtime)
                        : DEFAULTS.warntime());
        Duration initdead = v.getOrDefault("initdead", max(DEFAULTS.initdead(), deadtime.multipliedBy(2)));
        return new HeartbeatTimings(keepalive, warntime, deadtime, initdead);
    }

    /** "2" (seconds, as ha.cf), "2s" or "500ms". */
    public static Duration duration(String key, String value) {
        Matcher m = VALUE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    key + " = '" + value + "' is not a duration: write seconds (2), or 2s, or 500ms");
        }
        long n = Long.parseLong(m.group(1));
        return "ms".equals(m.group(2)) ? Duration.ofMillis(n) : Duration.ofSeconds(n);
    }

    private static Duration midway(Duration keepalive, Duration deadtime) {
        // Between the two, so the record's rule (keepalive < warntime < deadtime) holds for any valid pair.
        return keepalive.plus(deadtime.minus(keepalive).dividedBy(2));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static void require(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    @Override
    public String toString() {
        return "keepalive " + text(keepalive) + ", warntime " + text(warntime) + ", deadtime " + text(deadtime)
                + ", initdead " + text(initdead);
    }
}
