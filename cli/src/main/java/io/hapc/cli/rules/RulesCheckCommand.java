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

/** `hapc rules check FILE.drl…`: compiles here, with the built-in rules; the cluster is not touched. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compile rule files with the built-in rules, here, without touching the cluster.",
                "Problems are printed as file:line:column: message; exit code 3 when there are any."})
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
        files.forEach(f -> out.println(f + ": compiles with the built-in rules"));
        out.flush();
        return ExitCodes.OK;
    }
}
