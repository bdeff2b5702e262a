package io.hapc.cli.resource;

import io.hapc.cli.daemon.DaemonReadOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `resource config` and `stonith config`, as pcs has them: configuration, never status. */
public abstract class ConfigurationListing implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    @Parameters(paramLabel = "ID")
    List<String> ids = new ArrayList<>();

    /** Fencing devices only, or everything else. */
    protected abstract boolean fencing();

    @Override
    public Integer call() {
        PrintWriter out = read.out();
        out.print(ResourceShowCommand.render(read.daemon().fetch().cib(), ids, true, read.json(), fencing()));
        out.flush();
        return 0;
    }
}
