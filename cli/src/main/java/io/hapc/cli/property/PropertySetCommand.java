package io.hapc.cli.property;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.Args;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc property set NAME=VALUE…` (an empty value unsets). */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = "Set cluster properties, e.g. stonith-enabled=false.")
public final class PropertySetCommand extends EditCommand {
    @Parameters(arity = "1..*", paramLabel = "NAME=VALUE")
    List<String> values;

    @Override
    public CibEdit edit() {
        return new CibEdit.PropertySet(Args.nameValues(values, "property set"));
    }
}
