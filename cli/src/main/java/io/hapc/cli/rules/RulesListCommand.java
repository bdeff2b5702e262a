package io.hapc.cli.rules;

import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.daemon.Json;
import io.hapc.model.cib.RuleFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `hapc rules list`. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "The rule files stored in the CIB.")
public final class RulesListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OutputOption output;

    record Entry(String name, long lines) {}

    @Override
    public Integer call() {
        List<RuleFile> files = daemon.fetch().cib().ruleFiles();
        List<Entry> entries = files.stream().map(f -> new Entry(f.name(), f.source().lines().count())).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, entries);
            return 0;
        }
        if (entries.isEmpty()) out.println("No rule files (hapc rules add FILE.drl stores one)");
        entries.forEach(e -> out.println(e.name() + " (" + e.lines() + (e.lines() == 1 ? " line)" : " lines)")));
        out.flush();
        return 0;
    }
}
