package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint remove ID…` (also `delete`). */
@Command(
        name = "remove",
        aliases = "delete",
        mixinStandardHelpOptions = true,
        description = "Remove constraints by id (hapc constraint list shows them).")
public final class ConstraintRemoveCommand extends EditCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Override
    public CibEdit edit() {
        return new CibEdit.ConstraintRemove(ids);
    }
}
