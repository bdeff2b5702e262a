package io.hapc.cli.rules;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc rules remove NAME`. */
@Command(
        name = "remove",
        aliases = "delete",
        mixinStandardHelpOptions = true,
        description = "Remove a stored rule file.")
public final class RulesRemoveCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public CibEdit edit() {
        return new CibEdit.RuleRemove(name);
    }
}
