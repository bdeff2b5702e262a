package io.hapc.cli.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.DaemonClient;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.OutputFormat;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.report.ClusterStates;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hapc sandbox status`: the sandbox's processes, hosts and what each node runs (text, or JSON for scripts). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "The sandbox's processes.")
final class SandboxStatus implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "The sandboxs directory (default: HAPC_SANDBOX_DIR, else the only sandbox running, else ${sys:java.io.tmpdir}/hapc-sandbox-$USER).")
    Path dir;

    @Option(names = "--output", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        Path base = SandboxCommand.dirOr(dir);
        Sandbox s = Sandbox.read(base)
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.INVALID_INPUT, "no sandbox in " + base + " (start one: hapc sandbox start)"));
        PrintWriter out = spec.commandLine().getOut();
        Optional<IsolatedNetwork> net = IsolatedNetwork.read(base);
        if (output == OutputFormat.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Sandbox.Node n : s.nodes()) {
                if (!Sandbox.alive(n.pid(), n.command())) continue;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("node", n.node());
                row.put("pid", n.pid());
                row.put("socket", n.socket().toString());
                metricsUrl(n).ifPresent(url -> row.put("metrics", url));
                net.ifPresent(x -> {
                    row.put("netns", x.host(n.node()).namespace());
                    row.put("address", x.host(n.node()).address());
                });
                rows.add(row);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
        } else {
            out.println("sandbox " + base);
            if (s.zookeeper() != null) {
                out.println("  zookeeper  pid " + s.zookeeper().pid() + "  "
                        + (Sandbox.alive(s.zookeeper().pid(), s.zookeeper().command()) ? "running" : "stopped"));
            } else {
                out.println("  transport  heartbeat (UDP on 127.0.0.1)");
            }
            Map<String, List<String>> running = resourcesByNode(s);
            for (Sandbox.Node n : s.nodes()) {
                boolean alive = Sandbox.alive(n.pid(), n.command());
                List<String> here = running.getOrDefault(n.node(), List.of());
                out.println("  " + n.node() + "  pid " + n.pid() + "  " + (alive ? "running" : "stopped") + "  "
                        + n.socket()
                        + net.map(x -> "  " + x.host(n.node()).address() + " ("
                                        + (NetworkNamespaces.exists(
                                                        x.host(n.node()).namespace())
                                                ? "powered on"
                                                : "powered off")
                                        + ")")
                                .orElse("")
                        + (alive && !here.isEmpty() ? "  runs: " + String.join(", ", here) : "")
                        + (alive ? metricsUrl(n).map(u -> "  metrics: " + u).orElse("") : ""));
            }
            net.ifPresent(x -> out.println("  client  " + x.client().address() + "  netns "
                    + x.client().namespace()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Where the node serves /metrics, as its hapcd.conf says (empty when it serves none). */
    static Optional<String> metricsUrl(Sandbox.Node n) {
        try {
            Map<String, String> conf = io.hapc.daemon.config.DaemonConfig.read(n.config());
            String port = conf.getOrDefault(
                            io.hapc.daemon.config.DaemonConfig.METRICS_PORT,
                            Integer.toString(io.hapc.daemon.config.DaemonConfig.DEFAULT_METRICS_PORT))
                    .strip();
            if (port.equals("0")) return Optional.empty();
            String host = conf.getOrDefault(io.hapc.daemon.config.DaemonConfig.METRICS_ADDRESS, "127.0.0.1")
                    .strip();
            return Optional.of("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/metrics");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Which resources each node runs, as the cluster's CIB says (empty when no node answers). */
    static Map<String, List<String>> resourcesByNode(Sandbox s) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Sandbox.Node n : s.nodes()) {
            if (!Sandbox.alive(n.pid(), n.command())) continue;
            try {
                AdminReply r = new DaemonClient(n.socket()).call(new AdminRequest.GetCib());
                if (!r.ok() || r.cibXml().isEmpty()) continue;
                var view = ClusterUnpacker.unpack(
                        CibXmlReader.read(r.cibXml().get(), "the CIB from " + n.node()), Instant.now());
                ClusterStates.current(view)
                        .forEach((rsc, states) ->
                                states.forEach(st -> out.computeIfAbsent(st.node(), k -> new ArrayList<>())
                                        .add(rsc)));
                out.values().forEach(Collections::sort);
                return out;
            } catch (IOException | CibFormatException | RuntimeException e) {
                // ask the next node
            }
        }
        return out;
    }
}
