package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.sandbox.Sandbox;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hapc cluster stop`: each node's resources moved off (or stopped), then its hapcd. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description =
                "Stop the cluster on this node, the named nodes or --all: resources are moved off (or stopped) first.")
final class ClusterStopCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ClusterCommand parent;

    @CommandLine.Mixin
    ClusterCommand.NodeSelection selection;

    @Option(
            names = "--timeout-s",
            defaultValue = "120",
            paramLabel = "S",
            description =
                    "How long to wait for the nodes to move their resources off and stop, in seconds (default ${DEFAULT-VALUE}).")
    long timeoutS;

    @Override
    public Integer call() throws InterruptedException {
        AdminChannel client = ClusterCommand.client(parent);
        AdminReply info = ClusterCommand.call(client, new AdminRequest.DaemonInfo());
        String self = info.node()
                .orElseThrow(() -> new CommandFailure(ExitCodes.SYSTEM_FAILURE, "hapcd did not say its name"));
        List<String> which = selection.all ? List.of() : selection.nodes.isEmpty() ? List.of(self) : selection.nodes;
        Set<String> targets =
                new HashSet<>(which.isEmpty() ? Membership.online(client).orElse(Set.of(self)) : which);
        AdminReply r = stopRequest(client, which);
        PrintWriter out = spec.commandLine().getOut();
        out.println(r.message());
        out.flush();
        // A remote daemon's pid means nothing here: it is gone once it stops answering.
        awaitStopped(client, self, client instanceof DaemonClient ? info.pid() : Optional.empty(), targets, out);
        return ExitCodes.OK;
    }

    /**
     * Asking to stop is idempotent: while the DC changes (exit 5, "try again") it is asked again,
     * within the timeout, instead of leaving the admin to repeat it.
     */
    private AdminReply stopRequest(AdminChannel client, List<String> which) throws InterruptedException {
        long deadline =
                System.nanoTime() + java.time.Duration.ofSeconds(timeoutS).toNanos();
        while (true) {
            AdminReply r = ClusterCommand.call(client, new AdminRequest.StopNodes(which));
            if (r.ok()) return r;
            if (r.exitCode() != ExitCodes.SYSTEM_FAILURE || System.nanoTime() > deadline) {
                throw new CommandFailure(r.exitCode(), r.message());
            }
            Thread.sleep(500);
        }
    }

    /** Returns once every target has left the membership and, if this daemon was one, it has exited. */
    private void awaitStopped(
            AdminChannel client, String self, Optional<Long> selfPid, Set<String> targets, PrintWriter out)
            throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + java.time.Duration.ofSeconds(timeoutS).toNanos();
        Set<String> others = new HashSet<>(targets);
        others.remove(self);
        Set<String> pending = new HashSet<>(targets);
        while (System.nanoTime() < deadline) {
            Optional<Set<String>> online = Membership.online(client);
            if (online.isPresent()) others.removeIf(n -> !online.get().contains(n));
            boolean selfGone =
                    !targets.contains(self) || selfPid.map(Sandbox::ended).orElse(online.isEmpty());
            // once this daemon is gone nobody here can see the others: they were told to stop before it
            if (selfGone && (others.isEmpty() || online.isEmpty())) {
                out.printf(
                        "Stopped: %s (%.1f s)%n",
                        String.join(", ", new java.util.TreeSet<>(targets)), (System.nanoTime() - begin) / 1e9);
                out.flush();
                return;
            }
            pending = new HashSet<>(others);
            if (!selfGone) pending.add(self);
            Thread.sleep(200);
        }
        throw new CommandFailure(
                ExitCodes.SYSTEM_FAILURE,
                "still running after " + timeoutS + " s: " + String.join(", ", new java.util.TreeSet<>(pending))
                        + " (their resources may still be stopping; see `hapc status`)");
    }
}
