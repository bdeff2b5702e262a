package io.hapc.model.cib;

import java.util.Map;
import java.util.Optional;

/**
 * One nvpair set (meta_attributes, instance_attributes, cluster_property_set, utilization),
 * optionally guarded by a rule, with the score that orders sets of the same kind.
 */
public record NvSet(String id, Map<String, String> values, Optional<Rule> rule, int score) {
    public NvSet {
        values = Attributes.copy(values);
        rule = rule == null ? Optional.empty() : rule;
    }

    public static NvSet of(String id, Map<String, String> values) {
        return new NvSet(id, values, Optional.empty(), 0);
    }
}
