package io.hapc.cli.resource;

import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hapc resource config [ID…]`, as pcs has it: the resources' configuration, never their status. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The configuration of the resources (agent, attributes, meta attributes, operations); with IDs, only those.")
public final class ResourceConfigCommand implements Callable<Integer> {
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
        out.print(ResourceShowCommand.render(daemon.fetch().cib(), ids, true, output.json(), false));
        out.flush();
        return 0;
    }
}
