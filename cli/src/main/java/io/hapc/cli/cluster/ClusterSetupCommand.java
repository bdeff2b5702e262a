package io.hapc.cli.cluster;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.model.files.PrivateFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc cluster setup`: a new cluster's hapcd.conf and secret, pushed to every node or written here. */
@Command(
        name = "setup",
        mixinStandardHelpOptions = true,
        description = {
            "Configure the cluster: when every NODE is "
                    + "authenticated to (`hapc host auth`), hapcd.conf and the cluster's secret are pushed to each through its admin "
                    + "service (each hapcd waiting for a cluster); else this node's files are written (--config-dir)."
        })
final class ClusterSetupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The cluster's name.")
    String name;

    @Parameters(
            index = "1..*",
            paramLabel = "NODE",
            arity = "1..*",
            description =
                    "The nodes' names; with --transport "
                            + "heartbeat each may be followed by addr=IP, once per link (as pcs: n1 addr=10.0.0.1 addr=192.168.7.1 n2 addr=…).")
    List<String> nodes;

    @Option(
            names = "--transport",
            defaultValue = "zookeeper",
            paramLabel = "zookeeper|heartbeat",
            description =
                    "zookeeper (any number of nodes; default) or heartbeat (exactly two nodes, UDP, no ensemble).")
    String transport;

    @Option(
            names = "--zookeeper",
            paramLabel = "HOST:PORT,…",
            description =
                    "The ZooKeeper ensemble every node reaches (required for more than one machine; one machine alone runs an embedded server).")
    String zookeeper;

    @Option(names = "--config-dir", description = "Write this node's files there (default /etc/hapc), pushing nothing.")
    Path configDir;

    @Option(names = "--force", description = "Overwrite an existing configuration.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "cluster name '" + name + "': use letters, digits, '-', '_' or '.' (at most 64)");
        }
        if (!transport.equals("zookeeper") && !transport.equals("heartbeat")) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT, "--transport " + transport + ": expected zookeeper or heartbeat");
        }
        boolean heartbeat = transport.equals("heartbeat");
        Map<String, List<String>> addresses = HeartbeatSetup.nodesWithAddresses(nodes, heartbeat);
        List<String> names = List.copyOf(addresses.keySet());
        if (heartbeat) {
            if (zookeeper != null) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT, "--transport heartbeat needs no ZooKeeper: leave out --zookeeper");
            }
            if (names.size() != 2) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "--transport heartbeat is for exactly two nodes, not " + names.size() + " ("
                                + String.join(", ", names) + "): for more, use a ZooKeeper ensemble (--zookeeper)");
            }
        }
        if (!heartbeat && zookeeper == null && names.size() > 1) {
            // Each machine would start its own embedded server: separate clusters, each running everything.
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "a cluster of " + nodes.size() + " machines needs a ZooKeeper "
                            + "ensemble they all reach: --zookeeper zk1:2181,zk2:2181,zk3:2181 (the embedded server is for one "
                            + "machine; for several nodes on this machine use hapc sandbox start; for two machines without "
                            + "ZooKeeper: --transport heartbeat)");
        }
        List<String> heartbeatLines = heartbeat ? HeartbeatSetup.settingsLines(addresses) : List.of();
        if (configDir == null) {
            List<String> unknown = ClusterHosts.unknown(names);
            if (unknown.size() < names.size()) {
                if (!unknown.isEmpty()) {
                    throw new CommandFailure(
                            ExitCodes.INVALID_INPUT,
                            "not authenticated to " + String.join(", ", unknown)
                                    + ": run `hapc host auth " + String.join(" ", unknown)
                                    + "` first, so that the configuration can be "
                                    + "pushed to every node (nothing was written)");
                }
                List<String> settings = new ArrayList<>();
                if (heartbeat)
                    heartbeatLines.stream().filter(l -> !l.startsWith("#")).forEach(settings::add);
                else if (zookeeper != null) settings.add("zookeeper.connect=" + zookeeper);
                return AcrossHosts.setup(
                        name,
                        names,
                        settings,
                        force,
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
        }
        Path configDir = this.configDir == null ? Path.of("/etc/hapc") : this.configDir;
        Path conf = configDir.resolve("hapcd.conf");
        Path key = configDir.resolve("authkey");
        // A file of comments only (the Debian package's example) configures nothing: not a setup.
        if (Files.exists(conf)
                && !force
                && !io.hapc.daemon.config.DaemonConfig.read(conf).isEmpty()) {
            throw new CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    conf + " exists: this node already belongs to a cluster (--force to overwrite)");
        }
        PrivateFiles.directory(configDir);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        // Created 0600 (a temporary renamed over any old one), never readable by others for a moment.
        PrivateFiles.writeAtomically(key, HexFormat.of().formatHex(secret) + "\n");
        List<String> lines = new ArrayList<>(List.of(
                "# written by hapc cluster setup",
                "cluster.name=" + name,
                "cluster.nodes=" + String.join(",", names),
                "cluster.secret.file=" + key));
        if (heartbeat) {
            lines.addAll(heartbeatLines);
        } else {
            lines.add(
                    zookeeper == null
                            ? "# zookeeper.connect=HOST:PORT,… (none: a one-machine cluster with an embedded server)"
                            : "zookeeper.connect=" + zookeeper);
        }
        PrivateFiles.writeAtomically(conf, String.join("\n", lines) + "\n");
        PrintWriter out = spec.commandLine().getOut();
        out.println("Cluster '" + name + "' configured in " + conf + " (secret " + key + ").");
        out.println("Copy both files to " + String.join(", ", names)
                + " (same paths), then on each node: hapc cluster start");
        out.flush();
        return ExitCodes.OK;
    }
}
