package io.hapc.cli.node;

import io.hapc.admin.CibEdit;
import java.util.List;
import picocli.CommandLine.Command;

/** `hapc node unmaintenance [NODE…] [--all]`. */
@Command(
        name = "unmaintenance",
        mixinStandardHelpOptions = true,
        description = "Take nodes out of maintenance. Without NODE: this node.")
public final class NodeUnmaintenanceCommand extends NodeFlagCommand {
    @Override
    CibEdit edit(List<String> nodes, boolean all) {
        return new CibEdit.NodeMaintenance(nodes, all, false);
    }
}
