package io.hapc.cli.node;

import io.hapc.admin.CibEdit;
import java.util.List;
import picocli.CommandLine.Command;

/** `hapc node maintenance [NODE…] [--all]`. */
@Command(
        name = "maintenance",
        mixinStandardHelpOptions = true,
        description = "Put nodes in maintenance: their resources are left alone, unmanaged. Without NODE: this node.")
public final class NodeMaintenanceCommand extends NodeFlagCommand {
    @Override
    CibEdit edit(List<String> nodes, boolean all) {
        return new CibEdit.NodeMaintenance(nodes, all, true);
    }
}
