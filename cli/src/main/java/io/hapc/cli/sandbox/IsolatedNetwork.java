package io.hapc.cli.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The network of an isolated sandbox, recorded in DIR/isolation.json: a "lan" namespace holding the
 * bridge (and ZooKeeper, on the bridge's address), one namespace per node host and one for the
 * client, each with an eth0 whose peer sits on the bridge. Namespace names carry a prefix made from
 * the sandbox's directory, so two sandboxes never share one; interface names live inside the
 * namespaces only, so they never collide with anything in the root namespace.
 */
public record IsolatedNetwork(
        String subnet,
        String prefix,
        String lanNamespace,
        String bridgeAddress,
        int zookeeperPort,
        Link client,
        List<Link> hosts) {
    public static final String FILE = "isolation.json";
    static final String BRIDGE = "br0";

    /** One host (or the client) on the bridge: its namespace, address, and the bridge side of its cable. */
    public record Link(String name, String namespace, String address, String bridgePort) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Names and addresses for `nodes` hosts of the sandbox in `base`; nothing is made yet. */
    public static IsolatedNetwork plan(Path base, Subnet subnet, List<String> nodes) {
        String prefix = prefixFor(base);
        List<Link> hosts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            hosts.add(new Link(nodes.get(i), prefix + "-" + nodes.get(i), subnet.node(i + 1), "h" + (i + 1)));
        }
        return new IsolatedNetwork(
                subnet.toString(),
                prefix,
                prefix + "-lan",
                subnet.bridge(),
                2181,
                new Link("client", prefix + "-client", subnet.client(), "hc"),
                List.copyOf(hosts));
    }

    /** "hapc" + 6 hex digits of the directory's hash: short, and different for each sandbox directory. */
    static String prefixFor(Path base) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(base.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "hapc" + HexFormat.of().formatHex(d, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    public int prefixLength() {
        return Subnet.parse(subnet).prefixLength();
    }

    public String zookeeperConnect() {
        return bridgeAddress + ":" + zookeeperPort;
    }

    /** The host of `node`, or a clear error naming the hosts there are. */
    public Link host(String node) {
        if (node.equals("client")) return client;
        return hosts.stream()
                .filter(h -> h.name().equals(node))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "no host '" + node + "' in this sandbox (hosts: "
                                + String.join(
                                        ", ", hosts.stream().map(Link::name).toList()) + ", and client)"));
    }

    public static Optional<IsolatedNetwork> read(Path base) throws IOException {
        Path f = base.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        return Optional.of(JSON.readValue(f.toFile(), IsolatedNetwork.class));
    }

    public void write(Path base) throws IOException {
        PrivateFiles.writeAtomically(base.resolve(FILE), JSON.writeValueAsBytes(this));
    }
}
