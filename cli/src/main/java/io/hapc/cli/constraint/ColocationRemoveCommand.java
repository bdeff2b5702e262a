package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint colocation remove RSC WITH-RSC`. */
@Command(
        name = "remove",
        aliases = "delete",
        mixinStandardHelpOptions = true,
        description = "Remove the colocation of RSC with WITH-RSC.")
public final class ColocationRemoveCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "RSC")
    String rsc;

    @Parameters(index = "1", paramLabel = "WITH-RSC")
    String withRsc;

    @Override
    public CibEdit edit() {
        return new CibEdit.ColocationRemove(rsc, withRsc);
    }
}
