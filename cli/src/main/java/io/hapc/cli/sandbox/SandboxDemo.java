package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The demo configuration of `hapc sandbox start`: Database, the WebSite group (a real floating IP and
 * apache on isolated hosts, Dummy stand-ins otherwise) and fencing, made with the same commands a user types.
 */
final class SandboxDemo {
    private SandboxDemo() {}

    /** Configures the running `sandbox` through its first node's socket; what it could not do goes to `err`. */
    static void configure(Sandbox sandbox, PrintWriter err) {
        err.println("hapc sandbox: configuring the demo resources (Database, the WebSite group, fencing)…");
        err.flush();
        Path base = sandbox.dir();
        List<List<String>> commands = new ArrayList<>();
        // as pcs sets up a cluster: a little stickiness, so healthy resources stay where they run
        commands.add(List.of("resource", "defaults", "update", "resource-stickiness=1"));
        Optional<IsolatedNetwork> net;
        try {
            net = IsolatedNetwork.read(base);
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "cannot read " + base.resolve(IsolatedNetwork.FILE) + ": " + e.getMessage());
        }
        // isolated hosts are powered off by the sandbox's own switch; otherwise fence_dummy pretends
        boolean fencing = net.isPresent()
                || Files.isExecutable(
                        io.hapc.agents.AgentPaths.system().fenceAgentDir().resolve("fence_dummy"));
        if (!fencing) {
            err.println(
                    "hapc sandbox: fence_dummy is not installed (apt-get install -y fence-agents): the demo runs without "
                            + "fencing (stonith-enabled=false), so a killed node's resources restart without it being fenced");
            commands.add(List.of("property", "set", "stonith-enabled=false"));
        }
        for (Sandbox.Node n : fencing ? sandbox.nodes() : List.<Sandbox.Node>of()) {
            commands.add(
                    net.isPresent()
                            ? List.of(
                                    "stonith",
                                    "create",
                                    "fence-" + n.node(),
                                    SandboxHosts.FENCE_AGENT,
                                    "pcmk_host_list=" + n.node())
                            : List.of(
                                    "stonith",
                                    "create",
                                    "fence-" + n.node(),
                                    "fence_dummy",
                                    "status_file=" + base.resolve("power-" + n.node()),
                                    "pcmk_host_list=" + n.node()));
            if (sandbox.nodes().size() > 1) {
                commands.add(List.of("constraint", "location", "fence-" + n.node(), "avoids", n.node()));
            }
        }
        commands.add(List.of("resource", "create", "Database", "ocf:heartbeat:Dummy", "op", "monitor", "interval=10s"));
        Path ocf = io.hapc.agents.AgentPaths.system().ocfRoot().resolve("resource.d/heartbeat");
        if (net.isPresent() && Files.isExecutable(ocf.resolve("IPaddr2"))) {
            // a real floating IP on the hosts' eth0, answering the client
            Subnet subnet = Subnet.parse(net.get().subnet());
            commands.add(List.of(
                    "resource",
                    "create",
                    "WebIP",
                    "ocf:heartbeat:IPaddr2",
                    "ip=" + subnet.floatingIp(),
                    "cidr_netmask=" + subnet.prefixLength(),
                    "nic=eth0",
                    "op",
                    "monitor",
                    "interval=10s",
                    "--group",
                    "WebSite"));
        } else {
            commands.add(List.of(
                    "resource",
                    "create",
                    "WebIP",
                    "ocf:heartbeat:Dummy",
                    "op",
                    "monitor",
                    "interval=10s",
                    "--group",
                    "WebSite"));
        }
        if (net.isPresent()
                && Files.isExecutable(ocf.resolve("apache"))
                && Files.isExecutable(Path.of("/usr/sbin/apache2"))) {
            // Debian's stock configuration: each host's private /run keeps the pid files apart
            commands.add(List.of(
                    "resource",
                    "create",
                    "WebServer",
                    "ocf:heartbeat:apache",
                    "statusurl=http://localhost/server-status",
                    "op",
                    "monitor",
                    "interval=10s",
                    "--group",
                    "WebSite"));
        } else {
            commands.add(List.of(
                    "resource",
                    "create",
                    "WebServer",
                    "ocf:heartbeat:Dummy",
                    "op",
                    "monitor",
                    "interval=10s",
                    "--group",
                    "WebSite"));
        }
        commands.add(List.of("constraint", "colocation", "add", "WebSite", "with", "Database", "INFINITY"));
        commands.add(List.of("constraint", "order", "start", "Database", "then", "start", "WebSite"));
        for (List<String> c : commands) {
            // its own node's socket, never a name another sandbox could answer to
            List<String> args = new ArrayList<>(
                    List.of("--socket", sandbox.nodes().get(0).socket().toString()));
            args.addAll(c);
            java.io.StringWriter sink = new java.io.StringWriter();
            CommandLine cl = io.hapc.cli.HapcCommand.commandLineFor(args.toArray(String[]::new));
            cl.setOut(new PrintWriter(sink));
            cl.setErr(new PrintWriter(sink));
            int rc = cl.execute(args.toArray(String[]::new));
            if (rc != 0) {
                throw new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE,
                        "demo configuration: `hapc " + String.join(" ", c) + "` failed (" + rc + "): "
                                + sink.toString().strip());
            }
        }
    }
}
