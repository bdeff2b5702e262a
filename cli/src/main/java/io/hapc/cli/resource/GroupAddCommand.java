package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc resource group add GROUP RSC… [--before RSC | --after RSC]`. */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        description = "Add resources to a group (created when absent); they start in this order and run together.")
public final class GroupAddCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "GROUP")
    String group;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "RSC")
    List<String> resources;

    @Option(names = "--before", paramLabel = "RSC", description = "Insert before this member.")
    String before;

    @Option(names = "--after", paramLabel = "RSC", description = "Insert after this member.")
    String after;

    @Override
    public CibEdit edit() {
        return new CibEdit.GroupAdd(group, resources, Optional.ofNullable(before), Optional.ofNullable(after));
    }
}
