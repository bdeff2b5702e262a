package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint order [ACTION] FIRST then [ACTION] THEN [options]` (pcs form), and `order add|remove`. */
@Command(
        name = "order",
        mixinStandardHelpOptions = true,
        description = {
            "[ACTION] FIRST then [ACTION] THEN [kind=Mandatory|Optional|Serialize] [symmetrical=true|false] [id=ID]",
            "Actions: start (default), stop, promote, demote. e.g. hapc constraint order VIP then WebSite"
        },
        subcommands = {OrderAddCommand.class, OrderRemoveCommand.class})
public final class ConstraintOrderCommand extends EditCommand {
    @Parameters(paramLabel = "[ACTION] FIRST then [ACTION] THEN [OPTION=VALUE]")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        return OrderArgs.parse(args);
    }

    @Override
    public Integer call() {
        if (args.isEmpty()) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return ExitCodes.OK;
        }
        return super.call();
    }
}
