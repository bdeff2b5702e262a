package io.hapc.model.cib;

/**
 * Pacemaker score arithmetic: integers saturating at +/-INFINITY (1,000,000).
 * -INFINITY wins over +INFINITY when both are added, as in Pacemaker.
 */
public final class Score {
    public static final int INFINITY = 1_000_000;
    public static final int MINUS_INFINITY = -INFINITY;

    private Score() {}

    public static int add(int a, int b) {
        if (a <= MINUS_INFINITY || b <= MINUS_INFINITY) return MINUS_INFINITY;
        if (a >= INFINITY || b >= INFINITY) return INFINITY;
        long sum = (long) a + b;
        if (sum >= INFINITY) return INFINITY;
        if (sum <= MINUS_INFINITY) return MINUS_INFINITY;
        return (int) sum;
    }

    /** Parses "INFINITY", "+INFINITY", "-INFINITY", "-inf", or an integer; throws IllegalArgumentException otherwise. */
    public static int parse(String text) {
        String t = text.trim();
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "infinity", "+infinity", "inf", "+inf" -> {
                return INFINITY;
            }
            case "-infinity", "-inf" -> {
                return MINUS_INFINITY;
            }
            default -> {}
        }
        try {
            String digits = t.startsWith("+") ? t.substring(1) : t;
            // Pacemaker reads "2.0" as 2: the integer part counts.
            long v = digits.indexOf('.') > 0 ? (long) Double.parseDouble(digits) : Long.parseLong(digits);
            return (int) Math.max(MINUS_INFINITY, Math.min(INFINITY, v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "not a score: '" + text + "' (expected an integer, INFINITY or -INFINITY)");
        }
    }

    public static String format(int score) {
        if (score >= INFINITY) return "INFINITY";
        if (score <= MINUS_INFINITY) return "-INFINITY";
        return Integer.toString(score);
    }
}
