package io.hapc.cli.sandbox;

import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that treat an isolated sandbox's nodes as machines: exec inside one, pull its power, power it on. */
final class SandboxHostCommands {
    private SandboxHostCommands() {}

    private static final String DIR_HELP =
            "The sandbox's directory (default: HAPC_SANDBOX_DIR, else the only sandbox running, "
                    + "else ${sys:java.io.tmpdir}/hapc-sandbox-$USER).";

    @Command(
            name = "exec",
            mixinStandardHelpOptions = true,
            description =
                    "Run a command inside a host of an isolated sandbox (its network and mount namespace), or inside the client.")
    static final class Exec implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = DIR_HELP)
        Path dir;

        @Parameters(index = "0", paramLabel = "NODE|client", description = "A node name (sandbox-1, …) or `client`.")
        String host;

        @Parameters(
                index = "1..*",
                arity = "1..*",
                paramLabel = "CMD",
                description = "The command and its arguments (after --).")
        List<String> command;

        @Override
        public Integer call() throws Exception {
            SandboxHosts hosts = SandboxHosts.of(SandboxCommand.dirOr(dir));
            Process p = new ProcessBuilder(hosts.execCommand(host, command))
                    .inheritIO()
                    .start();
            return p.waitFor();
        }
    }

    @Command(
            name = "crash",
            mixinStandardHelpOptions = true,
            description =
                    "Power loss of a host of an isolated sandbox: its link goes down and every process of it (hapcd, agents, "
                            + "services) is killed at once; its addresses go with it. `kill -9` of hapcd alone is a daemon crash instead: "
                            + "the host's services keep running until it is fenced.")
    static final class Crash implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", paramLabel = "DIR", description = DIR_HELP)
        Path dir;

        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Override
        public Integer call() throws Exception {
            SandboxHosts hosts = SandboxHosts.of(SandboxCommand.dirOr(dir));
            if (!hosts.isOn(node)) throw new CommandFailure(ExitCodes.INVALID_INPUT, node + " is already powered off");
            hosts.crash(node);
            spec.commandLine().getOut().println(node + " powered off (power-on: hapc sandbox power-on " + node + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "power-on",
            mixinStandardHelpOptions = true,
            description =
                    "Boot a powered-off host of an isolated sandbox: a fresh network and mount namespace, its hapcd starts and rejoins.")
    static final class PowerOn implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dir", paramLabel = "DIR", description = DIR_HELP)
        Path dir;

        @Option(
                names = "--timeout-s",
                defaultValue = "60",
                paramLabel = "S",
                description =
                        "How long to wait for the node to rejoin, in seconds (default ${DEFAULT-VALUE}; 0: do not wait).")
        long timeoutS;

        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Override
        public Integer call() throws Exception {
            Path base = SandboxCommand.dirOr(dir);
            Sandbox s = SandboxHosts.of(base).powerOn(node);
            Sandbox.Node n = s.nodes().stream()
                    .filter(x -> x.node().equals(node))
                    .findFirst()
                    .orElseThrow();
            if (timeoutS > 0) awaitMember(n, timeoutS);
            spec.commandLine()
                    .getOut()
                    .println(node + " powered on (hapcd pid " + n.pid() + ")"
                            + (timeoutS > 0 ? " and a member again" : ""));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }

        private static void awaitMember(Sandbox.Node n, long timeoutS) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
            String last = "no answer yet";
            while (System.nanoTime() < deadline) {
                if (Sandbox.ended(n.pid())) {
                    throw new CommandFailure(
                            ExitCodes.SYSTEM_FAILURE,
                            n.node() + "'s hapcd exited while booting; " + Sandbox.logTail(n.log(), 15));
                }
                try {
                    AdminReply r = new DaemonClient(n.socket()).call(new AdminRequest.GetCib());
                    Optional<String> xml = r.cibXml();
                    if (r.ok() && xml.isPresent()) {
                        Cib cib = CibXmlReader.read(xml.get(), "the CIB from " + n.node());
                        if (SandboxLauncher.online(cib, n.node())) return;
                        last = "not a member yet";
                    } else {
                        last = r.message();
                    }
                } catch (Exception e) {
                    last = e.getMessage();
                }
                Thread.sleep(200);
            }
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    n.node() + " did not rejoin within " + timeoutS + " s (" + last + "); see " + n.log());
        }
    }
}
