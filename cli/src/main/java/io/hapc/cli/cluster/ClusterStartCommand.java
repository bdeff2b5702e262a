package io.hapc.cli.cluster;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.sandbox.IsolatedNetwork;
import io.hapc.cli.sandbox.Sandbox;
import io.hapc.cli.sandbox.SandboxHosts;
import io.hapc.cli.sandbox.Sandboxes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hapc cluster start`: hapcd on this node, the named nodes or all of them. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description = "Start hapcd on this node, the named nodes (sandbox) or --all.")
final class ClusterStartCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    ClusterCommand parent;

    @CommandLine.Mixin
    ClusterCommand.NodeSelection selection;

    @Option(
            names = "--timeout-s",
            defaultValue = "60",
            paramLabel = "S",
            description =
                    "How long to wait for the started nodes to join the cluster, in seconds (default ${DEFAULT-VALUE}).")
    long timeoutS;

    @Override
    public Integer call() throws Exception {
        Path dir = Sandboxes.fromEnvironment().resolve(Optional.empty());
        Optional<Sandbox> sandbox = Sandbox.read(dir);
        PrintWriter out = spec.commandLine().getOut();
        io.hapc.cli.HapcCommand root = (io.hapc.cli.HapcCommand) spec.root().userObject();
        // Through the admin services: with --host, or for nodes all authenticated to (--all: the sandbox's, when
        // one is
        // found: `sandbox exec HOST -- hapc cluster start --all` on an isolated sandbox's hosts); a sandbox's own
        // nodes otherwise.
        boolean acrossHosts = root.host().isPresent()
                || (!selection.all
                        && !selection.nodes.isEmpty()
                        && ClusterHosts.unknown(selection.nodes).isEmpty())
                || (selection.all
                        && (sandbox.isEmpty()
                                || ClusterHosts.unknown(sandbox.get().nodes().stream()
                                                .map(Sandbox.Node::node)
                                                .toList())
                                        .isEmpty()));
        if (sandbox.isPresent() && !acrossHosts && (selection.all || !selection.nodes.isEmpty())) {
            Sandbox s = sandbox.get();
            Optional<SandboxHosts> hosts =
                    IsolatedNetwork.read(dir).isPresent() ? Optional.of(SandboxHosts.of(dir)) : Optional.empty();
            List<Sandbox.Node> launched = new ArrayList<>();
            for (Sandbox.Node n : s.nodes()) {
                if (!selection.all && !selection.nodes.contains(n.node())) continue;
                if (Sandbox.alive(n.pid(), n.command())) {
                    out.println(n.node() + ": already running (pid " + n.pid() + ")");
                    continue;
                }
                long pid;
                if (hosts.isPresent()) {
                    // a host of its own: hapcd boots inside it (its network and mount namespace), never here
                    pid = hosts.get().boot(n.node()).nodes().stream()
                            .filter(x -> x.node().equals(n.node()))
                            .findFirst()
                            .orElseThrow()
                            .pid();
                } else {
                    // A sandbox node that died was "fenced": it comes back as after a reboot, with an empty
                    // HA_RSCTMP.
                    ClusterCommand.wipe(n.config().getParent().resolve("rsctmp"));
                    pid = Sandbox.launch(n.command(), n.log());
                }
                Sandbox.Node started = new Sandbox.Node(n.node(), pid, n.socket(), n.config(), n.command(), n.log());
                s = s.withNode(started);
                launched.add(started);
                out.println(n.node() + ": starting (pid " + pid + ")");
                out.flush();
            }
            s.write();
            for (String n : selection.nodes) {
                if (s.nodes().stream().noneMatch(x -> x.node().equals(n))) {
                    throw new CommandFailure(ExitCodes.INVALID_INPUT, "no node '" + n + "' in the sandbox " + dir);
                }
            }
            for (Sandbox.Node n : launched) awaitJoined(n, out);
            out.flush();
            return ExitCodes.OK;
        }
        if (selection.all || !selection.nodes.isEmpty()) {
            return AcrossHosts.start(
                    ClusterHosts.select(selection, ClusterCommand.client(parent)),
                    timeoutS,
                    out,
                    spec.commandLine().getErr());
        }
        // A local hapcd waiting for its cluster (started without one, then set up) is asked to join; else systemd
        // starts it.
        AdminChannel local = ClusterCommand.client(parent);
        ClusterHosts.HostState state;
        try {
            state = ClusterHosts.state(local);
        } catch (IOException e) {
            return ClusterCommand.systemctl(out, "start");
        }
        if (state.running()) {
            out.println(state.node() + ": already running");
            out.flush();
            return ExitCodes.OK;
        }
        AdminReply r = ClusterCommand.call(local, new AdminRequest.StartHost());
        if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
        out.println(r.message());
        out.flush();
        return ExitCodes.OK;
    }

    /** "started" only once the node is an online member; a node that dies on the way is an error saying why. */
    private void awaitJoined(Sandbox.Node n, PrintWriter out) throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + java.time.Duration.ofSeconds(timeoutS).toNanos();
        DaemonClient client = new DaemonClient(n.socket());
        while (System.nanoTime() < deadline) {
            if (Sandbox.ended(n.pid())) {
                throw new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        n.node() + " (pid " + n.pid() + ") exited before joining the cluster; "
                                + Sandbox.logTail(n.log(), 15));
            }
            if (Membership.online(client).map(m -> m.contains(n.node())).orElse(false)) {
                out.printf("%s: started, an online member after %.1f s%n", n.node(), (System.nanoTime() - begin) / 1e9);
                out.flush();
                return;
            }
            Thread.sleep(200);
        }
        throw new CommandFailure(
                ExitCodes.SYSTEM_FAILURE,
                n.node() + " (pid " + n.pid() + ") runs but has not joined the cluster after " + timeoutS
                        + " s (is the DC up? see its log " + n.log() + ")");
    }
}
