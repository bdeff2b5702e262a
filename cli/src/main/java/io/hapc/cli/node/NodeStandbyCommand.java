package io.hapc.cli.node;

import io.hapc.admin.CibEdit;
import java.util.List;
import picocli.CommandLine.Command;

/** `hapc node standby [NODE…] [--all]`. */
@Command(
        name = "standby",
        mixinStandardHelpOptions = true,
        description = "Put nodes in standby: their resources move away and none start there. Without NODE: this node.")
public final class NodeStandbyCommand extends NodeFlagCommand {
    @Override
    CibEdit edit(List<String> nodes, boolean all) {
        return new CibEdit.NodeStandby(nodes, all, true);
    }
}
