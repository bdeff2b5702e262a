package io.hapc.engine.cluster;

import java.time.Duration;
import java.util.Locale;

/** Pacemaker duration syntax: "10" (seconds), "10s", "500ms", "5min", "1h", ISO 8601 "PT10S". */
public final class Durations {
    private Durations() {}

    public static long parseMillis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) throw new IllegalArgumentException("empty duration");
        if (t.startsWith("p")) return Duration.parse(t.toUpperCase(Locale.ROOT)).toMillis();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0) throw new IllegalArgumentException("not a duration: '" + text + "'");
        double value = Double.parseDouble(t.substring(0, i));
        String unit = t.substring(i).trim();
        double factor = switch (unit) {
            case "", "s", "sec", "secs", "second", "seconds" -> 1000;
            case "ms", "msec", "msecs" -> 1;
            case "us", "usec", "usecs" -> 0.001;
            case "m", "min", "mins", "minute", "minutes" -> 60_000;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000;
            default -> throw new IllegalArgumentException("not a duration: '" + text + "' (unknown unit '" + unit + "')");
        };
        return Math.round(value * factor);
    }
}
