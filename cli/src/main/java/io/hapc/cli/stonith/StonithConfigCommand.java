package io.hapc.cli.stonith;

import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.resource.ResourceShowCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hapc stonith config [ID…]`, as pcs has it: the fencing devices' configuration. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The configuration of the fencing devices; with IDs, only those.")
public final class StonithConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "ID")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ResourceShowCommand.render(daemon.fetch().cib(), ids, true, output.json(), true));
        out.flush();
        return 0;
    }
}
