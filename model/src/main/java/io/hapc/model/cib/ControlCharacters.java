package io.hapc.model.cib;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Control characters (U+0000–U+001F, tab and newline included, and U+007F) in the parameters and
 * meta attributes of resources and fencing devices. Agents get these as `name=value` lines on stdin
 * (fence agents) or environment variables (OCF): a newline in a value adds a line of the writer's
 * choosing — `status_file=/x\naction=off` makes a fence agent power its target off — and `=` in a
 * name moves the split between name and value. No parameter of any agent needs either, so they are
 * refused where configuration comes in and never passed to an agent.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    /** The first offending character of a text and its 1-based position. */
    public record Found(char character, int position) {
        /** "U+000A (line feed) at character 12". */
        public String describe() {
            return String.format("U+%04X (%s) at character %d", (int) character, name(character), position);
        }
    }

    /** The first control character in `text`, if any. */
    public static Optional<Found> in(String text) {
        if (text == null) return Optional.empty();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) return Optional.of(new Found(c, i + 1));
        }
        return Optional.empty();
    }

    /**
     * What is wrong with one name=value pair handed to agents, or empty when it is clean.
     * `owner` says whose it is ("resource web", "fencing device sd"), `kind` what ("parameter").
     */
    public static Optional<String> problem(String owner, String kind, String name, String value) {
        Optional<Found> inName = in(name);
        if (inName.isPresent()) {
            return Optional.of(owner + ": " + kind + " name '" + printable(name) + "' contains the control character "
                    + inName.get().describe() + "; names are letters, digits, '.', '_', ':' and '-'");
        }
        int eq = name == null ? -1 : name.indexOf('=');
        if (eq >= 0) {
            return Optional.of(owner + ": " + kind + " name '" + name + "' contains '=' at character " + (eq + 1)
                    + "; an agent would split the name there (write NAME=VALUE with the '=' after the name only)");
        }
        Optional<Found> inValue = in(value);
        return inValue.map(f -> owner + ": " + kind + " '" + name + "' has the control character " + f.describe()
                + " in its value '" + printable(value)
                + "'; control characters (U+0000–U+001F, tab and newline included, "
                + "and U+007F) are not allowed in values passed to agents (a newline would add a line of its own to "
                + "what the agent reads): remove it");
    }

    /** Every such problem in a set of pairs. */
    public static List<String> problems(String owner, String kind, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        values.forEach((k, v) -> problem(owner, kind, k, v).ifPresent(out::add));
        return out;
    }

    /** Every problem in a CIB's resources: parameters and meta attributes of primitives, meta of groups and clones. */
    public static List<String> problems(Cib cib) {
        List<String> out = new ArrayList<>();
        for (Resource r : cib.resources()) collect(r, out);
        return out;
    }

    private static void collect(Resource r, List<String> out) {
        String owner =
                (r instanceof Resource.Primitive p && p.standard().equals("stonith") ? "fencing device " : "resource ")
                        + r.id();
        for (NvSet s : r.metaSets()) out.addAll(problems(owner, "meta attribute", s.values()));
        if (r instanceof Resource.Primitive p) {
            for (NvSet s : p.instanceSets()) out.addAll(problems(owner, "parameter", s.values()));
        } else if (r instanceof Resource.Group g) {
            g.members().forEach(m -> collect(m, out));
        } else if (r instanceof Resource.Clone c) {
            collect(c.child(), out);
        } else if (r instanceof Resource.Bundle b) {
            b.primitive().ifPresent(p -> collect(p, out));
        }
    }

    /** The text with control characters shown as \n, \t, \r or \xNN, so a message stays on one line. */
    public static String printable(String text) {
        if (text == null) return "";
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7F) b.append(String.format("\\x%02X", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    private static String name(char c) {
        return switch (c) {
            case 0 -> "NUL";
            case '\t' -> "tab";
            case '\n' -> "line feed";
            case '\r' -> "carriage return";
            case 0x1B -> "escape";
            case 0x7F -> "delete";
            default -> "control character";
        };
    }
}
