package io.hapc.cli.resource;

import picocli.CommandLine.Command;

/** `hapc resource config [ID…]`: the resources' configuration. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description =
                "The configuration of the resources (agent, attributes, meta attributes, operations); with IDs, only those.")
public final class ResourceConfigCommand extends ConfigurationListing {
    @Override
    protected boolean fencing() {
        return false;
    }
}
