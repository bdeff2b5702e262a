package io.hapc.cli.resource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `hapc resource group add …`. */
@Command(
        name = "group",
        mixinStandardHelpOptions = true,
        description = "Resource groups.",
        subcommands = GroupAddCommand.class)
public final class ResourceGroupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
