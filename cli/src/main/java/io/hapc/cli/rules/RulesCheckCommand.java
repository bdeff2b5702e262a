package io.hapc.cli.rules;

import io.hapc.cli.ExitCodes;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleCompilationException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `hapc rules check FILE.drl…`: the checks `rules add` makes of the file itself — the allow-list
 * (docs/RULES.md) and compiling with the built-in rules — here, without touching the cluster and
 * without running the rules.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check rule files as `rules add` does: only the allowed constructs (docs/RULES.md), and they compile",
            "with the built-in rules. Here, without touching the cluster or running the rules.",
            "Problems are printed as file:line:column: message; exit code 3 when there are any.",
            "`rules add` also decides once with them on the cluster's CIB and refuses them if they break their bounds."
        })
public final class RulesCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE.drl")
    List<Path> files;

    @Override
    public Integer call() {
        try {
            PolicyRules.withAdminRules(files);
        } catch (RuleCompilationException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(err::println);
            err.flush();
            return ExitCodes.INVALID_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        files.forEach(f -> out.println(f + ": allowed, compiles with the built-in rules"));
        out.flush();
        return ExitCodes.OK;
    }
}
