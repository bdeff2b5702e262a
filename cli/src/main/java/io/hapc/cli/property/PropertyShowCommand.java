package io.hapc.cli.property;

import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.daemon.Json;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hapc property show [NAME]` (also `config`, `list`). */
@Command(
        name = "show",
        aliases = {"config", "list"},
        mixinStandardHelpOptions = true,
        description = "Show the cluster properties that are set.")
public final class PropertyShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OutputOption output;

    @Parameters(arity = "0..1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        Map<String, String> values = properties(daemon.fetch().cib());
        if (name != null) values = values.containsKey(name) ? Map.of(name, values.get(name)) : Map.of();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, values);
        } else {
            out.print(text(values));
            out.flush();
        }
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
