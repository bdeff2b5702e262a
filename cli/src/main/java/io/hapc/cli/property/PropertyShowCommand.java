package io.hapc.cli.property;

import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `hapc property show [NAME]` (also `config`, `list`). */
@Command(
        name = "show",
        aliases = {"config", "list"},
        mixinStandardHelpOptions = true,
        description = "Show the cluster properties that are set.")
public final class PropertyShowCommand implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        Map<String, String> values = properties(read.daemon().fetch().cib());
        if (name != null) values = values.containsKey(name) ? Map.of(name, values.get(name)) : Map.of();
        Map<String, String> shown = values;
        read.print(() -> shown, () -> text(shown));
        return 0;
    }

    /** The properties in effect: for a name set in several sets, the first one (as the engine reads them). */
    public static Map<String, String> properties(Cib cib) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : cib.propertySets()) s.values().forEach(out::putIfAbsent);
        return out;
    }

    public static String text(Map<String, String> values) {
        StringBuilder sb = new StringBuilder("Cluster Properties:\n");
        values.forEach(
                (k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
