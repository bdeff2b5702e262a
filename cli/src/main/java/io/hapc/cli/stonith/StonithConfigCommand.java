package io.hapc.cli.stonith;

import io.hapc.cli.resource.ConfigurationListing;
import picocli.CommandLine.Command;

/** `hapc stonith config [ID…]`: the fencing devices' configuration. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "The configuration of the fencing devices; with IDs, only those.")
public final class StonithConfigCommand extends ConfigurationListing {
    @Override
    protected boolean fencing() {
        return true;
    }
}
