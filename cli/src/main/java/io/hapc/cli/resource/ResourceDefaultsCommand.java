package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `hapc resource defaults [update] [NAME=VALUE…]`: shows rsc_defaults, or sets them (NAME= removes). */
@Command(
        name = "defaults",
        mixinStandardHelpOptions = true,
        description = "Show resource defaults, or set them: hapc resource defaults update resource-stickiness=100.")
public final class ResourceDefaultsCommand extends EditCommand {
    @Parameters(paramLabel = "[update] NAME=VALUE")
    List<String> args = new ArrayList<>();

    @Override
    public CibEdit edit() {
        return new CibEdit.ResourceDefaultsSet(DefaultsArgs.parse(args, "resource defaults"));
    }

    @Override
    public Integer call() {
        if (!DefaultsArgs.values(args).isEmpty()) return super.call();
        spec.commandLine()
                .getOut()
                .print(DefaultsArgs.text(
                        "Resource Defaults", daemon.fetch().cib().rscDefaults()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
