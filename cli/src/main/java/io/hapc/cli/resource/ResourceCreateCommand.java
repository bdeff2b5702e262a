package io.hapc.cli.resource;

import io.hapc.admin.CibEdit;
import io.hapc.cli.daemon.Args;
import io.hapc.cli.daemon.EditCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `hapc resource create ID AGENT [NAME=VALUE…] [op ACTION OPT=VAL…]… [meta NAME=VALUE…]
 * [--group G [--before R | --after R]] [--disabled] [--no-default-ops] [--force]`.
 */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Create a resource, e.g.:",
            "  hapc resource create VIP ocf:heartbeat:IPaddr2 ip=192.0.2.10 cidr_netmask=24 op monitor interval=30s",
            "Parameters missing that the agent requires are refused, naming them."
        })
public final class ResourceCreateCommand extends EditCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(
            index = "1",
            paramLabel = "AGENT",
            description =
                    "standard:provider:type, e.g. ocf:heartbeat:Dummy, systemd:nginx; or the type alone (Dummy) when one installed agent has it.")
    String agent;

    @Parameters(
            index = "2..*",
            paramLabel = "ARG",
            description = "NAME=VALUE parameters, then op ACTION OPT=VAL… and meta NAME=VALUE….")
    List<String> args = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", description = "Put it in this group (created when absent).")
    String group;

    @Option(names = "--before", paramLabel = "RSC", description = "Within the group, before this member.")
    String before;

    @Option(names = "--after", paramLabel = "RSC", description = "Within the group, after this member.")
    String after;

    @Option(names = "--disabled", description = "Create it stopped (target-role=Stopped).")
    boolean disabled;

    @Option(
            names = "--no-default-ops",
            description = "Only the operations given (and a monitor), not the agent's defaults.")
    boolean noDefaultOps;

    @Option(names = "--force", description = "Skip the agent meta-data checks (agent not installed on the DC).")
    boolean force;

    /** A bare type (`IPaddr2`) becomes the one agent of that type installed here, as pcs does. */
    @Override
    protected CibEdit complete(CibEdit edit) {
        CibEdit.ResourceCreate c = (CibEdit.ResourceCreate) edit;
        String full = io.hapc.cli.agents.AgentsContext.resolveAgentName(
                c.agent(), spec.commandLine().getErr());
        if (full.equals(c.agent())) return edit;
        return new CibEdit.ResourceCreate(
                c.id(),
                full,
                c.params(),
                c.ops(),
                c.meta(),
                c.group(),
                c.before(),
                c.after(),
                c.disabled(),
                c.noDefaultOps(),
                c.force());
    }

    @Override
    public CibEdit edit() {
        Args.Definition d = Args.definition(args, "resource create " + id);
        return new CibEdit.ResourceCreate(
                id,
                agent,
                d.params(),
                d.ops(),
                d.meta(),
                Optional.ofNullable(group),
                Optional.ofNullable(before),
                Optional.ofNullable(after),
                disabled,
                noDefaultOps,
                force);
    }
}
