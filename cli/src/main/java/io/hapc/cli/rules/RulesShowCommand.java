package io.hapc.cli.rules;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.model.cib.RuleFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hapc rules show NAME`: the stored source, verbatim. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print a stored rule file.")
public final class RulesShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
        List<RuleFile> files = daemon.fetch().cib().ruleFiles();
        RuleFile f = files.stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "no rule file '" + name + "' in the CIB ("
                                + (files.isEmpty()
                                        ? "none is stored"
                                        : "rule files: "
                                                + String.join(
                                                        ", ",
                                                        files.stream()
                                                                .map(RuleFile::name)
                                                                .toList()))
                                + ")"));
        PrintWriter out = spec.commandLine().getOut();
        out.print(f.source());
        if (!f.source().endsWith("\n")) out.println();
        out.flush();
        return 0;
    }
}
