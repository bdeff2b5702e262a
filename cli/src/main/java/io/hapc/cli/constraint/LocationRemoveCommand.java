package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint location remove ID…`. */
@Command(
        name = "remove",
        aliases = "delete",
        mixinStandardHelpOptions = true,
        description = "Remove location constraints by id.")
public final class LocationRemoveCommand extends EditCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Override
    public CibEdit edit() {
        return new CibEdit.ConstraintRemove(ids);
    }
}
