package io.hapc.cli;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import picocli.CommandLine;

/** Parses `hapc …` arguments as the CLI does and returns the edit the command would send: no daemon involved. */
public final class EditMapping {
    private EditMapping() {}

    public static CibEdit edit(String... args) {
        return command(args).edit();
    }

    public static EditCommand command(String... args) {
        CommandLine.ParseResult r = HapcCommand.newCommandLine().parseArgs(args);
        while (r.hasSubcommand()) r = r.subcommand();
        Object leaf = r.commandSpec().userObject();
        if (!(leaf instanceof EditCommand e))
            throw new AssertionError(String.join(" ", args) + " is not an edit command: " + leaf);
        return e;
    }
}
