package io.hapc.engine.rules;

import static io.hapc.engine.rules.RuleAllowList.ALLOWED_IMPORTS;
import static io.hapc.engine.rules.RuleAllowList.BUILT_IN_PACKAGE_PREFIXES;
import static io.hapc.engine.rules.RuleAllowList.DERIVED_FACTS;
import static io.hapc.engine.rules.RuleAllowList.INPUT_FACTS;
import static io.hapc.engine.rules.RuleAllowList.MAX_PATTERNS;
import static io.hapc.engine.rules.RuleFileValidator.javaParser;
import static io.hapc.engine.rules.RuleFileValidator.kind;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * Checks one parsed rule file against the allow-list ({@link RuleAllowList}): imports, attributes,
 * rules, their conditions and consequences; each violation becomes a problem with file and line.
 */
final class RuleFileCheck {
    private final String file;
    private final PackageDescr pkg;
    private final List<RuleCompilationException.Problem> problems;
    /** Simple (or nested, e.g. Constraint.Location) name → type, from the imports. */
    private final Map<String, Class<?>> types = new HashMap<>();

    RuleFileCheck(String file, PackageDescr pkg, List<RuleCompilationException.Problem> problems) {
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
            refuse(rule, what + ": named consequences (then[...] / do[...]) are not allowed", "use one `then` part");
        }
        Map<String, Class<?>> bound = new LinkedHashMap<>();
        if (rule.getLhs() != null) {
            checkConditions(what, rule.getLhs(), bound);
            int patterns = countPatterns(rule.getLhs());
            if (patterns > MAX_PATTERNS) {
                refuse(
                        rule,
                        what + " has " + patterns + " patterns; at most " + MAX_PATTERNS + " (each one more multiplies "
                                + "what the engine joins)",
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
        if (p.isQuery()) refuse(p, rule + ": query call " + p.getObjectType() + " is not allowed", "match facts only");
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
        new RuleExpressionCheck(this, rule, where, 0, factType, bound, consequence)
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
                                        arities.stream().map(String::valueOf).toList()) + " arguments, not "
                                + create.getArguments().size(),
                        "see docs/RULES.md for its fields");
            }
            RuleExpressionCheck args = new RuleExpressionCheck(this, rule, r, base, null, bound, true);
            create.getArguments().forEach(args::check);
        }
    }

    static String firstLine(Node n) {
        String s = n.toString().strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " …";
    }

    /** A type name as written (simple, nested or fully qualified) → the allowed type, or null. */
    Class<?> resolveType(String name) {
        if (name == null) return null;
        Class<?> t = types.get(name);
        return t != null ? t : ALLOWED_IMPORTS.get(name);
    }

    void refuse(BaseDescr d, String what, String fix) {
        refuse(d, d == null ? 0 : d.getLine(), what, fix);
    }

    void refuse(BaseDescr d, int line, String what, String fix) {
        int column = d == null || line != d.getLine() ? 0 : Math.max(d.getColumn(), 0);
        problems.add(new RuleCompilationException.Problem(
                file, Math.max(line, 0), column, "not allowed in admin rules: " + what + " (" + fix + ")"));
    }
}
