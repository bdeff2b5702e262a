package io.hapc.engine.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import io.hapc.model.cib.Score;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;

/**
 * Admin rule files are checked against an allow-list before Drools compiles them, so that a rule
 * cannot run code: DRL consequences and constraints are Java, and the DC runs as root. The file is
 * parsed with Drools' own DRL parser; every construct outside the list is refused with file, line,
 * what and how to fix it. Allowed:
 * <ul>
 *   <li>imports of the documented fact types and helpers only (no wildcards, no `import function`);</li>
 *   <li>rules whose conditions are patterns on documented fact types, combined with `not`, `exists`,
 *       `or`, `and`, `forall` — no `eval`, `from`, `accumulate`, `collect`, entry points or windows;</li>
 *   <li>constraints made of literals, bound variables, properties of the fact types (read-only
 *       accessors, also chained), read-only methods of strings, maps, lists and optionals,
 *       {@link RuleFunctions} and {@link Score}, enum constants of the model;</li>
 *   <li>consequences made only of `insert(new F(...))` / `insertLogical(new F(...))` of a documented
 *       derived fact F, whose arguments are such expressions (plus `drools.getRule().getName()`);</li>
 *   <li>attributes `salience` (an integer), `no-loop`, `lock-on-active`.</li>
 * </ul>
 * No functions, globals, queries, type declarations, dialects, timers or named consequences.
 */
public final class RuleFileValidator {
    private RuleFileValidator() {}

    /** Every violation in `source`, reported under `file`; empty when the file may be compiled. */
    public static List<RuleCompilationException.Problem> check(String file, String source) {
        List<RuleCompilationException.Problem> problems = new ArrayList<>();
        // The Java compiler reads \\uXXXX escapes before anything else (a quote written so would end a
        // string literal for it but not for a checker): refused outright.
        String[] sourceLines = source.split("\n", -1);
        for (int i = 0; i < sourceLines.length; i++) {
            int at = sourceLines[i].indexOf("\\u");
            if (at >= 0) {
                problems.add(new RuleCompilationException.Problem(
                        file,
                        i + 1,
                        at + 1,
                        "not allowed in admin rules: the unicode " + "escape "
                                + sourceLines[i].substring(at, Math.min(sourceLines[i].length(), at + 6))
                                + " (write the character itself)"));
            }
        }
        if (!problems.isEmpty()) return problems;
        DrlParser parser = new DrlParser(); // the language level the compiler uses too
        PackageDescr pkg;
        try {
            pkg = parser.parse(false, source);
        } catch (DroolsParserException e) {
            problems.add(new RuleCompilationException.Problem(file, e.getLineNumber(), e.getColumn(), e.getMessage()));
            return problems;
        }
        if (parser.hasErrors() || pkg == null) {
            for (DroolsError e : parser.getErrors()) {
                int[] lines = e.getLines();
                problems.add(
                        new RuleCompilationException.Problem(file, lines.length > 0 ? lines[0] : 0, 0, e.getMessage()));
            }
            if (problems.isEmpty())
                problems.add(new RuleCompilationException.Problem(file, 0, 0, "the file cannot be parsed as DRL"));
            return problems;
        }
        new RuleFileCheck(file, pkg, problems).run();
        return problems;
    }

    /** The same check for several files (name → source), all problems together. */
    public static List<RuleCompilationException.Problem> check(Map<String, String> sources) {
        List<RuleCompilationException.Problem> out = new ArrayList<>();
        sources.forEach((name, source) -> out.addAll(check(name, source)));
        return out;
    }

    /** The rules a (valid) file defines, as "package.rule name". */
    static List<String> qualifiedRuleNames(String source) {
        try {
            PackageDescr pkg = new DrlParser().parse(false, source);
            if (pkg == null) return List.of();
            return pkg.getRules().stream()
                    .map(r -> pkg.getName() + "." + r.getName())
                    .toList();
        } catch (DroolsParserException e) {
            return List.of();
        }
    }

    /** The documented types admin rules may import, by fully qualified (source) name. */
    public static Set<String> allowedImportNames() {
        return RuleAllowList.ALLOWED_IMPORTS.keySet();
    }

    static String kind(Object d) {
        return d.getClass().getSimpleName().replace("Descr", "").toLowerCase(java.util.Locale.ROOT);
    }

    static JavaParser javaParser() {
        return new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    }
}
