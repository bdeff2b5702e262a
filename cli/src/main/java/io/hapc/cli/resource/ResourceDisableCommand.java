package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource disable ID…`. */
@Command(
        name = "disable",
        mixinStandardHelpOptions = true,
        description = "Stop resources and keep them stopped (target-role=Stopped).")
public final class ResourceDisableCommand extends EditCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Override
    public CibEdit edit() {
        return new CibEdit.ResourceDisable(ids);
    }
}
