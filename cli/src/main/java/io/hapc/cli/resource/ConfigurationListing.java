package io.hapc.cli.resource;

import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `resource config` and `stonith config`, as pcs has them: configuration, never status. */
public abstract class ConfigurationListing implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OutputOption output;

    @Parameters(paramLabel = "ID")
    List<String> ids = new ArrayList<>();

    /** Fencing devices only, or everything else. */
    protected abstract boolean fencing();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(ResourceShowCommand.render(daemon.fetch().cib(), ids, true, output.json(), fencing()));
        out.flush();
        return 0;
    }
}
