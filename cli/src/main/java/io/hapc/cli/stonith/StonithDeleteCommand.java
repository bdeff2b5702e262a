package io.hapc.cli.stonith;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc stonith delete ID` (also `remove`). */
@Command(name = "delete", aliases = "remove", mixinStandardHelpOptions = true, description = "Delete a fencing device.")
public final class StonithDeleteCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public CibEdit edit() {
        return new CibEdit.StonithDelete(id);
    }
}
