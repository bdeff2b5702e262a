package io.hapc.cli.stonith;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.Args;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc stonith create ID AGENT [NAME=VALUE…] [op …] [meta …] [--disabled] [--force]`. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Create a fencing device, e.g.:",
            "  hapc stonith create ipmi-n1 fence_ipmilan ip=192.0.2.1 username=admin password=secret pcmk_host_list=node1",
            "pcmk_host_list / pcmk_host_map (node1:port1;node2:port2) say which nodes it can fence."
        })
public final class StonithCreateCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(
            index = "1",
            paramLabel = "AGENT",
            description = "A fence agent, e.g. fence_ipmilan (hapc stonith list).")
    String agent;

    @Parameters(index = "2..*", paramLabel = "ARG", description = "NAME=VALUE parameters, then op … and meta ….")
    List<String> args = new ArrayList<>();

    @Option(names = "--disabled", description = "Create it stopped (target-role=Stopped).")
    boolean disabled;

    @Option(names = "--force", description = "Skip the agent meta-data checks (agent not installed on the DC).")
    boolean force;

    @Override
    public CibEdit edit() {
        Args.Definition d = Args.definition(args, "stonith create " + id);
        return new CibEdit.StonithCreate(id, agent, d.params(), d.ops(), d.meta(), disabled, force);
    }
}
