package io.hapc.engine.cluster;

import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.RuleExpression.AttributeExpression;
import io.hapc.model.cib.RuleExpression.DateExpression;
import io.hapc.model.cib.RuleExpression.DateSpec;
import io.hapc.model.cib.RuleExpression.OperationExpression;
import io.hapc.model.cib.RuleExpression.ResourceExpression;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates Pacemaker rules against a context (node attributes, resource agent, the date).
 * Pure functions: the rules in the .drl files call these to decide whether a rule-based
 * location constraint or defaults set applies.
 */
public final class RuleEvaluator {
    private RuleEvaluator() {}

    /** What a rule is evaluated against. Missing parts (no node, no resource) make their expressions fail. */
    public record Context(
            Map<String, String> nodeAttributes,
            Instant now,
            Optional<String> standard,
            Optional<String> provider,
            Optional<String> type) {
        public static Context forNode(Map<String, String> attributes, Instant now) {
            return new Context(attributes, now, Optional.empty(), Optional.empty(), Optional.empty());
        }

        public static Context forResource(String standard, Optional<String> provider, String type, Instant now) {
            return new Context(Map.of(), now, Optional.of(standard), provider, Optional.of(type));
        }
    }

    public static boolean matches(Rule rule, Context ctx) {
        if (rule.expressions().isEmpty()) return true;
        boolean and = rule.booleanOp() == Rule.BooleanOp.AND;
        for (RuleExpression e : rule.expressions()) {
            boolean m = matches(e, ctx);
            if (and && !m) return false;
            if (!and && m) return true;
        }
        return and;
    }

    static boolean matches(RuleExpression e, Context ctx) {
        if (e instanceof Rule r) return matches(r, ctx);
        if (e instanceof AttributeExpression a) return attribute(a, ctx);
        if (e instanceof DateExpression d) return date(d, ctx.now());
        if (e instanceof ResourceExpression r) {
            return r.standard()
                            .map(s -> ctx.standard().map(s::equals).orElse(false))
                            .orElse(true)
                    && r.provider()
                            .map(p -> ctx.provider().map(p::equals).orElse(false))
                            .orElse(true)
                    && r.type()
                            .map(t -> ctx.type().map(t::equals).orElse(false))
                            .orElse(true);
        }
        if (e instanceof OperationExpression) return false; // op_defaults rules: not evaluated by the scheduler
        return false;
    }

    private static boolean attribute(AttributeExpression a, Context ctx) {
        String actual = ctx.nodeAttributes().get(a.attribute());
        String op = a.operation().toLowerCase(Locale.ROOT);
        if (op.equals("defined")) return actual != null;
        if (op.equals("not_defined")) return actual == null;
        // An undefined attribute differs from any value: "ne" holds (as in Pacemaker), the other comparisons fail.
        if (actual == null && op.equals("ne") && a.value().isPresent()) return true;
        if (actual == null || a.value().isEmpty()) return false;
        String expected = a.value().get();
        if (a.valueSource().map("param"::equals).orElse(false)
                || a.valueSource().map("meta"::equals).orElse(false)) {
            return false; // resource parameter references are only meaningful in rsc-specific rules
        }
        int cmp = compare(actual, expected, a.type().orElse(inferType(actual, expected)));
        return switch (op) {
            case "eq" -> cmp == 0;
            case "ne" -> cmp != 0;
            case "lt" -> cmp < 0;
            case "lte" -> cmp <= 0;
            case "gt" -> cmp > 0;
            case "gte" -> cmp >= 0;
            default ->
                throw new IllegalArgumentException("expression " + a.id() + ": unknown operation '" + op
                        + "' (expected eq, ne, lt, lte, gt, gte, defined, not_defined)");
        };
    }

