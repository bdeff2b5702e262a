package io.hapc.cli.cluster;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `hapc cluster node add|remove NODE` on a running cluster (pcs cluster node add|remove): the
 * cluster's configuration is taken from a node of it (this one, or --host's) and pushed to the new
 * node through its admin service; the others' cluster.nodes follow; the DC writes a node into the
 * CIB when it joins, and `remove` takes it out once it has stopped.
 */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        description = "Grow or shrink a running cluster.",
        subcommands = {ClusterNodeCommand.Add.class, ClusterNodeCommand.Remove.class})
final class ClusterNodeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ClusterCommand parent;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private AdminRequest.PushSetup setup(AdminChannel first) {
        AdminReply r = ClusterCommand.call(first, new AdminRequest.GetSetup());
        if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
        try {
            return ProtocolJson.mapper().readValue(r.message(), AdminRequest.PushSetup.class);
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE, first.describe() + " answered an unreadable setup: " + e.getMessage(), e);
        }
    }

    /** Tells every reachable node of `nodes` the cluster's node list; a node that cannot be told is a warning, not a failure. */
    private static void tellNodes(List<String> nodes, List<String> list, PrintWriter err) {
        for (String n : nodes) {
            if (!ClusterHosts.known(n)) {
                err.println("warning: " + n
                        + ": not authenticated to, so its cluster.nodes stays as it was (hapc host auth " + n + ")");
                continue;
            }
            try {
                AdminReply r = ClusterHosts.channel(n).call(new AdminRequest.SetClusterNodes(list));
                if (!r.ok()) err.println("warning: " + r.message());
            } catch (IOException e) {
                err.println("warning: " + n + ": unreachable (" + ClusterHosts.why(e)
                        + "), its cluster.nodes stays as it was");
            }
        }
        err.flush();
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add NODE (authenticated to, its hapcd waiting for a "
                    + "cluster) to the running cluster: pushes the cluster's configuration there; --start starts it.")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterNodeCommand parent;

        @Parameters(paramLabel = "NODE")
        String node;

        @Option(names = "--start", description = "Start it too, and wait until it is an online member.")
        boolean start;

        @Option(
                names = "--timeout-s",
                defaultValue = "60",
                paramLabel = "S",
                description = "How long --start waits (default ${DEFAULT-VALUE}).")
        long timeoutS;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AdminRequest.PushSetup current = parent.setup(ClusterCommand.client(parent.parent));
            if (current.nodes().contains(node)) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        node + " is already a node of cluster '" + current.clusterName() + "' ("
                                + String.join(", ", current.nodes()) + "): nothing was done");
            }
            if (!ClusterHosts.known(node)) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "not authenticated to " + node + ": run `hapc host auth " + node
                                + "` first (nothing was done)");
            }
            List<String> nodes = new ArrayList<>(current.nodes());
            nodes.add(node);
            AdminReply pushed = ClusterCommand.call(
                    ClusterHosts.channel(node),
                    new AdminRequest.PushSetup(
                            current.clusterName(), nodes, current.settings(), current.secret(), false));
            if (!pushed.ok())
                throw new CommandFailure(pushed.exitCode(), pushed.message() + " (the cluster is unchanged)");
            out.println(pushed.message());
            out.flush();
            tellNodes(current.nodes(), nodes, err);
            if (start) return AcrossHosts.start(List.of(node), timeoutS, out, err);
            out.println("Node " + node + " added to cluster '" + current.clusterName()
                    + "': start it with `hapc cluster start " + node + "`");
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description =
                    "Remove NODE from the running cluster: stops it "
                            + "(its resources move off), removes its cluster configuration and state there, and takes it out of the CIB.")
    static final class Remove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        ClusterNodeCommand parent;

        @Parameters(paramLabel = "NODE")
        String node;

        @Option(
                names = "--timeout-s",
                defaultValue = "120",
                paramLabel = "S",
                description = "How long to wait for it to stop (default ${DEFAULT-VALUE}).")
        long timeoutS;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AdminChannel first = ClusterCommand.client(parent.parent);
            AdminRequest.PushSetup current = parent.setup(first);
            if (!current.nodes().contains(node)) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        node + " is not a node of cluster '" + current.clusterName() + "' ("
                                + String.join(", ", current.nodes()) + "): nothing was done");
            }
            List<String> rest =
                    current.nodes().stream().filter(n -> !n.equals(node)).toList();
            if (rest.isEmpty())
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, node + " is the cluster's last node: use `hapc cluster destroy`");
            try {
                if (ClusterHosts.state(first).node().equals(node)) {
                    throw new CommandFailure(
                            ExitCodes.INVALID_INPUT,
                            "run this from another node of the cluster (or --host " + rest.get(0)
                                    + "): the node removed cannot see the others take it out");
                }
            } catch (IOException e) {
                throw new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE, "cannot reach " + first.describe() + ": " + ClusterHosts.why(e), e);
            }
            if (Membership.online(first).map(m -> m.contains(node)).orElse(false)) {
                AdminReply r = ClusterCommand.call(first, new AdminRequest.StopNodes(List.of(node)));
                if (!r.ok())
                    throw new CommandFailure(
                            r.exitCode(), "stopping " + node + ": " + r.message() + " (nothing was removed)");
                out.println(r.message());
                out.flush();
                long deadline = System.nanoTime() + Duration.ofSeconds(timeoutS).toNanos();
                while (Membership.online(first).map(m -> m.contains(node)).orElse(true)) {
                    if (System.nanoTime() > deadline) {
                        throw new CommandFailure(
                                ExitCodes.SYSTEM_FAILURE,
                                node + " is still a member after " + timeoutS
                                        + " s (its resources may still be stopping; see `hapc status`): nothing was removed");
                    }
                    Thread.sleep(250);
                }
            }
            int rc = ExitCodes.OK;
            if (ClusterHosts.known(node)) {
                // Out of the membership is not yet waiting: its hapcd leaves the cluster, then its admin service
                // restarts.
                AdminChannel removed = ClusterHosts.channel(node);
                if (!AcrossHosts.awaitWaiting(
                        removed,
                        System.nanoTime() + Duration.ofSeconds(timeoutS).toNanos())) {
                    err.println("warning: " + node + " left the cluster but its hapcd did not answer as waiting within "
                            + timeoutS + " s (" + removed.describe() + "): its hapcd.conf and state may stay there");
                }
                rc = AcrossHosts.destroy(List.of(node), removed, timeoutS, out, err);
            } else {
                err.println(
                        "warning: not authenticated to " + node + ": its hapcd.conf and state stay there (hapc --host "
                                + node + " cluster destroy --force, once authenticated)");
            }
            AdminReply edit = ClusterCommand.call(first, new AdminRequest.Edit(new CibEdit.NodeDelete(node)));
            if (!edit.ok()) throw new CommandFailure(edit.exitCode(), edit.message());
            out.println(edit.message());
            tellNodes(rest, rest, err);
            out.println("Node " + node + " removed from cluster '" + current.clusterName() + "'");
            out.flush();
            return rc;
        }
    }
}
