package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.Args;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource update ID [NAME=VALUE…] [op ACTION OPT=VAL…]… [meta NAME=VALUE…]`. */
@Command(
        name = "update",
        mixinStandardHelpOptions = true,
        description = {
            "Change a resource's parameters, operations or meta attributes.",
            "NAME= (empty) removes a parameter; the ops given replace the resource's ops of the same action."
        })
public final class ResourceUpdateCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "ARG")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        Args.Definition d = Args.definition(args, "resource update " + id);
        return new CibEdit.ResourceUpdate(id, d.params(), d.ops(), d.meta());
    }
}
