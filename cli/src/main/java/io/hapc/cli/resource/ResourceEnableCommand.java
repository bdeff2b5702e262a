package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource enable ID…`. */
@Command(
        name = "enable",
        mixinStandardHelpOptions = true,
        description = "Let resources run again (removes target-role=Stopped).")
public final class ResourceEnableCommand extends EditCommand {
    @Parameters(arity = "1..*", paramLabel = "ID")
    List<String> ids;

    @Override
    public CibEdit edit() {
        return new CibEdit.ResourceEnable(ids);
    }
}
