package io.hapc.cli.property;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `hapc property set|unset|show`: cluster options (crm_config). */
@Command(
        name = "property",
        mixinStandardHelpOptions = true,
        description = "Cluster properties (options).",
        subcommands = {PropertySetCommand.class, PropertyUnsetCommand.class, PropertyShowCommand.class})
public final class PropertyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
