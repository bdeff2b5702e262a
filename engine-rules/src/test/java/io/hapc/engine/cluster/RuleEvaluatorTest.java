package io.hapc.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.RuleExpression.AttributeExpression;
import io.hapc.model.cib.RuleExpression.DateExpression;
import io.hapc.model.cib.RuleExpression.DateSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {
    private static final Instant NOON = Instant.parse("2005-01-20T12:30:00Z");

    private static Rule rule(Rule.BooleanOp op, RuleExpression... e) {
        return new Rule("r", Optional.of(100), Optional.empty(), op, Optional.empty(), List.of(e));
    }

    private static AttributeExpression attr(String name, String op, String value, String type) {
        return new AttributeExpression(
                "e", name, op, Optional.ofNullable(value), Optional.ofNullable(type), Optional.empty());
    }

    private static boolean on(Rule r, Map<String, String> attrs) {
        return RuleEvaluator.matches(r, RuleEvaluator.Context.forNode(attrs, NOON));
    }

    @Test
    void andNeedsEveryExpression() {
        Rule r = rule(Rule.BooleanOp.AND, attr("#uname", "eq", "node1", null), attr("zone", "eq", "a", null));
        assertTrue(on(r, Map.of("#uname", "node1", "zone", "a")));
        assertFalse(on(r, Map.of("#uname", "node1", "zone", "b")));
    }

    @Test
    void orNeedsOneExpression() {
        Rule r = rule(Rule.BooleanOp.OR, attr("#uname", "eq", "node1", null), attr("#uname", "eq", "node2", null));
        assertTrue(on(r, Map.of("#uname", "node2")));
        assertFalse(on(r, Map.of("#uname", "node3")));
    }

    @Test
    void numbersCompareAsNumbersWhenTyped() {
        Rule r = rule(Rule.BooleanOp.AND, attr("cpus", "gt", "9", "number"));
        assertTrue(on(r, Map.of("cpus", "10")));
        assertFalse(on(r, Map.of("cpus", "8")));
    }

    @Test
    void integersCompareByTheirLeadingDigits() {
        // As Pacemaker reads them: "3.6" and "3.4" are both 3, "4.6" is 4.
        assertTrue(on(rule(Rule.BooleanOp.AND, attr("v", "eq", "3.6", "integer")), Map.of("v", "3.4")));
        assertFalse(on(rule(Rule.BooleanOp.AND, attr("v", "eq", "4.6", "integer")), Map.of("v", "3.4")));
        assertFalse(on(rule(Rule.BooleanOp.AND, attr("v", "eq", "3.6", "number")), Map.of("v", "3.4")));
    }

    @Test
    void definedAndNotDefined() {
        assertTrue(on(rule(Rule.BooleanOp.AND, attr("pingd", "defined", null, null)), Map.of("pingd", "1")));
        assertFalse(on(rule(Rule.BooleanOp.AND, attr("pingd", "defined", null, null)), Map.of()));
        assertTrue(on(rule(Rule.BooleanOp.AND, attr("pingd", "not_defined", null, null)), Map.of()));
    }

    @Test
    void dateSpecHoursMatchOnlyThatHour() {
        DateSpec twelve = new DateSpec("s", Map.of("hours", "12"));
        DateExpression d = new DateExpression(
                "d", "date_spec", Optional.empty(), Optional.empty(), Optional.of(twelve), Optional.empty());
        assertTrue(RuleEvaluator.matches(rule(Rule.BooleanOp.AND, d), RuleEvaluator.Context.forNode(Map.of(), NOON)));
        assertFalse(RuleEvaluator.matches(
                rule(Rule.BooleanOp.AND, d),
                RuleEvaluator.Context.forNode(Map.of(), Instant.parse("2005-01-20T11:30:00Z"))));
    }

    @Test
    void dateRangeWithDuration() {
        DateExpression d = new DateExpression(
                "d",
                "in_range",
                Optional.of("2005-01-20T12:00:00"),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new DateSpec("du", Map.of("hours", "1"))));
        assertTrue(RuleEvaluator.matches(rule(Rule.BooleanOp.AND, d), RuleEvaluator.Context.forNode(Map.of(), NOON)));
        assertFalse(RuleEvaluator.matches(
                rule(Rule.BooleanOp.AND, d),
                RuleEvaluator.Context.forNode(Map.of(), Instant.parse("2005-01-20T13:30:00Z"))));
    }

    @Test
    void resourceExpressionMatchesAgentFields() {
        RuleExpression e = new RuleExpression.ResourceExpression(
                "x", Optional.of("ocf"), Optional.of("pacemaker"), Optional.empty());
        Rule r = rule(Rule.BooleanOp.AND, e);
        assertTrue(RuleEvaluator.matches(
                r, RuleEvaluator.Context.forResource("ocf", Optional.of("pacemaker"), "Dummy", NOON)));
        assertFalse(RuleEvaluator.matches(
                r, RuleEvaluator.Context.forResource("ocf", Optional.of("heartbeat"), "Dummy", NOON)));
    }
}
