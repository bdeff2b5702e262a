package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource promotable ID [CLONE-ID] [NAME=VALUE…]`. */
@Command(
        name = "promotable",
        mixinStandardHelpOptions = true,
        description =
                "A clone whose instances can be promoted (promotable=true; promoted-max=N, promoted-node-max=N, …).")
public final class ResourcePromotableCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1..*", paramLabel = "CLONE-ID|NAME=VALUE")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        CloneArgs a = CloneArgs.parse(args, "resource promotable " + id);
        return new CibEdit.PromotableCreate(id, a.cloneId(), a.meta());
    }
}
