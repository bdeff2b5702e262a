package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.Args;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource meta ID NAME=VALUE…`: meta attributes of any resource (group and clone too). */
@Command(
        name = "meta",
        mixinStandardHelpOptions = true,
        description = "Set meta attributes (resource-stickiness, migration-threshold, …); NAME= removes one.")
public final class ResourceMetaCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME=VALUE")
    List<String> values;

    @Override
    public CibEdit edit() {
        return new CibEdit.ResourceUpdate(
                id, java.util.Map.of(), List.of(), Args.nameValues(values, "resource meta " + id));
    }
}
