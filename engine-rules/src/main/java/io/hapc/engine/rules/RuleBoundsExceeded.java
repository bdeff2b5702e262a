package io.hapc.engine.rules;

import java.util.Optional;

/**
 * Admin rules broke a bound in one decision (too many firings or matches, past the deadline, or
 * they failed): the decision is abandoned and the caller decides with the built-in rules alone.
 * `rule` names the admin rule when one is to blame, `file` the rule file it came from.
 */
public final class RuleBoundsExceeded extends RuntimeException {
    private final Optional<String> rule;
    private final Optional<String> file;

    public RuleBoundsExceeded(String message, Optional<String> rule, Optional<String> file) {
        super(message);
        this.rule = rule;
        this.file = file;
    }

    public RuleBoundsExceeded(String message, Optional<String> rule, Optional<String> file, Throwable cause) {
        super(message, cause);
        this.rule = rule;
        this.file = file;
    }

    public Optional<String> rule() {
        return rule;
    }

    public Optional<String> file() {
        return file;
    }
}
