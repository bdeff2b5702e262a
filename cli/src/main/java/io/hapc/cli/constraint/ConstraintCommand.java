package io.hapc.cli.constraint;

import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `hapc constraint [list]`, `location`, `colocation`, `order`, `remove`. Alone it lists the constraints. */
@Command(
        name = "constraint",
        mixinStandardHelpOptions = true,
        description = "Location, colocation and order constraints.",
        subcommands = {
            ConstraintListCommand.class,
            ConstraintLocationCommand.class,
            ConstraintColocationCommand.class,
            ConstraintOrderCommand.class,
            ConstraintRemoveCommand.class
        })
public final class ConstraintCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OutputOption output;

    @Option(names = "--full", description = "Accepted for pcs compatibility: ids are always shown.")
    boolean full;

    @Override
    public Integer call() {
        return ConstraintListCommand.list(spec, daemon, output);
    }
}
