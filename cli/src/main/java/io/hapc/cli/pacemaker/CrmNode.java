package io.hapc.cli.pacemaker;

import static io.hapc.cli.pacemaker.PacemakerTools.CRM_EX_OK;
import static io.hapc.cli.pacemaker.PacemakerTools.CRM_EX_USAGE;

import io.hapc.cli.pacemaker.PacemakerTools.Daemon;
import io.hapc.cli.pacemaker.PacemakerTools.ToolFailure;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Pacemaker's `crm_node` as agents call it (ocf-shellfuncs' ocf_local_nodename runs `crm_node -n`):
 * this node's name, the nodes, the partition's members, whether it has quorum.
 */
@Command(
        name = "crm_node",
        mixinStandardHelpOptions = true,
        description = "Pacemaker's crm_node, answered by hapc for resource agents (see docs/AGENTS.md).")
final class CrmNode implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--name"})
    boolean name;

    @Option(names = {"-l", "--list"})
    boolean list;

    @Option(names = {"-p", "--partition"})
    boolean partition;

    @Option(names = {"-q", "--quorum"})
    boolean quorum;

    private final Daemon daemon;
    private final Map<String, String> env;

    CrmNode(Daemon daemon, Map<String, String> env) {
        this.daemon = daemon;
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name) {
            out.println(Optional.ofNullable(env.get("OCF_RESKEY_CRM_meta_on_node"))
                    .filter(n -> !n.isBlank())
                    .orElseGet(daemon::localNode));
        } else if (list || partition || quorum) {
            Cib cib = daemon.cib();
            if (list) {
                for (Node n : cib.nodes())
                    out.println(n.id() + " " + n.uname() + " " + (member(cib, n) ? "member" : "lost"));
            } else if (partition) {
                out.println(String.join(
                        " ",
                        cib.nodes().stream()
                                .filter(n -> member(cib, n))
                                .map(Node::uname)
                                .toList()));
            } else {
                out.println(cib.haveQuorum() ? "1" : "0");
            }
        } else {
            throw new ToolFailure(
                    CRM_EX_USAGE, "hapc answers crm_node -n (--name), -l (--list), -p (--partition), -q (--quorum)");
        }
        out.flush();
        return CRM_EX_OK;
    }

    /** In the membership: what the DC wrote in the node's status (in_ccm true, controller online). */
    static boolean member(Cib cib, Node n) {
        return cib.status().nodeStates().stream()
                .filter(s -> s.id().equals(n.id()) || s.uname().orElse("").equals(n.uname()))
                .anyMatch(s -> s.inCcm().orElse("").equals("true")
                        && s.crmd().orElse("").equals("online"));
    }
}
