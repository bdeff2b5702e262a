package io.hapc.model.xml;

import io.hapc.model.cib.Durations;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.Locale;
import java.util.Optional;

/** Attribute values of CIB XML as the model wants them; a bad one is a {@link CibXmlReader.Bad} naming the element. */
final class XmlValues {
    private XmlValues() {}

    static String required(XmlElement e, String attr) {
        return e.attr(attr)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new CibXmlReader.Bad(e, "missing required attribute '" + attr + "'"));
    }

    static int score(XmlElement e, String attr, String value) {
        try {
            return Score.parse(value);
        } catch (IllegalArgumentException ex) {
            throw new CibXmlReader.Bad(
                    e,
                    "attribute '" + attr + "' value '" + value
                            + "' is not a score (expected an integer, INFINITY or -INFINITY)");
        }
    }

    static Optional<Role> role(XmlElement e, String attr) {
        Optional<String> v = e.attr(attr);
        if (v.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Role.parse(v.get()));
        } catch (IllegalArgumentException ex) {
            throw new CibXmlReader.Bad(e, "attribute '" + attr + "': " + ex.getMessage());
        }
    }

    static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "on", "1" -> true;
            default -> false;
        };
    }

    static long number(XmlElement e, String attr, long fallback) {
        Optional<String> v = e.attr(attr);
        if (v.isEmpty() || v.get().isBlank()) return fallback;
        try {
            return Long.parseLong(v.get().trim());
        } catch (NumberFormatException ex) {
            throw new CibXmlReader.Bad(e, "attribute '" + attr + "' value '" + v.get() + "' is not a number");
        }
    }

    /** Pacemaker durations ("10" = seconds, "10s", "500ms", "2min", "PT10S") in milliseconds. */
    static long duration(XmlElement e, String attr, String text) {
        try {
            return Durations.parseMillis(text);
        } catch (IllegalArgumentException ex) {
            throw new CibXmlReader.Bad(
                    e,
                    "attribute '" + attr + "' value '" + text + "' is not a duration (e.g. 10s, 500ms, 2min, PT10S)");
        }
    }

    static int count(XmlElement e, String attr, String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CibXmlReader.Bad(
                e, "attribute '" + attr + "' value '" + text + "' is not a non-negative whole number");
    }
}
