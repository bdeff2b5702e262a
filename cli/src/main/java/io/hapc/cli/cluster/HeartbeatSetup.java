package io.hapc.cli.cluster;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.transport.heartbeat.HeartbeatSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The heartbeat part of `hapc cluster setup`: the node list with pcs's per-node `addr=` (one per link), and
 * the `heartbeat.*` lines of hapcd.conf. A node given without `addr=` gets its name resolved now, once: the
 * heartbeat itself never asks DNS.
 */
final class HeartbeatSetup {
    private HeartbeatSetup() {}

    /** `n1 addr=A addr=B n2 addr=C …` → {n1: [A, B], n2: [C]}; `addr=` is refused without heartbeat. */
    static Map<String, List<String>> nodesWithAddresses(List<String> tokens, boolean heartbeat) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String current = null;
        for (String t : tokens) {
            if (t.startsWith("addr=")) {
                if (!heartbeat)
                    throw new CommandFailure(
                            ExitCodes.INVALID_INPUT, t + ": addresses per node are for --transport heartbeat");
                if (current == null)
                    throw new CommandFailure(
                            ExitCodes.INVALID_INPUT, t + " comes before any node name: write NODE addr=IP");
                out.get(current).add(t.substring("addr=".length()));
            } else {
                if (!t.matches("[A-Za-z0-9_.-]{1,253}"))
                    throw new CommandFailure(ExitCodes.INVALID_INPUT, "node name '" + t + "' is not a host name");
                if (out.containsKey(t))
                    throw new CommandFailure(ExitCodes.INVALID_INPUT, "node " + t + " is named twice");
                out.put(t, new ArrayList<>());
                current = t;
            }
        }
        return out;
    }

    /** The heartbeat.* lines, checked by reading them back as hapcd will. */
    static List<String> settingsLines(Map<String, List<String>> nodes) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : nodes.entrySet()) {
            List<String> addrs = e.getValue().isEmpty() ? List.of(resolve(e.getKey())) : e.getValue();
            settings.put(HeartbeatSettings.PREFIX + "node." + e.getKey(), String.join(", ", addrs));
        }
        try {
            HeartbeatSettings.parse(settings);
        } catch (IllegalArgumentException ex) {
            throw new CommandFailure(ExitCodes.INVALID_INPUT, ex.getMessage());
        }
        List<String> lines = new ArrayList<>(List.of(
                "transport=heartbeat", "# one address per link, in the same order on both nodes (ring0, ring1, …)"));
        settings.forEach((k, v) -> lines.add(k + "=" + v));
        lines.add("# heartbeat.port=" + HeartbeatSettings.DEFAULT_PORT);
        lines.add("# timings as in Heartbeat's ha.cf (defaults: a peer silent 2 s on every link is dead):");
        lines.add("# heartbeat.interval=200ms");
        lines.add("# heartbeat.warntime=1s");
        lines.add("# heartbeat.deadtime=2s");
        lines.add("# heartbeat.initdead=4s");
        return lines;
    }

    private static String resolve(String node) {
        try {
            return InetAddress.getByName(node).getHostAddress();
        } catch (UnknownHostException e) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "node " + node + " has no addr= and its name does not resolve: " + "write " + node
                            + " addr=IP (one per link)");
        }
    }
}
