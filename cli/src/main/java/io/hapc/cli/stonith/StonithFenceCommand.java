package io.hapc.cli.stonith;

import io.hapc.admin.protocol.AdminRequest;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.daemon.EditCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hapc stonith fence NODE [--off]`: the DC fences the node now through its fencing devices. */
@Command(
        name = "fence",
        mixinStandardHelpOptions = true,
        description = "Fence NODE now (reboot; --off powers it off), through the cluster's fencing devices.")
public final class StonithFenceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Option(names = "--off", description = "Power the node off instead of rebooting it.")
    boolean off;

    /** The request this command sends. */
    public AdminRequest.Fence request() {
        return new AdminRequest.Fence(node, off ? "off" : "reboot");
    }

    @Override
    public Integer call() {
        return EditCommand.print(spec, daemon.call(request()));
    }
}
