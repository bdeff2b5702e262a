package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource clear ID [NODE]`. */
@Command(
        name = "clear",
        mixinStandardHelpOptions = true,
        description =
                "Remove the constraints move and ban made (cli-prefer-ID, cli-ban-ID-on-*; only NODE's when given).")
public final class ResourceClearCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NODE")
    String node;

    @Override
    public CibEdit edit() {
        return new CibEdit.ResourceClear(id, Optional.ofNullable(node));
    }
}
