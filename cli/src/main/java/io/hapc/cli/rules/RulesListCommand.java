package io.hapc.cli.rules;

import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.cli.daemon.Json;
import io.hapc.engine.rules.RuleOverrides;
import io.hapc.model.cib.RuleFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `hapc rules list`. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "The rule files stored in the CIB.")
public final class RulesListCommand implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    /** A stored file, and the built-in rules it replaces or switches off. */
    record Entry(String name, long lines, List<String> replaces, List<String> disables) {}

    @Override
    public Integer call() {
        List<RuleFile> files = read.daemon().fetch().cib().ruleFiles();
        List<Entry> entries = files.stream()
                .map(f -> {
                    List<RuleOverrides.Override> o = RuleOverrides.declaredIn(Map.of(f.name(), f.source()));
                    return new Entry(
                            f.name(),
                            f.source().lines().count(),
                            o.stream()
                                    .filter(RuleOverrides.Override::replaced)
                                    .map(RuleOverrides.Override::builtInRule)
                                    .toList(),
                            o.stream()
                                    .filter(x -> !x.replaced())
                                    .map(RuleOverrides.Override::builtInRule)
                                    .toList());
                })
                .toList();
        PrintWriter out = read.out();
        if (read.json()) {
            Json.print(out, entries);
            return 0;
        }
        if (entries.isEmpty()) out.println("No rule files (hapc rules add FILE.drl stores one)");
        for (Entry e : entries) {
            out.println(e.name() + " (" + e.lines() + (e.lines() == 1 ? " line)" : " lines)"));
            e.replaces().forEach(r -> out.println("  replaces built-in rule \"" + r + "\""));
            e.disables().forEach(r -> out.println("  disables built-in rule \"" + r + "\""));
        }
        out.flush();
        return 0;
    }
}
