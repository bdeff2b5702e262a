package io.hapc.cli.constraint;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `hapc constraint colocation add|remove`. */
@Command(
        name = "colocation",
        mixinStandardHelpOptions = true,
        description = "Colocation constraints: where one resource runs relative to another.",
        subcommands = {ColocationAddCommand.class, ColocationRemoveCommand.class})
public final class ConstraintColocationCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
