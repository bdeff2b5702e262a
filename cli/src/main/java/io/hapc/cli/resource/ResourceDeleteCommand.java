package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource delete ID` (also `remove`). */
@Command(
        name = "delete",
        aliases = "remove",
        mixinStandardHelpOptions = true,
        description =
                "Delete a resource (a group with its members, a clone with its child) and the constraints naming it; "
                        + "if it runs, it is stopped.")
public final class ResourceDeleteCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public CibEdit edit() {
        return new CibEdit.ResourceDelete(id);
    }
}
