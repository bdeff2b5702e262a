package io.hapc.model.cib;

import java.util.Map;
import java.util.Optional;

/** A configured resource operation (op name, interval, timeout, on-fail, role). */
public record Operation(String id, String name, long intervalMs, Optional<Long> timeoutMs, Optional<String> onFail,
                        Optional<Role> role, boolean enabled, Map<String, String> attributes) {
    public Operation {
        attributes = Attributes.copy(attributes);
    }

    public boolean recurring() {
        return intervalMs > 0;
    }
}
