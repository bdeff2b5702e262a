package io.hapc.cli.node;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `hapc node standby|unstandby|maintenance|unmaintenance|attribute`. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Node standby, maintenance and attributes.",
        subcommands = {
            NodeStandbyCommand.class,
            NodeUnstandbyCommand.class,
            NodeMaintenanceCommand.class,
            NodeUnmaintenanceCommand.class,
            NodeAttributeCommand.class
        })
public final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
