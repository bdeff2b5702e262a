package io.hapc.engine.cluster;

import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reading nvpair sets (meta, instance, utilization, cluster properties) as Pacemaker resolves
 * them, and the value forms they hold (booleans, scores, durations, roles).
 */
final class AttributeSets {
    private final Instant now;

    AttributeSets(Instant now) {
        this.now = now;
    }

    /** The sets' values as Pacemaker resolves them: sets whose rule holds now, higher score first. */
    Map<String, String> merged(List<NvSet> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : inEffect(sets)) s.values().forEach(out::putIfAbsent);
        return out;
    }

    /**
     * One element's attribute sets in the order they apply: sets whose rule does not hold at the
     * effective time are left out (no node: expressions on node attributes fail), the others by
     * score, highest first (document order between equal scores).
     */
    List<NvSet> inEffect(List<NvSet> sets) {
        if (sets.stream().allMatch(s -> s.rule().isEmpty() && s.score() == 0)) return sets;
        RuleEvaluator.Context ctx = RuleEvaluator.Context.forNode(Map.of(), now);
        List<NvSet> out = new ArrayList<>();
        for (NvSet s : sets) {
            if (s.rule().map(r -> RuleEvaluator.matches(r, ctx)).orElse(true)) out.add(s);
        }
        out.sort(Comparator.comparingInt(NvSet::score).reversed());
        return out;
    }

    /** Every set's values, the first set naming an attribute winning (rules and scores not looked at). */
    static Map<String, String> firstValues(List<NvSet> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : sets) s.values().forEach(out::putIfAbsent);
        return out;
    }

    /** A duration property in ms (Pacemaker's forms: "15", "15s", "500ms", "PT1M"); unreadable counts as `otherwise`. */
    static long durationOr(String v, long otherwise) {
        if (v == null || v.isBlank()) return otherwise;
        try {
            return io.hapc.model.cib.Durations.parseMillis(v);
        } catch (RuntimeException e) {
            return otherwise;
        }
    }

    /** "#default" (and anything unknown) means "not set", as Pacemaker treats it. */
    static Optional<Role> roleOrDefault(String v) {
        try {
            return Optional.of(Role.parse(v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean truthy(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "on", "1" -> true;
            default -> false;
        };
    }

    static boolean truthyOrTimestamp(String v) {
        return truthy(v) || v.matches("\\d{2,}");
    }

    static int parseIntOr(String s, int fallback) {
        if (s == null) return fallback;
        try {
            return Score.parse(s);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    static long parseLongOr(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
