package io.hapc.engine.rules;

import static io.hapc.engine.rules.RuleAllowList.ACCESSORS;
import static io.hapc.engine.rules.RuleAllowList.ENUMS;
import static io.hapc.engine.rules.RuleAllowList.HELPERS;
import static io.hapc.engine.rules.RuleAllowList.NEVER;
import static io.hapc.engine.rules.RuleAllowList.VALUE_METHODS;
import static io.hapc.engine.rules.RuleAllowList.staticConstant;
import static io.hapc.engine.rules.RuleAllowList.staticMethod;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.BaseDescr;

/** Checks one Java expression (a constraint's side, a constructor argument) against the allow-list. */
final class RuleExpressionCheck {
    private final RuleFileCheck owner;
    private final String rule;
    private final BaseDescr where;
    private final int lineBase;
    private final Class<?> factType;
    private final Map<String, Class<?>> bound;
    private final boolean consequence;

    RuleExpressionCheck(
            RuleFileCheck owner,
            String rule,
            BaseDescr where,
            int lineBase,
            Class<?> factType,
            Map<String, Class<?>> bound,
            boolean consequence) {
        this.owner = owner;
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
        if (owner.resolveType(n) != null || n.equals("drools")) {
            refuse(x, "`" + n + "` cannot be used as a value", "use its constants or functions, e.g. Score.INFINITY");
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
            refuse(x, "`." + field + "` is not a property of the fact model", "use the properties in docs/RULES.md");
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
        if (x.getScope().isEmpty() && !consequence && args == 0 && ACCESSORS.contains(name)) return; // this.online()
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
                    || (t == Optional.class && (name.equals("empty") && args == 0 || name.equals("of") && args == 1));
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
        return Optional.ofNullable(owner.resolveType(text));
    }

    private void refuse(Node n, String what, String fix) {
        int line = n.getBegin().map(p -> p.line).orElse(1);
        if (consequence) {
            owner.refuse(where, lineBase + line, rule + ": " + what, fix);
        } else {
            owner.refuse(where, rule + ": " + what, fix);
        }
    }
}
