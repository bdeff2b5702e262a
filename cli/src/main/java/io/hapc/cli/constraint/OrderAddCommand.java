package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint order add [ACTION] FIRST then [ACTION] THEN [options]`. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description =
                "THEN's action waits for FIRST's: [ACTION] FIRST then [ACTION] THEN [kind=…] [symmetrical=…] [id=ID].")
public final class OrderAddCommand extends EditCommand {
    @Parameters(arity = "3..*", paramLabel = "[ACTION] FIRST then [ACTION] THEN [OPTION=VALUE]")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        return OrderArgs.parse(args);
    }
}
