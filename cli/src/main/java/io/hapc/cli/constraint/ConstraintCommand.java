package io.hapc.cli.constraint;

import io.hapc.cli.daemon.DaemonReadOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
    @Mixin
    DaemonReadOptions read;

    @Option(names = "--full", description = "Accepted for pcs compatibility: ids are always shown.")
    boolean full;

    @Override
    public Integer call() {
        return ConstraintListCommand.list(read);
    }
}
