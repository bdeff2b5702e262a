package io.hapc.cli.property;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc property unset NAME…`. */
@Command(
        name = "unset",
        mixinStandardHelpOptions = true,
        description = "Remove cluster properties (their defaults apply again).")
public final class PropertyUnsetCommand extends EditCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME")
    List<String> names;

    @Override
    public CibEdit edit() {
        return new CibEdit.PropertyUnset(names);
    }
}
