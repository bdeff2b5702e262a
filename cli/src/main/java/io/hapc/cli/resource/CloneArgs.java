package io.hapc.cli.resource;

import io.hapc.cli.daemon.Args;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** `ID [CLONE-ID] [NAME=VALUE…]` of clone and promotable. */
record CloneArgs(Optional<String> cloneId, Map<String, String> meta) {
    static CloneArgs parse(List<String> args, String what) {
        Optional<String> cloneId = Optional.empty();
        List<String> rest = args;
        if (!args.isEmpty() && !args.get(0).contains("=")) {
            cloneId = Optional.of(args.get(0));
            rest = args.subList(1, args.size());
        }
        return new CloneArgs(cloneId, Args.nameValues(rest, what));
    }
}