    private static String inferType(String actual, String expected) {
        return isNumber(actual) && isNumber(expected) ? "number" : "string";
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int compare(String actual, String expected, String type) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "integer" -> {
                // Pacemaker reads integers the way strtoll does: the leading digits, the rest ignored ("3.6" is 3).
                Optional<Long> x = leadingInteger(actual);
                Optional<Long> y = leadingInteger(expected);
                if (x.isPresent() && y.isPresent()) return Long.compare(x.get(), y.get());
                return actual.compareTo(expected);
            }
            case "number", "float" -> {
                if (isNumber(actual) && isNumber(expected)) {
                    return Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
                }
                return actual.compareTo(expected);
            }
            case "version" -> {
                return compareVersions(actual, expected);
            }
            default -> {
                return actual.compareTo(expected);
            }
        }
    }

    private static Optional<Long> leadingInteger(String s) {
        Matcher m = LEADING_INTEGER.matcher(s);
        if (!m.lookingAt()) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // out of range
        }
    }

    private static final Pattern LEADING_INTEGER = Pattern.compile("\\s*([+-]?\\d+)");

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long xi = i < x.length ? parseLongOrZero(x[i]) : 0;
            long yi = i < y.length ? parseLongOrZero(y[i]) : 0;
            if (xi != yi) return Long.compare(xi, yi);
        }
        return 0;
    }

    private static long parseLongOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean date(DateExpression d, Instant now) {
        String op = d.operation().toLowerCase(Locale.ROOT);
        return switch (op) {
            case "gt" ->
                d.start().map(s -> now.isAfter(PacemakerDates.parse(s))).orElse(false);
            case "lt" -> d.end().map(s -> now.isBefore(PacemakerDates.parse(s))).orElse(false);
            case "in_range" -> {
                Instant start = d.start().map(PacemakerDates::parse).orElse(Instant.MIN);
                Instant end = d.end()
                        .map(PacemakerDates::parse)
                        .orElseGet(() -> d.duration()
                                .map(du -> PacemakerDates.plus(start, du))
                                .orElse(Instant.MAX));
                yield !now.isBefore(start) && !now.isAfter(end);
            }
            case "date_spec" -> d.spec().map(s -> dateSpecMatches(s, now)).orElse(false);
            default ->
                throw new IllegalArgumentException("date_expression " + d.id() + ": unknown operation '" + op
                        + "' (expected gt, lt, in_range or date_spec)");
        };
    }

    static boolean dateSpecMatches(DateSpec spec, Instant now) {
        LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        for (Map.Entry<String, String> f : spec.fields().entrySet()) {
            long value = switch (f.getKey()) {
                case "years" -> t.getYear();
                case "months" -> t.getMonthValue();
                case "monthdays" -> t.getDayOfMonth();
                case "weekdays" -> t.getDayOfWeek().getValue();
                case "yeardays" -> t.getDayOfYear();
                case "hours" -> t.getHour();
                case "minutes" -> t.getMinute();
                case "seconds" -> t.getSecond();
                case "weeks" -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case "weekyears" -> t.get(IsoFields.WEEK_BASED_YEAR);
                case "moon" -> moonPhase(t);
                default -> Long.MIN_VALUE; // unknown fields (e.g. id) are ignored
            };
            if (value == Long.MIN_VALUE) continue;
            if (!inRange(f.getValue(), value)) return false;
        }
        return true;
    }

    private static long moonPhase(LocalDateTime t) {
        long days = t.getLong(ChronoField.EPOCH_DAY) - 6; // 1970-01-07 was a new moon
        return Math.floorMod(Math.round(days % 29.53 / 29.53 * 8), 8);
    }

    /** "12", "9-16", "9-" or "-16". */
    static boolean inRange(String range, long value) {
        String r = range.trim();
        int dash = r.indexOf('-', 1);
        if (dash < 0) return Long.parseLong(r) == value;
        String lo = r.substring(0, dash).trim();
        String hi = r.substring(dash + 1).trim();
        return (lo.isEmpty() || value >= Long.parseLong(lo)) && (hi.isEmpty() || value <= Long.parseLong(hi));
    }
}
