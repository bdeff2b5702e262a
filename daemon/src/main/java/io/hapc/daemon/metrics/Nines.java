package io.hapc.daemon.metrics;

import java.time.Duration;
import java.util.Locale;

/** An availability ratio the way an HA guide's nines table shows it: percent, nines, downtime per year at that rate. */
public record Nines(double ratio) {
    private static final Duration YEAR = Duration.ofSeconds(365L * 24 * 3600 + 6 * 3600); // 365.25 days

    /** How many nines (99.9 % → 3.0); infinite for 1, NaN when not measured. */
    public double nines() {
        if (Double.isNaN(ratio)) return Double.NaN;
        if (ratio >= 1) return Double.POSITIVE_INFINITY;
        return -Math.log10(1 - ratio);
    }

    public Duration downtimePerYear() {
        if (Double.isNaN(ratio)) return Duration.ZERO;
        return Duration.ofMillis(Math.round((1 - Math.max(0, Math.min(1, ratio))) * YEAR.toMillis()));
    }

    /** "99.95%", with as many decimals as it takes to show the nines (up to 6). */
    public String percent() {
        if (Double.isNaN(ratio)) return "not measured";
        if (ratio >= 1) return "100%";
        double n = nines();
        // 99.9 % shows one decimal, 99.95 % two: rounded down, so that 99.96 % never reads as four nines
        int decimals = (int) Math.max(0, Math.min(6, Math.ceil(n - 1e-9) - 2));
        double scale = Math.pow(10, decimals);
        String p = String.format(Locale.ROOT, "%." + decimals + "f", Math.floor(ratio * 100 * scale + 1e-6) / scale);
        return p + "%";
    }

    public String ninesText() {
        double n = nines();
        if (Double.isNaN(n)) return "-";
        if (Double.isInfinite(n)) return "no downtime";
        return String.format(Locale.ROOT, "%.1f nines", n);
    }

    /** A duration in the largest units that fit, two at most: "8 h 45 min", "52 min 35 s", "0 s". */
    public static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 86400) return s / 86400 + " d " + (s % 86400) / 3600 + " h";
        if (s >= 3600) return s / 3600 + " h " + (s % 3600) / 60 + " min";
        if (s >= 60) return s / 60 + " min " + s % 60 + " s";
        if (s == 0 && d.toMillis() > 0) return d.toMillis() + " ms";
        return s + " s";
    }

    public String downtimePerYearText() {
        if (Double.isNaN(ratio)) return "-";
        return human(downtimePerYear()) + " per year";
    }
}
