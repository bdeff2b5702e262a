package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hapc sandbox start`: the cluster, its demo configuration, and what to try next. */
@Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description =
                "Start an embedded ZooKeeper and N hapcd nodes, each a host of its own where it can be (--isolate, --shared); "
                        + "returns once all are online and a DC is elected.")
final class SandboxStart implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "How many nodes (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--dir",
            description =
                    "Where the sandbox keeps its state and logs (default: ${sys:java.io.tmpdir}/hapc-sandbox-$USER).")
    Path dir;

    @Option(
            names = "--session-timeout-ms",
            description =
                    "How long a silent node is given before it is fenced: the ZooKeeper session timeout (default 5000), "
                            + "or with --transport heartbeat the deadtime (default 2000 with keepalive 200; given, keepalive is a fifth of it, warntime half).")
    Long sessionTimeoutMs;

    @Option(
            names = "--transport",
            defaultValue = "zookeeper",
            paramLabel = "zookeeper|heartbeat",
            description =
                    "zookeeper (an embedded server; default) or heartbeat (exactly two nodes over UDP on the hosts' own "
                            + "addresses, or on 127.0.0.1 when shared).")
    String transport;

    @Option(names = "--no-demo", description = "Start with an empty configuration instead of the demo resources.")
    boolean noDemo;

    @Option(
            names = "--timeout-s",
            defaultValue = "90",
            paramLabel = "S",
            description = "How long to wait for the cluster to form, in seconds (default ${DEFAULT-VALUE}).")
    long timeoutS;

    @Option(
            names = "--isolate",
            description =
                    "Each node a host of its own (the default where it can be: root, iproute2, util-linux): its own "
                            + "network namespace on a bridge (addresses from --subnet), its own mount namespace (private /run, /tmp, "
                            + "/var/log), plus a client namespace; `sandbox crash` and fence_hapc_sandbox power hosts off. Given, "
                            + "a start that cannot isolate fails and says why.")
    boolean isolate;

    @Option(
            names = "--shared",
            description = "The nodes share this machine's network and files (hapcd processes on 127.0.0.1, fence_dummy "
                    + "fencing): no root needed; `kill -9` of a node's hapcd leaves its resources running.")
    boolean shared;

    @Option(
            names = "--unconfigured",
            description = "Isolated only: hosts as machines before `pcs host auth` and `pcs cluster "
                    + "setup`: each hapcd runs its admin service (port 2224 on the host's address) and waits for `hapc cluster setup`; "
                    + "no cluster, no demo (README: the walkthrough).")
    boolean unconfigured;

    @Option(
            names = "--subnet",
            paramLabel = "CIDR",
            defaultValue = Subnet.DEFAULT,
            description =
                    "Isolated: the hosts' subnet (default ${DEFAULT-VALUE}; bridge .1, nodes .11 up, client .200, demo floating IP .100).")
    String subnet;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 32)
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "--nodes " + nodes + ": expected 1 to 32");
        if (!transport.equals("zookeeper") && !transport.equals("heartbeat")) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT, "--transport " + transport + ": expected zookeeper or heartbeat");
        }
        if (transport.equals("heartbeat") && nodes != 2) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "--transport heartbeat is for exactly two nodes, not " + nodes
                            + ": use --nodes 2, or the zookeeper transport for more");
        }
        // A new sandbox goes where it was asked, or to the default place: not where the last one was.
        Path base =
                dir != null ? dir.toAbsolutePath() : Sandboxes.fromEnvironment().defaultDir();
        Optional<Sandbox> existing = Sandbox.read(base);
        if (existing.isPresent()
                && existing.get().nodes().stream().anyMatch(n -> Sandbox.alive(n.pid(), n.command()))) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "a sandbox is already running in " + base + ": `hapc sandbox stop"
                            + (dir != null ? " --dir " + base : "") + "` first, or use --dir");
        }
        if (unconfigured && transport.equals("heartbeat")) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "--unconfigured: the transport is chosen by `hapc cluster setup` "
                            + "(--transport heartbeat there), not here");
        }
        Optional<Subnet> isolated =
                isolation(spec.commandLine().getErr()) ? Optional.of(Subnet.parse(subnet)) : Optional.empty();
        SandboxLauncher launcher = new SandboxLauncher(base, spec.commandLine().getErr());
        launcher.clearPrevious();
        Sandbox sandbox = isolated.isPresent()
                ? new IsolatedSandboxStart(launcher, base)
                        .start(
                                nodes,
                                sessionTimeoutMs,
                                transport.equals("heartbeat"),
                                isolated.get(),
                                Duration.ofSeconds(timeoutS),
                                unconfigured)
                : launcher.start(nodes, sessionTimeoutMs, Duration.ofSeconds(timeoutS), transport.equals("heartbeat"));
        Sandboxes.fromEnvironment().register(base);
        PrintWriter out = spec.commandLine().getOut();
        if (unconfigured) {
            printWalkthrough(sandbox, base, out);
            return ExitCodes.OK;
        }
        if (!noDemo) {
            try {
                SandboxDemo.configure(sandbox, spec.commandLine().getErr());
            } catch (RuntimeException e) {
                launcher.stop(sandbox, Duration.ofSeconds(timeoutS)); // nothing left running that the user did not get
                IsolatedSandboxStart.teardown(base);
                throw e;
            }
        }
        String first = sandbox.nodes().get(0).node();
        out.println("hapc sandbox: " + nodes + " nodes running in " + base
                + (transport.equals("heartbeat")
                        ? " (heartbeat transport over UDP"
                                + (isolated.isPresent() ? " on the hosts' addresses)" : " on 127.0.0.1)")
                        : " (ZooKeeper pid " + sandbox.zookeeper().pid() + ")"));
        Optional<IsolatedNetwork> net = IsolatedNetwork.read(base);
        for (Sandbox.Node n : sandbox.nodes()) {
            out.println("  " + n.node() + "  pid " + n.pid() + "  socket " + n.socket()
                    + SandboxStatus.metricsUrl(n).map(u -> "  metrics " + u).orElse("")
                    + net.map(x -> "  host " + x.host(n.node()).address() + " (netns "
                                    + x.host(n.node()).namespace() + ")")
                            .orElse(""));
        }
        net.ifPresent(x -> out.println(
                "  client  " + x.client().address() + " (netns " + x.client().namespace() + ")"));
        out.println();
        out.println("Try:");
        out.println("  HAPC_NODE=" + first + " bin/hapc status");
        out.println("  bin/hapc --node " + first + " node standby " + first + "      # watch its resources move");
        out.println(
                "  bin/hapc --node " + first + " resource create MyRsc ocf:heartbeat:Dummy op monitor interval=10s");
        out.println("  bin/hapc sandbox status" + (dir != null ? " --dir " + base : "")
                + "                            # each node's pid and what it runs");
        if (net.isPresent()) {
            String sb = dir != null ? " --dir " + base : "";
            if (!noDemo) {
                out.println("  bin/hapc sandbox exec client" + sb + " -- curl -s http://"
                        + Subnet.parse(net.get().subnet()).floatingIp() + "/");
            }
            out.println("  bin/hapc sandbox crash" + sb + (noDemo ? " <a node>" : " <node running WebServer>")
                    + "     # power loss: the host is fenced, its resources restart elsewhere");
            out.println("  bin/hapc sandbox power-on" + sb + " <that node>                  # it boots and rejoins");
        } else if (noDemo) {
            out.println(
                    "  kill -9 <pid of a node>                            # it is fenced, its resources restart elsewhere");
        } else {
            out.println(
                    "  kill -9 <pid of the node that runs WebServer>     # it is fenced, its resources restart elsewhere");
        }
        SandboxStatus.metricsUrl(sandbox.nodes().get(0))
                .ifPresent(u -> out.println("  open " + u.replace("/metrics", "/")
                        + "                 # the status page; Prometheus and Grafana: grafana/README.md"));
        out.println("  bin/hapc sandbox stop" + (dir != null ? " --dir " + base : ""));
        out.println("Logs: " + base + "/<node>/hapcd.log, actions each node ran: " + base + "/<node>/log/actions.log");
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Whether this sandbox is isolated: as asked (--isolate, --shared), else whenever this machine allows it; a shared
     * sandbox that was not asked for says, in one line on `err`, why and how to get isolation.
     */
    private boolean isolation(PrintWriter err) {
        if (isolate && shared) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "--isolate and --shared: choose one");
        }
        if (shared) {
            if (unconfigured) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "--unconfigured is for hosts of their own: not with --shared (isolated, as root)");
            }
            return false;
        }
        Optional<String> why = IsolationSupport.unavailable();
        if (why.isEmpty()) return true;
        if (isolate || unconfigured) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    (isolate ? "--isolate" : "--unconfigured (hosts of their own)") + ": cannot isolate here: "
                            + why.get() + "; or start without it, with --shared");
        }
        err.println("hapc sandbox: shared sandbox (the nodes share this machine's network and files): " + why.get()
                + "; run as root with iproute2 and util-linux for nodes that are hosts of their own (--shared "
                + "chooses this sandbox without this note)");
        err.flush();
        return false;
    }

    /** What `--unconfigured` started, and the pcs-style walkthrough from there (README's, with this sandbox's names). */
    private static void printWalkthrough(Sandbox sandbox, Path base, PrintWriter out) throws IOException {
        IsolatedNetwork net = IsolatedNetwork.read(base).orElseThrow();
        List<String> names = sandbox.nodes().stream().map(Sandbox.Node::node).toList();
        out.println("hapc sandbox: " + names.size() + " hosts in " + base
                + ", each hapcd waiting for `hapc cluster setup` " + "(ZooKeeper on " + net.zookeeperConnect() + ")");
        for (Sandbox.Node n : sandbox.nodes()) {
            out.println("  " + n.node() + "  pid " + n.pid() + "  admin service https://"
                    + net.host(n.node()).address() + ":2224" + "  (netns "
                    + net.host(n.node()).namespace() + ")");
        }
        String first = names.get(0);
        String all = String.join(" ", names);
        out.println();
        out.println("Then, as on machines (each command on a host: bin/hapc sandbox exec HOST -- CMD…):");
        for (String n : names)
            out.println("  bin/hapc --node " + n + " host set-password        # on the host, through its socket");
        out.println("  bin/hapc sandbox exec " + first + " -- bin/hapc host auth " + all);
        out.println("  bin/hapc sandbox exec " + first + " -- bin/hapc cluster setup mycluster " + all + " --zookeeper "
                + net.zookeeperConnect());
        out.println("  bin/hapc sandbox exec " + first + " -- bin/hapc cluster start --all");
        out.println("  bin/hapc sandbox stop");
        out.flush();
    }
}
