package io.hapc.model.cib;

import java.util.Optional;

/** The parts a rule is made of. */
public sealed interface RuleExpression
        permits Rule,
                RuleExpression.AttributeExpression,
                RuleExpression.DateExpression,
                RuleExpression.ResourceExpression,
                RuleExpression.OperationExpression {

    String id();

    /** Compares a node attribute (or #uname, #id, #kind, #is_dc) with a value. */
    record AttributeExpression(
            String id,
            String attribute,
            String operation,
            Optional<String> value,
            Optional<String> type,
            Optional<String> valueSource)
            implements RuleExpression {}

    /** operation: gt, lt, in_range, date_spec; dates are ISO 8601 text as written in the CIB. */
    record DateExpression(
            String id,
            String operation,
            Optional<String> start,
            Optional<String> end,
            Optional<DateSpec> spec,
            Optional<DateSpec> duration)
            implements RuleExpression {}

    /** rsc_expression (class/provider/type match) used in rsc_defaults rules. */
    record ResourceExpression(String id, Optional<String> standard, Optional<String> provider, Optional<String> type)
            implements RuleExpression {}

    /** op_expression (operation name/interval match) used in op_defaults rules. */
    record OperationExpression(String id, String name, Optional<Long> intervalMs) implements RuleExpression {}

    /** date_spec / duration fields as written (ranges like "9-16" allowed). Missing fields are empty. */
    record DateSpec(String id, java.util.Map<String, String> fields) {
        public DateSpec {
            fields = Attributes.copy(fields);
        }
    }
}
