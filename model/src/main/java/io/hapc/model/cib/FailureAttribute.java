package io.hapc.model.cib;

import java.util.Optional;

/**
 * The transient node attributes in which Pacemaker's controller counts failures, spelled here
 * once: {@code fail-count-RSC#OP_INTERVALMS} and {@code last-failure-RSC#OP_INTERVALMS} (older
 * CIBs carry them without the {@code #OP_INTERVALMS} part, one per resource).
 *
 * @param kind       which of the two attributes
 * @param resource   the resource (or clone instance) the failure is of
 * @param operation  the failed operation's key ("monitor_10000"), empty in the older form
 */
public record FailureAttribute(Kind kind, String resource, Optional<String> operation) {
    public enum Kind {
        FAIL_COUNT("fail-count-"),
        LAST_FAILURE("last-failure-");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** The attribute's name for one operation of one resource. */
        public String name(String resource, String operation, long intervalMs) {
            return prefix + resource + "#" + operation + "_" + intervalMs;
        }
    }

    /** The attribute named {@code name}, if it is one of the two. */
    public static Optional<FailureAttribute> parse(String name) {
        for (Kind k : Kind.values()) {
            if (!name.startsWith(k.prefix)) continue;
            String rest = name.substring(k.prefix.length());
            int hash = rest.indexOf('#');
            return Optional.of(
                    hash >= 0
                            ? new FailureAttribute(k, rest.substring(0, hash), Optional.of(rest.substring(hash + 1)))
                            : new FailureAttribute(k, rest, Optional.empty()));
        }
        return Optional.empty();
    }

    /** Whether {@code name} is a fail-count or last-failure attribute. */
    public static boolean isFailureAttribute(String name) {
        return parse(name).isPresent();
    }
}
