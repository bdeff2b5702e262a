package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource clone ID [CLONE-ID] [NAME=VALUE…]`. */
@Command(
        name = "clone",
        mixinStandardHelpOptions = true,
        description = {
            "Run a primitive or group on several nodes: a clone (default id ID-clone) with options such as",
            "clone-max=N, clone-node-max=N, interleave=true. Constraints naming ID then name the clone."
        })
public final class ResourceCloneCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "CLONE-ID|NAME=VALUE")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        CloneArgs a = CloneArgs.parse(args, "resource clone " + id);
        return new CibEdit.CloneCreate(id, a.cloneId(), a.meta());
    }
}
