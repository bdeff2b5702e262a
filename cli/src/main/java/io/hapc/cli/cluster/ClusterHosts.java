package io.hapc.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.host.KnownHosts;
import io.hapc.cli.host.RemoteHosts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's hosts as `cluster start|enable|disable|destroy --all` and `cluster setup` reach
 * them: each through its admin service, with the token `hapc host auth` stored. Which hosts "all"
 * are, the cluster's configuration says (cluster.nodes, written by `cluster setup`), as the first
 * node that answers tells it.
 */
final class ClusterHosts {
    private ClusterHosts() {}

    /** A node's state as it says it (HostState's JSON). */
    record HostState(String node, boolean running, boolean configured, Optional<String> cluster, List<String> nodes) {
        static HostState parse(String json) throws IOException {
            JsonNode o = ProtocolJson.mapper().readTree(json);
            List<String> nodes = new ArrayList<>();
            o.path("nodes").forEach(n -> nodes.add(n.asText()));
            return new HostState(
                    o.path("node").asText(),
                    o.path("state").asText().equals("running"),
                    o.path("configured").asBoolean(),
                    Optional.ofNullable(o.get("cluster")).map(JsonNode::asText),
                    nodes);
        }
    }

    static HostState state(AdminChannel channel) throws IOException {
        AdminReply r = channel.call(new AdminRequest.HostState());
        if (!r.ok()) throw new IOException(channel.describe() + ": " + r.message());
        return HostState.parse(r.message());
    }

    /** Every node authenticated to: `hapc host auth` must have been run for each. */
    static AdminChannel channel(String node) {
        return RemoteHosts.channel(node);
    }

    static boolean known(String node) {
        try {
            return KnownHosts.forUser(System.getenv()).get(node).isPresent();
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, e.getMessage(), e);
        }
    }

    /** The nodes not authenticated to, in order. */
    static List<String> unknown(List<String> nodes) {
        return nodes.stream().filter(n -> !known(n)).toList();
    }

    /**
     * The cluster's nodes now (pcs's `--all`): as `first` (the local daemon or --host), else the first
     * node authenticated to that answers, says them. A node that does not run may keep an old list
     * (one removed while unreachable keeps the nodes it had): then a node of that list that runs in
     * the same cluster is asked, and its list is the one.
     */
    static List<String> all(AdminChannel first) {
        Map<String, KnownHosts.KnownHost> hosts;
        try {
            hosts = KnownHosts.forUser(System.getenv()).all();
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.SYSTEM_FAILURE, e.getMessage(), e);
        }
        return all(first, List.copyOf(hosts.keySet()), ClusterHosts::channel);
    }

    static List<String> all(
            AdminChannel first, List<String> known, java.util.function.Function<String, AdminChannel> channels) {
        List<String> tried = new ArrayList<>();
        HostState said = null;
        List<AdminChannel> asked = new ArrayList<>(List.of(first));
        known.forEach(n -> asked.add(channels.apply(n)));
        for (AdminChannel c : asked) {
            try {
                HostState s = state(c);
                if (!s.nodes().isEmpty()) {
                    said = s;
                    break;
                }
                tried.add(c.describe() + ": no cluster.nodes in its configuration");
            } catch (IOException | RuntimeException e) {
                tried.add(c.describe() + ": " + e.getMessage());
            }
        }
        if (said == null) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "cannot tell the cluster's nodes (--all): nobody answered with them (" + String.join("; ", tried)
                            + "); name the nodes instead, or `hapc host auth` a node of the cluster");
        }
        if (said.running()) return said.nodes();
        for (String n : said.nodes()) {
            if (n.equals(said.node()) || !known.contains(n)) continue;
            try {
                HostState s = state(channels.apply(n));
                if (s.running()
                        && s.cluster().equals(said.cluster())
                        && !s.nodes().isEmpty()) return s.nodes();
            } catch (IOException | RuntimeException e) {
                // not running, or unreachable: the list said stands
            }
        }
        return said.nodes();
    }

    /** The nodes a selection names: --all, the nodes given; refuses nodes not authenticated to, before anything is done. */
    static List<String> select(ClusterCommand.NodeSelection selection, AdminChannel first) {
        List<String> which = selection.all ? all(first) : selection.nodes;
        List<String> missing = unknown(which);
        if (!missing.isEmpty()) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "not authenticated to " + String.join(", ", missing) + ": run `hapc host auth "
                            + String.join(" ", missing) + "` first (nothing was done)");
        }
        return which;
    }

    static String why(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
