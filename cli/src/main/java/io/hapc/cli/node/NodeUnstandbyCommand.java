package io.hapc.cli.node;

import io.hapc.admin.CibEdit;
import java.util.List;
import picocli.CommandLine.Command;

/** `hapc node unstandby [NODE…] [--all]`. */
@Command(
        name = "unstandby",
        mixinStandardHelpOptions = true,
        description = "Take nodes out of standby. Without NODE: this node.")
public final class NodeUnstandbyCommand extends NodeFlagCommand {
    @Override
    CibEdit edit(List<String> nodes, boolean all) {
        return new CibEdit.NodeStandby(nodes, all, false);
    }
}
