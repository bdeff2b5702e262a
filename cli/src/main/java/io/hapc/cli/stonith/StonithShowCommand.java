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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hapc stonith show [ID…] [--full]` (also `status`). */
@Command(
        name = "show",
        aliases = {"status"},
        mixinStandardHelpOptions = true,
        description = "Fencing devices and where they run; with IDs or --full, their configuration.")
public final class StonithShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "ID")
    List<String> ids = new ArrayList<>();

    @Option(names = "--full", description = "The configuration of every fencing device.")
    boolean full;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ResourceShowCommand.render(daemon.fetch().cib(), ids, full, output.json(), true));
        out.flush();
        return 0;
    }
}
