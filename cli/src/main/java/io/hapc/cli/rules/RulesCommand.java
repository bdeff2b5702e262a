package io.hapc.cli.rules;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `hapc rules add|check|list|show|remove|disable`: admin rule files (Drools DRL) stored in the CIB. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = {
            "Admin rule files: Drools rules compiled with the built-in ones on every node (docs/RULES.md).",
            "They are stored in the CIB; a file that does not compile is refused with file:line:column."
        },
        subcommands = {
            RulesAddCommand.class,
            RulesCheckCommand.class,
            RulesListCommand.class,
            RulesShowCommand.class,
            RulesRemoveCommand.class,
            RulesDisableCommand.class
        })
public final class RulesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
