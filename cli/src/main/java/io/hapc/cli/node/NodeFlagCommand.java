package io.hapc.cli.node;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `[NODE…] [--all]` of standby and maintenance, on or off; no node means the node the daemon runs on (as pcs). */
abstract class NodeFlagCommand extends EditCommand {
    @Parameters(paramLabel = "NODE")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--all", description = "Every node.")
    boolean all;

    abstract CibEdit edit(List<String> nodes, boolean all);

    @Override
    public CibEdit edit() {
        return edit(nodes, all);
    }

    @Override
    protected CibEdit complete(CibEdit edit) {
        return nodes.isEmpty() && !all ? edit(List.of(daemon.localNode()), false) : edit;
    }
}
