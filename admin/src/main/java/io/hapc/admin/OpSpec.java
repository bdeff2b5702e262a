package io.hapc.admin;

import io.hapc.model.cib.Attributes;
import java.util.Map;

/**
 * One operation as pcs writes it after `op`: the action and its options, e.g. `monitor interval=30s
 * timeout=20s` or `start timeout=60s on-fail=restart`. Known options (interval, timeout, on-fail,
 * role, enabled, id) become the operation's own fields; the rest its meta attributes.
 */
public record OpSpec(String action, Map<String, String> options) {
    public OpSpec {
        options = Attributes.copy(options);
    }
}
