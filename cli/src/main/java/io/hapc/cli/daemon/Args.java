package io.hapc.cli.daemon;

import io.hapc.admin.OpSpec;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.model.cib.ControlCharacters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** pcs argument shapes: NAME=VALUE lists and `… op ACTION OPT=VAL… meta NAME=VALUE…` sections. */
public final class Args {
    private Args() {}

    /** NAME=VALUE arguments in order (VALUE may be empty: "remove"); anything else is invalid input naming it. */
    public static Map<String, String> nameValues(List<String> args, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new CommandFailure(ExitCodes.INVALID_INPUT, what + ": '" + a + "' is not NAME=VALUE");
            }
            out.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return out;
    }

    /** Instance parameters, operations and meta attributes of `resource create|update` and `stonith create`. */
    public record Definition(Map<String, String> params, List<OpSpec> ops, Map<String, String> meta) {}

    private static final Set<String> KEYWORDS = Set.of("op", "meta");

    /**
     * Splits `[NAME=VALUE…] [op ACTION [OPT=VAL…]]… [meta NAME=VALUE…]` (op and meta sections in any
     * order, as pcs allows).
     */
    public static Definition definition(List<String> args, String what) {
        Map<String, String> params = new LinkedHashMap<>();
        List<OpSpec> ops = new ArrayList<>();
        Map<String, String> meta = new LinkedHashMap<>();
        int i = 0;
        List<String> plain = new ArrayList<>();
        while (i < args.size() && !KEYWORDS.contains(args.get(i))) plain.add(args.get(i++));
        params.putAll(nameValues(plain, what));
        while (i < args.size()) {
            String keyword = args.get(i++);
            List<String> section = new ArrayList<>();
            if (keyword.equals("op")) {
                // op ACTION OPT=VAL… [ACTION OPT=VAL…]… : a bare word starts the next operation.
                if (i >= args.size() || args.get(i).contains("=") || KEYWORDS.contains(args.get(i))) {
                    throw new CommandFailure(
                            ExitCodes.INVALID_INPUT,
                            what + ": 'op' must be followed by an action, " + "e.g. op monitor interval=30s");
                }
                while (i < args.size() && !KEYWORDS.contains(args.get(i))) {
                    String action = args.get(i++);
                    if (action.contains("=")) {
                        throw new CommandFailure(
                                ExitCodes.INVALID_INPUT, what + ": '" + action + "' after op: expected an action name");
                    }
                    List<String> options = new ArrayList<>();
                    while (i < args.size() && args.get(i).contains("=")) options.add(args.get(i++));
                    ops.add(new OpSpec(action, nameValues(options, what + " op " + action)));
                }
            } else {
                while (i < args.size() && !KEYWORDS.contains(args.get(i))) section.add(args.get(i++));
                meta.putAll(nameValues(section, what + " meta"));
            }
        }
        // Refused here already (the DC refuses them too): a line break in a value becomes a line of its own for the
        // agent.
        List<String> unsafe = new ArrayList<>(ControlCharacters.problems(what, "parameter", params));
        unsafe.addAll(ControlCharacters.problems(what, "meta attribute", meta));
        if (!unsafe.isEmpty()) throw new CommandFailure(ExitCodes.INVALID_INPUT, String.join("; ", unsafe));
        return new Definition(params, ops, meta);
    }
}
