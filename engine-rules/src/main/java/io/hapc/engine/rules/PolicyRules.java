package io.hapc.engine.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.runtime.KieContainer;

/**
 * The compiled policy: the built-in rules (precompiled at build time as an executable model),
 * optionally together with admin rule files compiled at run time. Immutable once built.
 */
public final class PolicyRules {
    /** The built-in decision areas, one .drl each, in the order they are documented. */
    public static final List<String> BUILT_IN = List.of(
            "location",
            "stickiness",
            "failures",
            "colocation",
            "ordering",
            "groups",
            "clones",
            "promotion",
            "utilization",
            "quorum",
            "fencing",
            "tickets",
            "migration",
            "remote",
            "bundles",
            "health",
            "definitions",
            "shutdown",
            "probes");

    private static final String RULES_PATH = "io/hapc/rules/";

    private final KieBase kieBase;
    private final List<String> adminRuleNames;
    private final Map<String, String> fileByAdminRule;

    private PolicyRules(KieBase kieBase, List<String> adminRuleNames, Map<String, String> fileByAdminRule) {
        this.kieBase = kieBase;
        this.adminRuleNames = List.copyOf(adminRuleNames);
        this.fileByAdminRule = Map.copyOf(fileByAdminRule);
    }

    /** The package of the built-in rules; every other package is an admin's. */
    public static final String BUILT_IN_PACKAGE = "io.hapc.rules";

    public boolean hasAdminRules() {
        return !adminRuleNames.isEmpty();
    }

    /** The admin rule file that defines rule `name` of package `pkg`, if it is an admin rule. */
    public java.util.Optional<String> fileOf(String pkg, String name) {
        return java.util.Optional.ofNullable(fileByAdminRule.get(pkg + "." + name));
    }

    public KieBase kieBase() {
        return kieBase;
    }

    /** The admin rule files compiled in, by the names their problems would be reported under. */
    public List<String> adminRuleNames() {
        return adminRuleNames;
    }

    /** The admin rule files as paths (for rules read from a directory; names otherwise). */
    public List<Path> adminFiles() {
        return adminRuleNames.stream().map(Path::of).toList();
    }

    /** The built-in rules only, from the precompiled executable model on the classpath. */
    public static PolicyRules builtIn() {
        KieContainer container = KieServices.get().getKieClasspathContainer(PolicyRules.class.getClassLoader());
        return new PolicyRules(container.getKieBase("hapc-policy"), List.of(), Map.of());
    }

