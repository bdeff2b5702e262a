package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * `hapc sandbox start` isolated (the default where it can be, or --isolate): the network first (bridge, client), ZooKeeper on the bridge's
 * address inside the bridge's namespace, the sandbox's fence agent, then one host per node, each
 * booting its hapcd (see {@link SandboxHosts}). On any failure everything made so far goes.
 */
final class IsolatedSandboxStart {
    /** The heartbeat's UDP port on each host's address (corosync's, as a machine would use). */
    static final int HEARTBEAT_PORT = 5405;
    /** Each host's admin service, on its own address: pcsd's port, as on a machine. */
    static final int ADMIN_PORT = 2224;

    private final SandboxLauncher launcher;
    private final Path base;

    IsolatedSandboxStart(SandboxLauncher launcher, Path base) {
        this.launcher = launcher;
        this.base = base;
    }

    /**
     * With `heartbeat` (two nodes) the hosts talk UDP on their own addresses (port {@link #HEARTBEAT_PORT}) and ZooKeeper
     * serves no node: it still runs, as the process in whose mount namespace fence_hapc_sandbox switches power.
     */
    Sandbox start(int count, Long sessionTimeoutMs, boolean heartbeat, Subnet subnet, Duration timeout)
            throws IOException, InterruptedException {
        return start(count, sessionTimeoutMs, heartbeat, subnet, timeout, false);
    }

