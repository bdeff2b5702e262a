package io.hapc.cli.resource;

import io.hapc.cli.daemon.Args;
import io.hapc.model.cib.NvSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `[update|set] [NAME=VALUE…]` of resource defaults and op defaults: no values shows them. */
public final class DefaultsArgs {
    private DefaultsArgs() {}

    static List<String> values(List<String> args) {
        if (!args.isEmpty() && List.of("update", "set", "config").contains(args.get(0)))
            return args.subList(1, args.size());
        return args;
    }

    static Map<String, String> parse(List<String> args, String what) {
        return Args.nameValues(values(args), what);
    }

    public static String text(String title, List<NvSet> sets) {
        Map<String, String> merged = new LinkedHashMap<>();
        sets.forEach(s -> s.values().forEach(merged::putIfAbsent));
        StringBuilder sb = new StringBuilder(title).append(":\n");
        if (merged.isEmpty()) sb.append("  No defaults set\n");
        merged.forEach(
                (k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