    /** Built-in rules plus every *.drl in `rulesDir`, compiled together; a broken file is refused whole. */
    public static PolicyRules withAdminRules(Path rulesDir) throws RuleCompilationException {
        List<Path> files;
        try (Stream<Path> s = Files.list(rulesDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".drl"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RuleCompilationException(List.of(new RuleCompilationException.Problem(
                    rulesDir.toString(), 0, 0, "cannot read rules directory: " + e.getMessage())));
        }
        return withAdminRules(files);
    }

    /** Built-in rules plus these files; problems name each file by its path as given. */
    public static PolicyRules withAdminRules(List<Path> files) throws RuleCompilationException {
        Map<String, String> sources = new LinkedHashMap<>();
        List<RuleCompilationException.Problem> unreadable = new ArrayList<>();
        for (Path f : files) {
            try {
                sources.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                unreadable.add(
                        new RuleCompilationException.Problem(f.toString(), 0, 0, "cannot read: " + e.getMessage()));
            }
        }
        if (!unreadable.isEmpty()) throw new RuleCompilationException(unreadable);
        return withAdminSources(sources);
    }

    /**
     * Built-in rules plus admin rule sources (name → DRL text, e.g. the rule files stored in the CIB),
     * checked against the allow-list of {@link RuleFileValidator} and then compiled together at run
     * time. Every problem is reported as name:line:column; nothing is
     * returned unless every file compiles. No sources: the precompiled built-in rules.
     */
    public static PolicyRules withAdminSources(Map<String, String> nameToSource) throws RuleCompilationException {
        if (nameToSource.isEmpty()) return builtIn();
        // Checked before Drools sees them: compiling alone would already run code (static initialisers, MVEL).
        List<RuleCompilationException.Problem> refused = RuleFileValidator.check(nameToSource);
        if (!refused.isEmpty()) throw new RuleCompilationException(refused);
        // A file may switch off or replace a built-in rule by name (RuleOverrides): checked, then left out.
        Map<String, String> builtIns = new LinkedHashMap<>();
        for (String area : BUILT_IN)
            builtIns.put(RULES_PATH + area + ".drl", builtInSource(RULES_PATH + area + ".drl"));
        List<RuleOverrides.Override> overrides = RuleOverrides.declaredIn(nameToSource);
        List<RuleCompilationException.Problem> unknown = RuleOverrides.check(overrides, builtIns);
        if (!unknown.isEmpty()) throw new RuleCompilationException(unknown);
        java.util.Set<String> leftOut = RuleOverrides.byRule(overrides).keySet();
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        builtIns.forEach(
                (path, source) -> kfs.write("src/main/resources/" + path, RuleOverrides.without(source, leftOut)));
        // Names may be paths or anything an admin typed: each gets its own safe resource path
        // (Drools compiles only *.drl resources), mapped back to the name for problems.
        Map<String, String> nameByResource = new LinkedHashMap<>();
        int index = 0;
        for (Map.Entry<String, String> e : nameToSource.entrySet()) {
            String base = e.getKey().replaceAll(".*[/\\\\]", "").replaceAll("[^A-Za-z0-9._-]", "_");
            String resource = "admin/" + (index++) + "-" + (base.endsWith(".drl") ? base : base + ".drl");
            kfs.write("src/main/resources/" + resource, e.getValue());
            nameByResource.put(resource, e.getKey());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        Results results = builder.getResults();
        if (results.hasMessages(Message.Level.ERROR)) {
            List<RuleCompilationException.Problem> problems = new ArrayList<>();
            for (Message m : results.getMessages(Message.Level.ERROR)) {
                String path = m.getPath() == null ? "?" : m.getPath();
                String shown = path;
                for (Map.Entry<String, String> r : nameByResource.entrySet()) {
                    if (path.endsWith(r.getKey())) shown = r.getValue();
                }
                problems.add(problem(shown, m));
            }
            throw new RuleCompilationException(problems);
        }
        KieContainer container = ks.newKieContainer(builder.getKieModule().getReleaseId());
        Map<String, String> fileByRule = new java.util.HashMap<>();
        nameToSource.forEach(
                (name, source) -> RuleFileValidator.qualifiedRuleNames(source).forEach(r -> fileByRule.put(r, name)));
        return new PolicyRules(container.getKieBase(), List.copyOf(nameToSource.keySet()), fileByRule);
    }

    private static final java.util.regex.Pattern LINE_COLUMN =
            java.util.regex.Pattern.compile("\\[Line: (\\d+), Column: (\\d+)\\]");

    /** One problem on one line: Drools' first line plus its "[Error: …]" detail, with the best line/column it gives. */
    private static RuleCompilationException.Problem problem(String file, Message m) {
        String text = m.getText() == null ? "" : m.getText().trim();
        int line = m.getLine();
        int column = m.getColumn();
        java.util.regex.Matcher lc = LINE_COLUMN.matcher(text);
        if (lc.find()) {
            if (line <= 0) line = Integer.parseInt(lc.group(1));
            if (column <= 0) column = Integer.parseInt(lc.group(2));
        }
        String[] lines = text.split("\\R");
        StringBuilder msg = new StringBuilder(lines.length == 0 ? "" : lines[0].trim());
        for (String l : lines) {
            if (l.startsWith("[Error:")) msg.append(' ').append(l.trim());
        }
        return new RuleCompilationException.Problem(file, line, column, msg.toString());
    }

    private static String builtInSource(String path) {
        try (InputStream in = PolicyRules.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("built-in rule file missing from the classpath: " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in rule file " + path, e);
        }
    }
}
