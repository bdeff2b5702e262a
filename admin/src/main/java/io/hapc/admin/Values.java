package io.hapc.admin;

import io.hapc.model.cib.Durations;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of the values admins type — scores, durations, booleans, roles, known meta attributes,
 * cluster properties and operation options — each refusal naming the value, where it was given and
 * what would be accepted.
 */
final class Values {
    private Values() {}

    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "1", "0");

    /** The type of a known name: what its value must look like. */
    private sealed interface Type permits Bool, Duration, Num, Enum, Text {}

    private record Bool() implements Type {}

    private record Duration() implements Type {}

    private record Num() implements Type {}

    private record Enum(List<String> values) implements Type {}

    private record Text() implements Type {}

    private static final Type BOOL = new Bool();
    private static final Type DURATION = new Duration();
    private static final Type NUM = new Num();
    private static final Type TEXT = new Text();

    private static Type oneOf(String... values) {
        return new Enum(List.of(values));
    }

    /** Resource meta attributes Pacemaker defines (others are passed to agents and accepted as they are). */
    private static final Map<String, Type> META = map(
            "priority",
            NUM,
            "target-role",
            oneOf("Stopped", "Started", "Unpromoted", "Promoted", "Slave", "Master"),
            "is-managed",
            BOOL,
            "maintenance",
            BOOL,
            "resource-stickiness",
            NUM,
            "requires",
            oneOf("nothing", "quorum", "fencing", "unfencing"),
            "migration-threshold",
            NUM,
            "failure-timeout",
            DURATION,
            "multiple-active",
            oneOf("block", "stop_only", "stop_start", "stop_unexpected"),
            "allow-migrate",
            BOOL,
            "allow-unhealthy-nodes",
            BOOL,
            "critical",
            BOOL,
            "globally-unique",
            BOOL,
            "interleave",
            BOOL,
            "ordered",
            BOOL,
            "notify",
            BOOL,
            "promotable",
            BOOL,
            "clone-max",
            NUM,
            "clone-node-max",
            NUM,
            "clone-min",
            NUM,
            "promoted-max",
            NUM,
            "promoted-node-max",
            NUM,
            "master-max",
            NUM,
            "master-node-max",
            NUM,
            "description",
            TEXT);

    /** Cluster options (crm_config) Pacemaker documents, with the type of each. */
    private static final Map<String, Type> PROPERTIES = map(
            "batch-limit",
            NUM,
            "cluster-delay",
            DURATION,
            "cluster-infrastructure",
            TEXT,
            "cluster-ipc-limit",
            NUM,
            "cluster-name",
            TEXT,
            "cluster-recheck-interval",
            DURATION,
            "concurrent-fencing",
            BOOL,
            "dc-deadline",
            DURATION,
            "dc-version",
            TEXT,
            "election-timeout",
            DURATION,
            "enable-acl",
            BOOL,
            "enable-startup-probes",
            BOOL,
            "fence-reaction",
            oneOf("stop", "panic"),
            "have-watchdog",
            BOOL,
            "join-finalization-timeout",
            DURATION,
            "join-integration-timeout",
            DURATION,
            "load-threshold",
            TEXT,
            "maintenance-mode",
            BOOL,
            "migration-limit",
            NUM,
            "no-quorum-policy",
            oneOf("stop", "freeze", "ignore", "demote", "suicide", "fence"),
            "node-action-limit",
            NUM,
            "node-health-base",
            NUM,
            "node-health-green",
            NUM,
            "node-health-yellow",
            NUM,
            "node-health-red",
            NUM,
            "node-health-strategy",
            oneOf("none", "migrate-on-red", "only-green", "progressive", "custom"),
            "node-pending-timeout",
            DURATION,
            "placement-strategy",
            oneOf("default", "utilization", "minimal", "balanced"),
            "priority-fencing-delay",
            DURATION,
            "shutdown-escalation",
            DURATION,
            "shutdown-lock",
            BOOL,
            "shutdown-lock-limit",
            DURATION,
            "start-failure-is-fatal",
            BOOL,
            "startup-fencing",
            BOOL,
            "stonith-action",
            oneOf("reboot", "off", "poweroff"),
            "fencing-action",
            oneOf("reboot", "off", "poweroff"),
            "stonith-enabled",
            BOOL,
            "fencing-enabled",
            BOOL,
            "stonith-max-attempts",
            NUM,
            "stonith-timeout",
            DURATION,
            "fencing-timeout",
            DURATION,
            "stonith-watchdog-timeout",
            TEXT,
            "stop-all-resources",
            BOOL,
            "stop-orphan-actions",
            BOOL,
            "stop-orphan-resources",
            BOOL,
            "symmetric-cluster",
            BOOL,
            "transition-delay",
            DURATION,
            "pe-error-series-max",
            NUM,
            "pe-input-series-max",
            NUM,
            "pe-warn-series-max",
            NUM,
            "last-lrm-refresh",
            TEXT);

    /** Operation defaults Pacemaker reads (op_defaults). */
    private static final Map<String, Type> OP_DEFAULTS = map(
            "timeout",
            DURATION,
            "interval",
            DURATION,
            "on-fail",
            oneOf("ignore", "block", "stop", "restart", "standby", "fence", "demote"),
            "record-pending",
            BOOL,
            "start-delay",
            DURATION,
            "enabled",
            BOOL);

    private static Map<String, Type> map(Object... kv) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Type) kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    static Set<String> knownProperties() {
        return PROPERTIES.keySet();
    }

    /** Resource meta (resource create/update, rsc defaults, clone options): known names must have valid values. */
    static void checkMeta(Map<String, String> meta, String where) throws InvalidEditException {
        for (Map.Entry<String, String> e : meta.entrySet()) {
            checkName(e.getKey(), where);
            if (!e.getValue().isEmpty()) check(META.get(e.getKey()), e.getKey(), e.getValue(), where);
        }
    }

    /**
     * The meta attributes a create sets: an empty value leaves the name unset, as it removes it in an
     * update (stored as "", a score or duration would be one the engine cannot read).
     */
    static Map<String, String> setOnly(Map<String, String> meta) {
        Map<String, String> out = new LinkedHashMap<>(meta);
        out.values().removeIf(String::isEmpty);
        return out;
    }

    /** Cluster properties: bad values are refused; unknown names are returned for a warning. */
    static List<String> checkProperties(Map<String, String> values) throws InvalidEditException {
        List<String> unknown = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            checkName(e.getKey(), "cluster property");
            Type t = PROPERTIES.get(e.getKey());
            if (t == null) unknown.add(e.getKey());
            else if (!e.getValue().isEmpty()) check(t, e.getKey(), e.getValue(), "cluster property");
        }
        return unknown;
    }

    static void checkOpDefaults(Map<String, String> values) throws InvalidEditException {
        for (Map.Entry<String, String> e : values.entrySet()) {
            checkName(e.getKey(), "op defaults");
            if (!e.getValue().isEmpty()) check(OP_DEFAULTS.get(e.getKey()), e.getKey(), e.getValue(), "op defaults");
        }
    }

    static void checkName(String name, String where) throws InvalidEditException {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9_][A-Za-z0-9._:-]*")) {
            throw new InvalidEditException(where + ": '" + name + "' is not a valid attribute name "
                    + "(letters, digits, '.', '_', ':' and '-', e.g. resource-stickiness)");
        }
    }

    private static void check(Type t, String name, String value, String where) throws InvalidEditException {
        if (t == null || t instanceof Text) return;
        if (t instanceof Bool) bool(value, where + " " + name);
        else if (t instanceof Duration) durationMs(value, where + " " + name);
        else if (t instanceof Num) score(value, where + " " + name);
        else if (t instanceof Enum en && en.values().stream().noneMatch(v -> v.equalsIgnoreCase(value))) {
            throw new InvalidEditException(
                    where + " " + name + "=" + value + ": expected one of " + String.join(", ", en.values()));
        }
    }

    static int score(String text, String where) throws InvalidEditException {
        try {
            return Score.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEditException(
                    where + ": '" + text + "' is not a score (an integer, INFINITY or -INFINITY)");
        }
    }

    static long durationMs(String text, String where) throws InvalidEditException {
        try {
            long ms = Durations.parseMillis(text);
            if (ms < 0) throw new IllegalArgumentException("negative");
            return ms;
        } catch (IllegalArgumentException e) {
            throw new InvalidEditException(
                    where + ": '" + text + "' is not a duration (e.g. 30s, 500ms, 5min, 1h, PT10M)");
        }
    }

    static boolean bool(String text, String where) throws InvalidEditException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (!BOOLEANS.contains(t))
            throw new InvalidEditException(where + ": '" + text + "' is not a boolean (true or false)");
        return Set.of("true", "yes", "on", "y", "1").contains(t);
    }

    static Role role(String text, String where) throws InvalidEditException {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEditException(where + ": " + e.getMessage());
        }
    }

    // ---- operations --------------------------------------------------------------------------------

    static final Set<String> KNOWN_ACTIONS = Set.of(
            "start",
            "stop",
            "monitor",
            "promote",
            "demote",
            "notify",
            "reload",
            "reload-agent",
            "migrate_to",
            "migrate_from");
    private static final Set<String> ON_FAIL =
            Set.of("ignore", "block", "stop", "restart", "standby", "fence", "demote");

    /**
     * An operation from `op ACTION OPTION=VALUE…`; a monitor without interval gets 60s as pcs gives it.
     * The id is the given one or RSC-ACTION-interval-INTERVAL (made unique against `taken`).
     */
    static Operation operation(String rscId, OpSpec spec, Set<String> taken, List<String> warnings)
            throws InvalidEditException {
        String action = spec.action();
        String where = "resource " + rscId + " op " + action;
        if (action == null || !action.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            throw new InvalidEditException("resource " + rscId + ": '" + action + "' is not an operation name "
                    + "(e.g. op monitor interval=30s, op start timeout=60s)");
        }
        if (!KNOWN_ACTIONS.contains(action)) {
            warnings.add(where + ": '" + action + "' is not a standard action ("
                    + String.join(", ", KNOWN_ACTIONS.stream().sorted().toList()) + ")");
        }
        Map<String, String> rest = new LinkedHashMap<>(spec.options());
        String intervalText = rest.remove("interval");
        long interval = intervalText != null
                ? durationMs(intervalText, where + " interval")
                : action.equals("monitor") ? 60_000 : 0;
        String timeoutText = rest.remove("timeout");
        Long timeoutMs = timeoutText == null ? null : durationMs(timeoutText, where + " timeout");
        String onFail = rest.remove("on-fail");
        if (onFail != null && !ON_FAIL.contains(onFail.toLowerCase(Locale.ROOT))) {
            throw new InvalidEditException(where + " on-fail=" + onFail + ": expected one of "
                    + String.join(", ", ON_FAIL.stream().sorted().toList()));
        }
        String roleText = rest.remove("role");
        Optional<Role> role = roleText == null ? Optional.empty() : Optional.of(role(roleText, where + " role"));
        String enabledText = rest.remove("enabled");
        boolean enabled = enabledText == null || bool(enabledText, where + " enabled");
        String id = rest.remove("id");
        if (id != null) {
            Ids.requireValid(id, "operation");
            if (!taken.add(id))
                throw new InvalidEditException(
                        where + ": the id '" + id + "' is already used in the CIB; choose another");
        } else {
            id = Ids.fresh(
                    rscId + "-" + action + "-interval-" + (interval == 0 ? "0s" : Durations.format(interval)), taken);
        }
        for (Map.Entry<String, String> o : rest.entrySet()) {
            checkName(o.getKey(), where);
            if (o.getKey().equals("start-delay")) durationMs(o.getValue(), where + " start-delay");
            if (o.getKey().equals("record-pending")) bool(o.getValue(), where + " record-pending");
        }
        return new Operation(
                id, action, interval, Optional.ofNullable(timeoutMs), Optional.ofNullable(onFail), role, enabled, rest);
    }
}
