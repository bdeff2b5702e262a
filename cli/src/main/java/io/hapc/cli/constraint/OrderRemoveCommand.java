package io.hapc.cli.constraint;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc constraint order remove RSC…`. */
@Command(
        name = "remove",
        aliases = "delete",
        mixinStandardHelpOptions = true,
        description = "Take resources out of every order constraint (constraints left without resources go).")
public final class OrderRemoveCommand extends EditCommand {
    @Parameters(arity = "1..*", paramLabel = "RSC")
    List<String> resources;

    @Override
    public CibEdit edit() {
        return new CibEdit.OrderRemove(resources);
    }
}
