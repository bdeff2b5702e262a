package io.hapc.model.cib;

import java.util.Map;
import java.util.Optional;

/**
 * A configured resource operation (op name, interval, timeout, on-fail, role). attributes holds
 * every option (XML attributes, meta and instance nvpairs); instanceAttributes only the op's own
 * instance_attributes (parameters passed to the agent for this operation, part of its digest).
 */
public record Operation(
        String id,
        String name,
        long intervalMs,
        Optional<Long> timeoutMs,
        Optional<String> onFail,
        Optional<Role> role,
        boolean enabled,
        Map<String, String> attributes,
        Map<String, String> instanceAttributes) {
    public Operation {
        attributes = Attributes.copy(attributes);
        instanceAttributes = instanceAttributes == null ? Map.of() : Attributes.copy(instanceAttributes);
    }

    /** An operation without instance attributes of its own. */
    public Operation(
            String id,
            String name,
            long intervalMs,
            Optional<Long> timeoutMs,
            Optional<String> onFail,
            Optional<Role> role,
            boolean enabled,
            Map<String, String> attributes) {
        this(id, name, intervalMs, timeoutMs, onFail, role, enabled, attributes, Map.of());
    }

    public boolean recurring() {
        return intervalMs > 0;
    }
}
