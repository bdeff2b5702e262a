package io.hapc.cli.resource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `hapc resource op defaults …`. */
@Command(
        name = "op",
        mixinStandardHelpOptions = true,
        description = "Operation settings.",
        subcommands = OpDefaultsCommand.class)
public final class ResourceOpCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