    /**
     * `unconfigured`: each host's hapcd gets its own settings only and waits for `hapc cluster setup` (its admin service on
     * the host's address, port 2224); returns once every admin service answers on the bridge.
     */
    Sandbox start(
            int count, Long sessionTimeoutMs, boolean heartbeat, Subnet subnet, Duration timeout, boolean unconfigured)
            throws IOException, InterruptedException {
        if (ProcessHandle.current().info().user().map(u -> !u.equals("root")).orElse(false)) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "an isolated sandbox makes network and mount namespaces: run it as root "
                            + "(or start with --shared)");
        }
        Path secret = launcher.secret();
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) names.add("sandbox-" + i);
        IsolatedNetwork net = IsolatedNetwork.plan(base, subnet, names);
        // Namespaces left by an earlier sandbox of this directory (it is not running: start checked) are ours to clear.
        NetworkNamespaces.teardown(net);
        net.write(base);
        Sandbox.Process zk = null;
        List<Sandbox.Node> nodes = new ArrayList<>();
        try {
            launcher.progress(
                    "making the network: bridge " + net.bridgeAddress() + "/" + subnet.prefixLength() + " in namespace "
                            + net.lanNamespace() + ", client " + net.client().address());
            NetworkNamespaces.createLan(net);
            NetworkNamespaces.plugIn(net, net.client());
            // nsenter, not `ip netns exec`: that one gives the process a mount namespace of its own, and ZooKeeper's is
            // where
            // fence_hapc_sandbox switches power from; namespaces it makes or deletes there must be those of this
            // machine.
            List<String> zkCmd =
                    new ArrayList<>(List.of("setsid", "nsenter", "--net=/run/netns/" + net.lanNamespace(), "--"));
            List<String> java = SandboxLauncher.java(
                    "io.hapc.transport.zookeeper.EmbeddedZooKeeper",
                    "--port",
                    Integer.toString(net.zookeeperPort()),
                    "--address",
                    net.bridgeAddress(),
                    "--data-dir",
                    base.resolve("zookeeper").toString());
            zkCmd.addAll(java.subList(1, java.size())); // without its own setsid: one is enough
            Path zkLog = base.resolve("zookeeper.log");
            launcher.progress("starting ZooKeeper on " + net.zookeeperConnect());
            zk = new Sandbox.Process(Sandbox.launch(zkCmd, zkLog), zkCmd, zkLog);
            if (!NetworkNamespaces.awaitListening(
                    net.client().namespace(), net.bridgeAddress(), net.zookeeperPort(), Duration.ofSeconds(30))) {
                throw new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        "ZooKeeper did not listen on " + net.zookeeperConnect() + " within 30 s; "
                                + Sandbox.logTail(zkLog, 15));
            }
            SandboxHosts hosts = new SandboxHosts(base, net);
            hosts.writeFenceAgents(zk.pid());
            launcher.progress("booting " + count + (count == 1 ? " host" : " hosts")
                    + " (a network and mount namespace each, hapcd inside)");
            List<String> transportLines;
            if (heartbeat) {
                List<String> endpoints = names.stream()
                        .map(n -> net.host(n).address() + ":" + HEARTBEAT_PORT)
                        .toList();
                transportLines = SandboxLauncher.heartbeatLines(endpoints, sessionTimeoutMs);
            } else {
                transportLines = SandboxLauncher.zooKeeperLines(
                        net.zookeeperConnect(), sessionTimeoutMs != null ? sessionTimeoutMs : 5000);
            }
            transportLines = new ArrayList<>(transportLines);
            transportLines.add(SandboxLauncher.clusterNodesLine(names));
            for (String name : names) {
                // HA_RSCTMP in the host's private /run: a power loss forgets what ran, as on a machine
                // metrics and the admin service on the host's own address and default ports, like a machine's
                Sandbox.Node planned = unconfigured
                        ? launcher.hostOnlyNode(
                                name,
                                Path.of("/run/resource-agents"),
                                net.host(name).address(),
                                io.hapc.daemon.config.DaemonConfig.DEFAULT_METRICS_PORT,
                                ADMIN_PORT,
                                sessionTimeoutMs)
                        : launcher.nodeConfig(
                                name,
                                transportLines,
                                secret,
                                Path.of("/run/resource-agents"),
                                net.host(name).address(),
                                io.hapc.daemon.config.DaemonConfig.DEFAULT_METRICS_PORT,
                                ADMIN_PORT);
                NetworkNamespaces.plugIn(net, net.host(name));
                long pid = Sandbox.launch(hosts.bootCommand(name, planned.command()), planned.log());
                nodes.add(new Sandbox.Node(
                        name, pid, planned.socket(), planned.config(), planned.command(), planned.log()));
            }
            Sandbox sandbox = new Sandbox(base, zk, nodes);
            sandbox.write();
            if (unconfigured) {
                launcher.progress("waiting for every host's admin service (at most " + timeout.toSeconds() + " s)");
                awaitAdminServices(net, nodes, timeout);
                return sandbox;
            }
            launcher.progress("waiting for every node to join and for a DC to be elected (at most "
                    + timeout.toSeconds() + " s)");
            launcher.awaitFormed(sandbox, timeout);
            return sandbox;
        } catch (IOException | RuntimeException | InterruptedException e) {
            // leave nothing behind that the user did not get a handle on
            for (Sandbox.Node n : nodes) launcher.terminate(n.pid(), n.command());
            if (zk != null) launcher.terminate(zk.pid(), zk.command());
            NetworkNamespaces.teardown(net);
            throw e;
        }
    }

    private static void awaitAdminServices(IsolatedNetwork net, List<Sandbox.Node> nodes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Sandbox.Node n : nodes) {
            String address = net.host(n.node()).address();
            while (!NetworkNamespaces.awaitListening(
                    net.client().namespace(), address, ADMIN_PORT, Duration.ofSeconds(1))) {
                if (Sandbox.ended(n.pid())) {
                    throw new CommandFailure(
                            ExitCodes.SYSTEM_FAILURE,
                            n.node() + " (pid " + n.pid() + ") exited during start-up; "
                                    + Sandbox.logTail(n.log(), 15));
                }
                if (System.nanoTime() > deadline) {
                    throw new CommandFailure(
                            ExitCodes.SYSTEM_FAILURE,
                            n.node() + "'s admin service did not listen on " + address + ":" + ADMIN_PORT + " within "
                                    + timeout.toSeconds() + " s; " + Sandbox.logTail(n.log(), 15));
                }
            }
        }
    }

    /** After `stop`: every process still in the sandbox's namespaces, then the namespaces (nothing if it was not isolated). */
    static void teardown(Path base) {
        try {
            Optional<IsolatedNetwork> net = IsolatedNetwork.read(base);
            if (net.isPresent()) NetworkNamespaces.teardown(net.get());
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "cannot read " + base.resolve(IsolatedNetwork.FILE) + ": " + e.getMessage()
                            + "; its namespaces (ip netns list) are left",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE, "interrupted while removing the sandbox's namespaces", e);
        }
    }
}
