package io.hapc.model.cib;

import java.util.Locale;

/**
 * Pacemaker duration syntax, as used by op interval/timeout and meta attributes such as failure-timeout:
 * "10" (seconds), "10s", "500ms", "5min", "1h", ISO 8601 "PT10S". Like Pacemaker, the ISO form
 * also takes hours and seconds without the "T" ("P10S"); "M" is months before "T", minutes after.
 */
public final class Durations {
    private Durations() {}

    /** Milliseconds; throws IllegalArgumentException naming the text when it is not a duration. */
    public static long parseMillis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) throw new IllegalArgumentException("empty duration");
        if (t.startsWith("p")) return parseIso(text, t);
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
        if (i == 0) throw new IllegalArgumentException("not a duration: '" + text + "'");
        double value;
        try {
            value = Double.parseDouble(t.substring(0, i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "'", e);
        }
        String unit = t.substring(i).trim();
        double factor = switch (unit) {
            case "", "s", "sec", "secs", "second", "seconds" -> 1000;
            case "ms", "msec", "msecs" -> 1;
            case "us", "usec", "usecs" -> 0.001;
            case "m", "min", "mins", "minute", "minutes" -> 60_000;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000;
            default ->
                throw new IllegalArgumentException("not a duration: '" + text + "' (unknown unit '" + unit + "')");
        };
        return Math.round(value * factor);
    }

    private static long parseIso(String text, String t) {
        double ms = 0;
        boolean time = false;
        int i = 1;
        if (t.length() == 1)
            throw new IllegalArgumentException("not a duration: '" + text + "' (bad ISO 8601 duration)");
        while (i < t.length()) {
            if (t.charAt(i) == 't') {
                time = true;
                i++;
                continue;
            }
            int start = i;
            while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
            if (start == i || i == t.length())
                throw new IllegalArgumentException("not a duration: '" + text + "' (bad ISO 8601 duration)");
            double value = Double.parseDouble(t.substring(start, i));
            double factor = switch (t.charAt(i)) {
                case 'y' -> 365 * 86_400_000.0;
                case 'm' -> time ? 60_000 : 30 * 86_400_000.0;
                case 'w' -> 7 * 86_400_000.0;
                case 'd' -> 86_400_000;
                case 'h' -> 3_600_000;
                case 's' -> 1000;
                default -> throw new IllegalArgumentException("not a duration: '" + text + "' (bad ISO 8601 duration)");
            };
            ms += value * factor;
            i++;
        }
        return Math.round(ms);
    }

    /** Milliseconds as Pacemaker writes them: "0", "10s", "1500ms". */
    public static String format(long ms) {
        if (ms == 0) return "0";
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
