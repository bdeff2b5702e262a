package io.hapc.engine.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admin rule files that switch off or replace a built-in rule, by a header line naming it:
 * <pre>
 * // hapc: disables "quorum: without quorum, stop everything (no-quorum-policy=stop)"
 * // hapc: replaces "stickiness: prefer the current node"
 * </pre>
 * Either way the named built-in rule is left out when the rules are compiled (its source is not
 * compiled at all); {@code replaces} says that the file's own rules take its place. Names are
 * checked before anything goes live: a name that is no built-in rule refuses the file.
 */
public final class RuleOverrides {
    /** One header line: which built-in rule, how, and where it was said. */
    public record Override(String builtInRule, boolean replaced, String file, int line) {}

    private static final Pattern HEADER =
            Pattern.compile("^\\s*//\\s*hapc:\\s*(disables|replaces)\\s+\"([^\"]+)\"\\s*$");
    private static final Pattern RULE = Pattern.compile("^rule\\s+\"([^\"]+)\"");

    private RuleOverrides() {}

    /** Every override the admin files declare, in file order. */
    public static List<Override> declaredIn(Map<String, String> nameToSource) {
        List<Override> out = new ArrayList<>();
        for (Map.Entry<String, String> e : nameToSource.entrySet()) {
            String[] lines = e.getValue().split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = HEADER.matcher(lines[i]);
                if (m.matches()) out.add(new Override(m.group(2), m.group(1).equals("replaces"), e.getKey(), i + 1));
            }
        }
        return out;
    }

    /** The names of the rules a DRL source declares (top-level `rule "NAME"` lines). */
    static List<String> ruleNames(String source) {
        List<String> out = new ArrayList<>();
        for (String line : source.split("\\R")) {
            Matcher m = RULE.matcher(line);
            if (m.find()) out.add(m.group(1));
        }
        return out;
    }

    /** Problems: overrides naming no built-in rule (by the built-in sources, path → text). */
    static List<RuleCompilationException.Problem> check(List<Override> overrides, Map<String, String> builtInSources) {
        Set<String> known = new java.util.HashSet<>();
        builtInSources.values().forEach(s -> known.addAll(ruleNames(s)));
        List<RuleCompilationException.Problem> problems = new ArrayList<>();
        for (Override o : overrides) {
            if (!known.contains(o.builtInRule())) {
                problems.add(
                        new RuleCompilationException.Problem(
                                o.file(),
                                o.line(),
                                1,
                                (o.replaced() ? "replaces" : "disables")
                                        + " \"" + o.builtInRule()
                                        + "\", which is not a built-in rule: name one exactly as its `rule \"…\"` line "
                                        + "in the built-in .drl files does, as `simulate --explain` prints it (e.g. \"stickiness: prefer the current node\")"));
            }
        }
        return problems;
    }

    /** {@code source} without the rules named in {@code left out} (from `rule "NAME"` to its `end` line). */
    static String without(String source, Set<String> leftOut) {
        if (leftOut.isEmpty()) return source;
        StringBuilder out = new StringBuilder();
        boolean skipping = false;
        for (String line : source.split("\\R", -1)) {
            Matcher m = RULE.matcher(line);
            if (!skipping && m.find() && leftOut.contains(m.group(1))) {
                skipping = true;
                continue;
            }
            if (skipping) {
                if (line.strip().equals("end")) skipping = false;
                continue;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Built-in rule name → the override of it (the last file's, when several name it). */
    static Map<String, Override> byRule(List<Override> overrides) {
        Map<String, Override> out = new LinkedHashMap<>();
        overrides.forEach(o -> out.put(o.builtInRule(), o));
        return out;
    }
}
