package io.hapc.engine.rules;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import io.hapc.engine.cluster.ClusterOptions;
import io.hapc.engine.cluster.NodeState;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.OnFail;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.facts.CloneFact;
import io.hapc.engine.facts.ClusterFact;
import io.hapc.engine.facts.ColocationEdge;
import io.hapc.engine.facts.DemoteRequest;
import io.hapc.engine.facts.FenceRequest;
import io.hapc.engine.facts.GroupFact;
import io.hapc.engine.facts.MigrationAllowed;
import io.hapc.engine.facts.NodeUnavailable;
import io.hapc.engine.facts.OrderEdge;
import io.hapc.engine.facts.OrderKind;
import io.hapc.engine.facts.PromotionContribution;
import io.hapc.engine.facts.ResourceId;
import io.hapc.engine.facts.ScoreContribution;
import io.hapc.engine.facts.StartBlock;
import io.hapc.engine.facts.StopRequest;
import io.hapc.engine.facts.Warning;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
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
    /** Input facts rules may match. */
    private static final List<Class<?>> INPUT_FACTS = List.of(
            ClusterFact.class,
            NodeView.class,
            ResourceView.class,
            ResourceId.class,
            GroupFact.class,
            CloneFact.class,
            Constraint.Location.class,
            Constraint.Colocation.class,
            Constraint.Order.class);
    /** Derived facts rules may insert (and match). */
    private static final List<Class<?>> DERIVED_FACTS = List.of(
            ScoreContribution.class,
            PromotionContribution.class,
            NodeUnavailable.class,
            ColocationEdge.class,
            OrderEdge.class,
            FenceRequest.class,
            StartBlock.class,
            StopRequest.class,
            DemoteRequest.class,
            Warning.class,
            MigrationAllowed.class);
    /** Types whose static members (pure functions, constants) rules may use. */
    private static final List<Class<?>> HELPERS = List.of(RuleFunctions.class, Score.class);
    /** Enums whose constants rules may name. */
    private static final List<Class<?>> ENUMS =
            List.of(NodeState.class, OrderKind.class, ResourceId.Kind.class, Role.class, OnFail.class);
    /** Read-only methods of JDK values (strings, collections, optionals, times) with their argument counts. */
    private static final Map<String, Set<Integer>> VALUE_METHODS = Map.ofEntries(
            Map.entry("equals", Set.of(1)),
            Map.entry("equalsIgnoreCase", Set.of(1)),
            Map.entry("compareTo", Set.of(1)),
            Map.entry("startsWith", Set.of(1)),
            Map.entry("endsWith", Set.of(1)),
            Map.entry("contains", Set.of(1)),
            Map.entry("containsKey", Set.of(1)),
            Map.entry("containsValue", Set.of(1)),
            Map.entry("get", Set.of(1)),
            Map.entry("getOrDefault", Set.of(2)),
            Map.entry("isEmpty", Set.of(0)),
            Map.entry("isBlank", Set.of(0)),
            Map.entry("isPresent", Set.of(0)),
            Map.entry("orElse", Set.of(1)),
            Map.entry("size", Set.of(0)),
            Map.entry("length", Set.of(0)),
            Map.entry("toString", Set.of(0)),
            Map.entry("toLowerCase", Set.of(0)),
            Map.entry("toUpperCase", Set.of(0)),
            Map.entry("trim", Set.of(0)),
            Map.entry("indexOf", Set.of(1)),
            Map.entry("substring", Set.of(1, 2)),
            Map.entry("name", Set.of(0)),
            Map.entry("ordinal", Set.of(0)),
            Map.entry("isBefore", Set.of(1)),
            Map.entry("isAfter", Set.of(1)),
            Map.entry("getEpochSecond", Set.of(0)),
            Map.entry("toEpochMilli", Set.of(0)),
            Map.entry("keySet", Set.of(0)),
            Map.entry("values", Set.of(0)));
    /** Never callable, whatever the receiver: they lead out of the fact model. */
    private static final Set<String> NEVER =
            Set.of("getClass", "getDeclaringClass", "wait", "notify", "notifyAll", "clone", "finalize", "hashCode");

    private static final Set<String> BUILT_IN_PACKAGE_PREFIXES = Set.of("io.hapc");
    /** Patterns per rule: the engine joins them, so each one more multiplies time and memory by a collection's size. */
    static final int MAX_PATTERNS = 4;

    private static final Map<String, Class<?>> ALLOWED_IMPORTS = allowedImports();
    /** Names of the read-only accessors of the fact model (record components, no-argument methods). */
    private static final Set<String> ACCESSORS = accessors();

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
        new FileCheck(file, pkg, problems).run();
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
        return ALLOWED_IMPORTS.keySet();
    }

    private static final class FileCheck {
        private final String file;
        private final PackageDescr pkg;
        private final List<RuleCompilationException.Problem> problems;
        /** Simple (or nested, e.g. Constraint.Location) name → type, from the imports. */
        private final Map<String, Class<?>> types = new HashMap<>();

        FileCheck(String file, PackageDescr pkg, List<RuleCompilationException.Problem> problems) {
            this.file = file;
            this.pkg = pkg;
            this.problems = problems;
        }

        void run() {
            String name = pkg.getName() == null ? "" : pkg.getName();
            for (String prefix : BUILT_IN_PACKAGE_PREFIXES) {
                if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                    refuse(
                            pkg,
                            "package " + name + " is hapc's own",
                            "use a package of your own, e.g. `package admin.rules`");
                }
            }
            for (ImportDescr i : pkg.getImports()) checkImport(i);
            pkg.getFunctionImports()
                    .forEach(
                            f -> refuse(
                                    f,
                                    "`import function` runs code outside the rule",
                                    "remove it; conditions may call io.hapc.engine.rules.RuleFunctions and io.hapc.model.cib.Score"));
            pkg.getAccumulateImports().forEach(a -> refuse(a, "`import accumulate` is not allowed", "remove it"));
            pkg.getGlobals()
                    .forEach(g -> refuse(
                            g,
                            "global " + g.getIdentifier() + " is not allowed (globals hand rules outside objects)",
                            "remove it; rules see only the facts"));
            pkg.getFunctions()
                    .forEach(f -> refuse(
                            f,
                            "function " + f.getName() + " is not allowed (it would run code)",
                            "remove it; write the logic as conditions, or use io.hapc.engine.rules.RuleFunctions"));
            pkg.getTypeDeclarations()
                    .forEach(t -> refuse(
                            t,
                            "declare " + t.getTypeName() + " is not allowed",
                            "use the documented fact types (docs/RULES.md)"));
            pkg.getEnumDeclarations()
                    .forEach(t -> refuse(
                            t,
                            "declare enum " + t.getTypeName() + " is not allowed",
                            "use the documented fact types (docs/RULES.md)"));
            pkg.getEntryPointDeclarations()
                    .forEach(t -> refuse(t, "entry-point declarations are not allowed", "remove it"));
            pkg.getWindowDeclarations().forEach(t -> refuse(t, "window declarations are not allowed", "remove it"));
            pkg.getAttributes().forEach(a -> checkAttribute(a, "package"));
            if (pkg.getUnit() != null) refuse(pkg.getUnit(), "rule units are not allowed", "remove the `unit` line");
            for (RuleDescr rule : pkg.getRules()) checkRule(rule);
        }

        private void checkImport(ImportDescr i) {
            String target = i.getTarget();
            if (target.endsWith(".*")) {
                refuse(i, "wildcard import " + target, "import each type by name (docs/RULES.md lists them)");
                return;
            }
            Class<?> type = ALLOWED_IMPORTS.get(target);
            if (type == null) {
                refuse(
                        i,
                        "import " + target + " is not one of the documented fact types or helpers",
                        "remove it; rules may import only " + String.join(", ", ALLOWED_IMPORTS.keySet()));
                return;
            }
            String simple = target.substring(target.lastIndexOf('.') + 1);
            types.put(simple, type);
            // Constraint imported: Constraint.Location etc. are reachable by their nested names.
            for (Class<?> nested : type.getDeclaredClasses()) {
                Class<?> allowed = ALLOWED_IMPORTS.get(nested.getCanonicalName());
                if (allowed != null) types.put(simple + "." + nested.getSimpleName(), allowed);
            }
        }

        private void checkAttribute(AttributeDescr a, String where) {
            switch (a.getName()) {
                case "salience" -> {
                    if (!a.getValue().trim().matches("-?\\d{1,9}")) {
                        refuse(
                                a,
                                where + " salience " + a.getValue() + " is an expression",
                                "give salience as a whole number");
                    }
                }
                case "no-loop", "lock-on-active" -> {}
                default ->
                    refuse(
                            a,
                            "attribute " + a.getName() + " is not allowed in " + where,
                            "remove it; allowed: salience (a number), no-loop, lock-on-active");
            }
        }

        private void checkRule(RuleDescr rule) {
            String what = (rule.isQuery() ? "query \"" : "rule \"") + rule.getName() + "\"";
            if (rule.isQuery()) {
                refuse(rule, what + ": queries are not allowed", "remove it; rules insert derived facts only");
                return;
            }
            if (rule.hasErrors()) rule.getErrors().forEach(e -> refuse(rule, what + ": " + e, "fix the syntax"));
            rule.getAttributes().values().forEach(a -> checkAttribute(a, what));
            if (rule.getParentName() != null)
                refuse(rule, what + " extends " + rule.getParentName(), "write its conditions out in full");
            if (rule.getUnit() != null) refuse(rule, what + ": rule units are not allowed", "remove the unit");
            if (!rule.getNamedConsequences().isEmpty()) {
                refuse(
                        rule,
                        what + ": named consequences (then[...] / do[...]) are not allowed",
                        "use one `then` part");
            }
            Map<String, Class<?>> bound = new LinkedHashMap<>();
            if (rule.getLhs() != null) {
                checkConditions(what, rule.getLhs(), bound);
                int patterns = countPatterns(rule.getLhs());
                if (patterns > MAX_PATTERNS) {
                    refuse(
                            rule,
                            what + " has " + patterns + " patterns; at most " + MAX_PATTERNS
                                    + " (each one more multiplies " + "what the engine joins)",
                            "split the rule, or match narrowly");
                }
            }
            checkConsequence(what, rule, bound);
        }

        // ---- conditions -------------------------------------------------------------------------

        private int countPatterns(BaseDescr d) {
            if (d instanceof PatternDescr) return 1;
            if (d instanceof org.drools.drl.ast.descr.ConditionalElementDescr ce) {
                return ce.getDescrs().stream()
                        .mapToInt(c -> countPatterns((BaseDescr) c))
                        .sum();
            }
            return 0;
        }

        private void checkConditions(String rule, BaseDescr d, Map<String, Class<?>> bound) {
            if (d instanceof AndDescr and) {
                and.getDescrs().forEach(c -> checkConditions(rule, c, bound));
            } else if (d instanceof OrDescr or) {
                or.getDescrs().forEach(c -> checkConditions(rule, c, bound));
            } else if (d instanceof NotDescr not) {
                not.getDescrs().forEach(c -> checkConditions(rule, (BaseDescr) c, bound));
            } else if (d instanceof ExistsDescr exists) {
                exists.getDescrs().forEach(c -> checkConditions(rule, (BaseDescr) c, bound));
            } else if (d instanceof ForallDescr forall) {
                forall.getDescrs().forEach(c -> checkConditions(rule, c, bound));
            } else if (d instanceof PatternDescr p) {
                checkPattern(rule, p, bound);
            } else if (d instanceof EvalDescr) {
                refuse(
                        d,
                        rule + ": `eval` is not allowed (it runs arbitrary code)",
                        "write the test as a constraint inside a pattern, e.g. NodeView( attributes.get(\"disk\") == \"slow\" )");
            } else {
                refuse(
                        d,
                        rule + ": condition element " + kind(d) + " is not allowed",
                        "use patterns on the documented facts with not/exists/or/and/forall");
            }
        }

        private void checkPattern(String rule, PatternDescr p, Map<String, Class<?>> bound) {
            Class<?> type = resolveType(p.getObjectType());
            if (type == null || !(INPUT_FACTS.contains(type) || DERIVED_FACTS.contains(type))) {
                refuse(
                        p,
                        rule + ": pattern type " + p.getObjectType() + " is not a documented fact type",
                        "match one of the facts in docs/RULES.md, imported by its full name");
                return;
            }
            if (p.getSource() != null) {
                refuse(
                        p,
                        rule + ": `" + kind(p.getSource()) + "` on pattern " + p.getObjectType() + " is not allowed "
                                + "(from/accumulate/collect/entry-point run or reach outside code)",
                        "match the facts directly");
            }
            if (p.isQuery())
                refuse(p, rule + ": query call " + p.getObjectType() + " is not allowed", "match facts only");
            if (p.getBehaviors() != null && !p.getBehaviors().isEmpty())
                refuse(p, rule + ": windows are not allowed", "remove it");
            if (!p.getPositionalConstraints().isEmpty()) {
                refuse(
                        p,
                        rule + ": positional constraints are not allowed",
                        "name the property, e.g. NodeView( name == \"n1\" )");
            }
            if (p.getIdentifier() != null) bound.put(p.getIdentifier(), type);
            for (BaseDescr c : p.getDescrs()) {
                if (!(c instanceof ExprConstraintDescr e)) {
                    refuse(c, rule + ": constraint " + c.getText() + " is not allowed", "write a plain constraint");
                    continue;
                }
                if (e.getType() == ExprConstraintDescr.Type.POSITIONAL) continue; // reported above
                DrlExprParser exprParser = DrlExprParserFactory.getDrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
                ConstraintConnectiveDescr tree = exprParser.parse(e.getExpression());
                if (exprParser.hasErrors() || tree == null) {
                    refuse(e, rule + ": cannot read constraint `" + e.getExpression() + "`", "fix its syntax");
                    continue;
                }
                if (e.getLine() <= 0) e.setLocation(p.getLine(), p.getColumn());
                checkConstraint(rule, e, tree, type, bound);
            }
        }

        // No `matches`: a regular expression can backtrack for ever inside one constraint, where no bound can stop it.
        private static final Set<String> OPERATORS =
                Set.of("==", "!=", "<", ">", "<=", ">=", "contains", "memberOf", "in", "str");

        private void checkConstraint(
                String rule, ExprConstraintDescr where, BaseDescr d, Class<?> factType, Map<String, Class<?>> bound) {
            if (d instanceof ConstraintConnectiveDescr c) {
                c.getDescrs().forEach(x -> checkConstraint(rule, where, x, factType, bound));
            } else if (d instanceof RelationalExprDescr r) {
                if (!OPERATORS.contains(r.getOperator())) {
                    refuse(
                            where,
                            rule + ": operator `" + r.getOperator() + "` is not allowed",
                            "use ==, !=, <, >, <=, >=, contains, memberOf or in (for text: startsWith, endsWith, contains)");
                }
                checkConstraint(rule, where, r.getLeft(), factType, bound);
                checkConstraint(rule, where, r.getRight(), factType, bound);
            } else if (d instanceof BindingDescr b) {
                if (b.getExpression() != null && !b.getExpression().isBlank()) {
                    checkExpressionText(rule, where, b.getExpression(), factType, bound, false);
                }
                bound.put(b.getVariable(), Object.class);
            } else if (d instanceof AtomicExprDescr a) {
                if (!a.isLiteral()) checkExpressionText(rule, where, a.getExpression(), factType, bound, false);
            } else if (d != null) {
                refuse(
                        where,
                        rule + ": " + kind(d) + " in constraint `" + where.getExpression() + "` is not allowed",
                        "write a plain comparison");
            }
        }

        private void checkExpressionText(
                String rule,
                BaseDescr where,
                String text,
                Class<?> factType,
                Map<String, Class<?>> bound,
                boolean consequence) {
            ParseResult<Expression> parsed = javaParser().parseExpression(text);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                refuse(
                        where,
                        rule + ": cannot check the expression `" + text + "`",
                        "write it as plain Java: literals, properties, bound variables and the allowed methods");
                return;
            }
            new ExpressionCheck(rule, where, 0, factType, bound, consequence)
                    .check(parsed.getResult().get());
        }

        // ---- consequence ------------------------------------------------------------------------

        private void checkConsequence(String rule, RuleDescr r, Map<String, Class<?>> bound) {
            Object consequence = r.getConsequence();
            String text = consequence == null ? "" : consequence.toString();
            // Drools gives the line of `then`; the consequence text starts on the next one.
            int base = r.getConsequenceLine() > 0 ? r.getConsequenceLine() : r.getLine();
            ParseResult<BlockStmt> parsed = javaParser().parseBlock("{" + text + "\n}");
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                refuse(
                        r,
                        base + 1,
                        rule + ": the `then` part is not a list of insert(...) / insertLogical(...) statements",
                        "write only insert(new Fact(...)); / insertLogical(new Fact(...)); with a documented derived fact");
                return;
            }
            for (Statement s : parsed.getResult().get().getStatements()) {
                if (s instanceof EmptyStmt) continue;
                int line = base + s.getBegin().map(p -> p.line).orElse(1);
                if (!(s instanceof ExpressionStmt es)
                        || !(es.getExpression() instanceof MethodCallExpr call)
                        || call.getScope().isPresent()
                        || !(call.getNameAsString().equals("insert")
                                || call.getNameAsString().equals("insertLogical"))) {
                    refuse(
                            r,
                            line,
                            rule + ": `" + firstLine(s) + "` is not allowed in the `then` part",
                            "write only insert(new Fact(...)); or insertLogical(new Fact(...)); — no other statements, calls or loops");
                    continue;
                }
                if (call.getArguments().size() != 1 || !(call.getArgument(0) instanceof ObjectCreationExpr create)) {
                    refuse(
                            r,
                            line,
                            rule + ": " + call.getNameAsString() + " must be given `new Fact(...)` of a derived fact",
                            "e.g. insertLogical(new Warning(\"…\", drools.getRule().getName()));");
                    continue;
                }
                Class<?> type = resolveType(create.getType().getNameWithScope());
                if (type == null || !DERIVED_FACTS.contains(type)) {
                    refuse(
                            r,
                            line,
                            rule + ": new " + create.getType() + " is not a documented derived fact",
                            "insert one of "
                                    + String.join(
                                            ", ",
                                            DERIVED_FACTS.stream()
                                                    .map(Class::getSimpleName)
                                                    .toList()));
                    continue;
                }
                if (create.getAnonymousClassBody().isPresent()
                        || create.getScope().isPresent()
                        || create.getTypeArguments().isPresent()) {
                    refuse(
                            r,
                            line,
                            rule + ": new " + create.getType() + " with a class body or type arguments",
                            "write new Fact(args)");
                    continue;
                }
                // A fact may have a shorter form besides its full one (a typed cause defaulted): any public
                // constructor.
                List<Integer> arities = java.util.Arrays.stream(type.getConstructors())
                        .map(c -> c.getParameterCount())
                        .sorted()
                        .distinct()
                        .toList();
                if (!arities.contains(create.getArguments().size())) {
                    refuse(
                            r,
                            line,
                            rule + ": new " + type.getSimpleName() + " takes "
                                    + String.join(
                                            " or ",
                                            arities.stream()
                                                    .map(String::valueOf)
                                                    .toList()) + " arguments, not "
                                    + create.getArguments().size(),
                            "see docs/RULES.md for its fields");
                }
                ExpressionCheck args = new ExpressionCheck(rule, r, base, null, bound, true);
                create.getArguments().forEach(args::check);
            }
        }

        private static String firstLine(Node n) {
            String s = n.toString().strip();
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl) + " …";
        }

        /** A type name as written (simple, nested or fully qualified) → the allowed type, or null. */
        private Class<?> resolveType(String name) {
            if (name == null) return null;
            Class<?> t = types.get(name);
            return t != null ? t : ALLOWED_IMPORTS.get(name);
        }

        /** Checks one Java expression (a constraint's side, a constructor argument) against the allow-list. */
        private final class ExpressionCheck {
            private final String rule;
            private final BaseDescr where;
            private final int lineBase;
            private final Class<?> factType;
            private final Map<String, Class<?>> bound;
            private final boolean consequence;

            ExpressionCheck(
                    String rule,
                    BaseDescr where,
                    int lineBase,
                    Class<?> factType,
                    Map<String, Class<?>> bound,
                    boolean consequence) {
                this.rule = rule;
                this.where = where;
                this.lineBase = lineBase;
                this.factType = factType;
                this.bound = bound;
                this.consequence = consequence;
            }

            void check(Expression e) {
                if (e instanceof StringLiteralExpr
                        || e instanceof IntegerLiteralExpr
                        || e instanceof LongLiteralExpr
                        || e instanceof DoubleLiteralExpr
                        || e instanceof BooleanLiteralExpr
                        || e instanceof CharLiteralExpr
                        || e instanceof NullLiteralExpr
                        || e instanceof TextBlockLiteralExpr) {
                    return;
                }
                if (e instanceof ThisExpr && !consequence) return;
                if (e instanceof EnclosedExpr x) {
                    check(x.getInner());
                } else if (e instanceof BinaryExpr x) {
                    check(x.getLeft());
                    check(x.getRight());
                } else if (e instanceof UnaryExpr x) {
                    switch (x.getOperator()) {
                        case LOGICAL_COMPLEMENT, MINUS, PLUS -> check(x.getExpression());
                        default -> refuse(e, "`" + e + "` changes a value", "rules only read values");
                    }
                } else if (e instanceof ConditionalExpr x) {
                    check(x.getCondition());
                    check(x.getThenExpr());
                    check(x.getElseExpr());
                } else if (e instanceof NameExpr x) {
                    checkName(x);
                } else if (e instanceof FieldAccessExpr x) {
                    checkFieldAccess(x);
                } else if (e instanceof MethodCallExpr x) {
                    checkCall(x);
                } else if (e instanceof ObjectCreationExpr x) {
                    refuse(
                            e,
                            "`new " + x.getType() + "` inside an expression is not allowed",
                            "only insert(new Fact(...)) of a derived fact creates objects");
                } else {
                    refuse(
                            e,
                            "`" + e + "` (" + e.getClass().getSimpleName().replace("Expr", "") + ") is not allowed",
                            "use literals, bound variables, fact properties and the allowed methods (docs/RULES.md)");
                }
            }

            private void checkName(NameExpr x) {
                String n = x.getNameAsString();
                if (bound.containsKey(n)) return;
                if (!consequence && ACCESSORS.contains(n)) return; // a property of the pattern's fact
                if (resolveType(n) != null || n.equals("drools")) {
                    refuse(
                            x,
                            "`" + n + "` cannot be used as a value",
                            "use its constants or functions, e.g. Score.INFINITY");
                    return;
                }
                refuse(
                        x,
                        "unknown name `" + n + "`",
                        "use a bound variable ($x), a property of the fact, or an imported documented type");
            }

            private void checkFieldAccess(FieldAccessExpr x) {
                Optional<Class<?>> type = typeName(x.getScope());
                String field = x.getNameAsString();
                if (type.isPresent()) {
                    Class<?> t = type.get();
                    if (t.isEnum()
                            && ENUMS.contains(t)
                            && java.util.Arrays.stream(t.getEnumConstants())
                                    .anyMatch(c -> ((Enum<?>) c).name().equals(field))) {
                        return;
                    }
                    if (HELPERS.contains(t) && staticConstant(t, field)) return;
                    refuse(x, "`" + x + "` is not a constant of " + t.getSimpleName(), "use its documented constants");
                    return;
                }
                if (NEVER.contains(field) || !ACCESSORS.contains(field)) {
                    refuse(
                            x,
                            "`." + field + "` is not a property of the fact model",
                            "use the properties in docs/RULES.md");
                    return;
                }
                check(x.getScope());
            }

            private void checkCall(MethodCallExpr x) {
                String name = x.getNameAsString();
                int args = x.getArguments().size();
                if (x.getTypeArguments().isPresent()) {
                    refuse(x, "`" + x + "` has type arguments", "call it without them");
                    return;
                }
                if (x.getScope().isEmpty() && !consequence && args == 0 && ACCESSORS.contains(name))
                    return; // this.online()
                if (x.getScope().isEmpty()) {
                    refuse(
                            x,
                            "call `" + name + "(...)` is not allowed" + (consequence ? " in an argument" : ""),
                            "call methods on facts or on RuleFunctions/Score only");
                    return;
                }
                Expression scope = x.getScope().get();
                if (isRuleName(x)) return;
                Optional<Class<?>> type = typeName(scope);
                if (type.isPresent()) {
                    Class<?> t = type.get();
                    boolean ok = (HELPERS.contains(t) && staticMethod(t, name, args))
                            || (t == Optional.class
                                    && (name.equals("empty") && args == 0 || name.equals("of") && args == 1));
                    if (!ok) {
                        refuse(
                                x,
                                "call " + t.getSimpleName() + "." + name + "(...) is not allowed",
                                "only the functions of io.hapc.engine.rules.RuleFunctions and io.hapc.model.cib.Score may be called");
                        return;
                    }
                    x.getArguments().forEach(this::check);
                    return;
                }
                boolean accessor = args == 0 && ACCESSORS.contains(name);
                boolean valueMethod = VALUE_METHODS.getOrDefault(name, Set.of()).contains(args);
                if (NEVER.contains(name) || !(accessor || valueMethod)) {
                    refuse(
                            x,
                            "call ." + name + "(" + (args == 0 ? "" : "…") + ") is not allowed",
                            "only read-only accessors of the facts and of strings, maps, lists and optionals may be called");
                    return;
                }
                check(scope);
                x.getArguments().forEach(this::check);
            }

            /** `drools.getRule().getName()`: the name of the rule, for the `rule` field of derived facts. */
            private boolean isRuleName(MethodCallExpr x) {
                return x.getNameAsString().equals("getName")
                        && x.getArguments().isEmpty()
                        && x.getScope()
                                .filter(s -> s instanceof MethodCallExpr m
                                        && m.getNameAsString().equals("getRule")
                                        && m.getArguments().isEmpty()
                                        && m.getScope()
                                                .filter(d -> d instanceof NameExpr n
                                                        && n.getNameAsString().equals("drools"))
                                                .isPresent())
                                .isPresent();
            }

            /** The allowed type an expression names (Score, Constraint.Location, io.hapc.model.cib.Score, Optional), if it is one. */
            private Optional<Class<?>> typeName(Expression scope) {
                if (!(scope instanceof NameExpr || scope instanceof FieldAccessExpr)) return Optional.empty();
                String text = scope.toString();
                String head = text.contains(".") ? text.substring(0, text.indexOf('.')) : text;
                if (bound.containsKey(head)) return Optional.empty();
                if (text.equals("Optional") || text.equals("java.util.Optional")) return Optional.of(Optional.class);
                return Optional.ofNullable(resolveType(text));
            }

            private void refuse(Node n, String what, String fix) {
                int line = n.getBegin().map(p -> p.line).orElse(1);
                if (consequence) {
                    FileCheck.this.refuse(where, lineBase + line, rule + ": " + what, fix);
                } else {
                    FileCheck.this.refuse(where, rule + ": " + what, fix);
                }
            }
        }

        private void refuse(BaseDescr d, String what, String fix) {
            refuse(d, d == null ? 0 : d.getLine(), what, fix);
        }

        private void refuse(BaseDescr d, int line, String what, String fix) {
            int column = d == null || line != d.getLine() ? 0 : Math.max(d.getColumn(), 0);
            problems.add(new RuleCompilationException.Problem(
                    file, Math.max(line, 0), column, "not allowed in admin rules: " + what + " (" + fix + ")"));
        }
    }

    private static String kind(Object d) {
        return d.getClass().getSimpleName().replace("Descr", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static JavaParser javaParser() {
        return new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    }

    private static boolean staticConstant(Class<?> t, String name) {
        try {
            var f = t.getField(name);
            return Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    private static boolean staticMethod(Class<?> t, String name, int args) {
        for (Method m : t.getMethods()) {
            if (m.getDeclaringClass() == t
                    && Modifier.isStatic(m.getModifiers())
                    && m.getName().equals(name)
                    && m.getParameterCount() == args) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Class<?>> allowedImports() {
        Map<String, Class<?>> out = new LinkedHashMap<>();
        List<Class<?>> all = new ArrayList<>();
        all.addAll(INPUT_FACTS);
        all.addAll(DERIVED_FACTS);
        all.addAll(HELPERS);
        all.addAll(ENUMS);
        all.add(Constraint.class);
        all.add(ClusterOptions.class);
        for (Class<?> c : all) out.put(c.getCanonicalName(), c);
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Record components and public no-argument instance methods of the fact model, followed into its own types. */
    private static Set<String> accessors() {
        Set<String> names = new HashSet<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.addAll(INPUT_FACTS);
        todo.addAll(DERIVED_FACTS);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!seen.add(c) || !c.getName().startsWith("io.hapc.")) continue;
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    names.add(rc.getName());
                    follow(rc.getGenericType(), todo);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())
                        && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0
                        && m.getReturnType() != void.class) {
                    names.add(m.getName());
                    follow(m.getGenericReturnType(), todo);
                }
            }
            for (Class<?> sub : c.getPermittedSubclasses() == null ? new Class<?>[0] : c.getPermittedSubclasses())
                todo.add(sub);
        }
        names.removeAll(NEVER);
        return java.util.Collections.unmodifiableSet(names);
    }

    private static void follow(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            todo.add(c);
        } else if (t instanceof ParameterizedType p) {
            follow(p.getRawType(), todo);
            for (Type a : p.getActualTypeArguments()) follow(a, todo);
        }
    }
}
