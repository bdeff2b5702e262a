package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource op defaults [update] [NAME=VALUE…]`: shows op_defaults, or sets them (NAME= removes). */
@Command(
        name = "defaults",
        mixinStandardHelpOptions = true,
        description = "Show operation defaults, or set them: hapc resource op defaults update timeout=60s.")
public final class OpDefaultsCommand extends EditCommand {
    @Parameters(paramLabel = "[update] NAME=VALUE")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        return new CibEdit.OpDefaultsSet(DefaultsArgs.parse(args, "resource op defaults"));
    }

    @Override
    public Integer call() {
        if (!DefaultsArgs.values(args).isEmpty()) return super.call();
        spec.commandLine()
                .getOut()
                .print(DefaultsArgs.text(
                        "Operation Defaults", daemon.fetch().cib().opDefaults()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
