package io.hapc.cli.resource;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.util.List;
import java.util.Optional;

/** The `[NODE] [lifetime=DURATION]` arguments move and ban share (pcs accepts --lifetime too). */
record MoveTarget(Optional<String> node, Optional<String> lifetime) {
    static MoveTarget parse(List<String> args, String lifetimeOption, String what) {
        Optional<String> node = Optional.empty();
        Optional<String> lifetime = Optional.ofNullable(lifetimeOption);
        for (String a : args) {
            if (a.startsWith("lifetime=")) {
                lifetime = Optional.of(a.substring("lifetime=".length()));
            } else if (a.contains("=")) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        what + ": unknown option '" + a + "' (expected NODE and lifetime=DURATION)");
            } else if (node.isPresent()) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, what + ": one node only ('" + node.get() + "' and '" + a + "')");
            } else {
                node = Optional.of(a);
            }
        }
        return new MoveTarget(node, lifetime);
    }
}
