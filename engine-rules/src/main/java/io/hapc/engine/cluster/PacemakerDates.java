package io.hapc.engine.cluster;

import io.hapc.model.cib.RuleExpression.DateSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ISO 8601 date forms Pacemaker accepts (calendar "2005-01-20", ordinal "2005-020",
 * week "2005-W03-4", with optional "T11:30[:00][Z|+hh:mm]" or " 11:30:00"), and epoch seconds
 * (the CIB's execution-date). Times without an offset are UTC.
 */
public final class PacemakerDates {
    private static final Pattern FORM = Pattern.compile(
            "(\\d{4})-(?:(\\d{2})-(\\d{2})|(\\d{3})|W(\\d{2})-(\\d))(?:[T ](\\d{1,2})(?::(\\d{2}))?(?::(\\d{2}))?)?\\s*(Z|[+-]\\d{2}:?\\d{2})?");

    private PacemakerDates() {}

    public static Instant parse(String text) {
        String t = text.trim();
        if (t.matches("\\d{9,}")) return Instant.ofEpochSecond(Long.parseLong(t));
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a date: '" + text
                        + "' (expected ISO 8601 such as 2005-01-20T11:30:00, 2005-020T11:30 or 2005-W03-4)");
            }
        }
        int year = Integer.parseInt(m.group(1));
        LocalDate date;
        if (m.group(2) != null) {
            date = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } else if (m.group(4) != null) {
            date = LocalDate.ofYearDay(year, Integer.parseInt(m.group(4)));
        } else {
            date = LocalDate.of(year, 1, 4)
                    .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(m.group(5)))
                    .with(java.time.temporal.ChronoField.DAY_OF_WEEK, Integer.parseInt(m.group(6)));
        }
        LocalTime time = LocalTime.of(
                m.group(7) == null ? 0 : Integer.parseInt(m.group(7)),
                m.group(8) == null ? 0 : Integer.parseInt(m.group(8)),
                m.group(9) == null ? 0 : Integer.parseInt(m.group(9)));
        ZoneOffset offset = m.group(10) == null || m.group(10).equals("Z")
                ? ZoneOffset.UTC
                : ZoneOffset.of(
                        m.group(10).length() == 5
                                ? m.group(10).substring(0, 3) + ":"
                                        + m.group(10).substring(3)
                                : m.group(10));
        return LocalDateTime.of(date, time).toInstant(offset);
    }

    static Instant plus(Instant start, DateSpec duration) {
        LocalDateTime t = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
        for (Map.Entry<String, String> f : duration.fields().entrySet()) {
            long v;
            try {
                v = Long.parseLong(f.getValue().trim());
            } catch (NumberFormatException e) {
                continue;
            }
            t = switch (f.getKey()) {
                case "years" -> t.plusYears(v);
                case "months" -> t.plusMonths(v);
                case "weeks" -> t.plusWeeks(v);
                case "days", "monthdays" -> t.plusDays(v);
                case "hours" -> t.plusHours(v);
                case "minutes" -> t.plusMinutes(v);
                case "seconds" -> t.plusSeconds(v);
                default -> t;
            };
        }
        return t.toInstant(ZoneOffset.UTC);
    }
}
