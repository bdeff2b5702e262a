package io.hapc.cli.stonith;

import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.cli.resource.ResourceShowCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc stonith show [ID…] [--full]` (also `status`). */
@Command(
        name = "show",
        aliases = {"status"},
        mixinStandardHelpOptions = true,
        description = "Fencing devices and where they run; with IDs or --full, their configuration.")
public final class StonithShowCommand implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    @Parameters(paramLabel = "ID")
    List<String> ids = new ArrayList<>();

    @Option(names = "--full", description = "The configuration of every fencing device.")
    boolean full;

    @Override
    public Integer call() {
        PrintWriter out = read.out();
        out.print(ResourceShowCommand.render(read.daemon().fetch().cib(), ids, full, read.json(), true));
        out.flush();
        return 0;
    }
}
