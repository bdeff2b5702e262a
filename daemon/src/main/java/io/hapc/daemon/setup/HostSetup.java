package io.hapc.daemon.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.daemon.config.DaemonConfig;
import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * This host's own cluster membership, as the admin service changes it (pcsd's part of `pcs cluster
 * setup|start|enable|destroy`): hapcd either runs in a cluster or waits for one — started without
 * a cluster configuration, it serves only its socket and admin service until `hapc cluster setup`
 * pushes hapcd.conf and the secret here and `hapc cluster start` asks it to join.
 *
 * <p>Files: hapcd.conf is the `--config` file hapcd was started with; the secret goes to `authkey`
 * beside it, both 0600. A destroy removes both, and the state directory's cluster state (everything
 * but the admin service's own `admin-*` files: certificate, passwords, tokens stay, as pcsd's do).
 */
public final class HostSetup {
    public static final String SECRET_FILE = "authkey";
    private static final List<String> PUSHABLE_PREFIXES = List.of(
            "transport=",
            "zookeeper.connect=",
            "heartbeat.",
            "session.timeout.ms=",
            "connection.timeout.ms=",
            "join.timeout.ms=");

    /** Running in a cluster, or waiting for `cluster setup` / `cluster start`. */
    public enum Phase {
        RUNNING,
        WAITING
    }

    private final DaemonConfig.Args args;
    private final String hostName;
    private final BootService boot;
    private final Clock clock;
    private final ObjectMapper json = ProtocolJson.mapper();
    private volatile Phase phase = Phase.WAITING;
    private volatile CompletableFuture<Void> startAsked = new CompletableFuture<>();

    public HostSetup(DaemonConfig.Args args, String hostName, BootService boot, Clock clock) {
        this.args = args;
        this.hostName = hostName;
        this.boot = boot;
        this.clock = clock;
    }

    public Map<String, String> values() throws IOException {
        return args.values();
    }

    public boolean configured() throws IOException {
        return DaemonConfig.clusterConfigured(values());
    }

    public DaemonConfig.HostOnly host() throws IOException {
        return DaemonConfig.HostOnly.of(values(), hostName);
    }

    public Phase phase() {
        return phase;
    }

    /** hapcd runs in its cluster now. */
    public void running() {
        phase = Phase.RUNNING;
    }

    /** hapcd left its cluster and waits again; the future completes when `cluster start` asks it to join. */
    public CompletableFuture<Void> waiting() {
        startAsked = new CompletableFuture<>();
        phase = Phase.WAITING;
        return startAsked;
    }

    private Path configFile() {
        return args.configFile().orElse(Path.of("/etc/hapc/hapcd.conf"));
    }

    public AdminReply handle(AdminRequest request) {
        try {
            if (request instanceof AdminRequest.HostState) return state();
            if (request instanceof AdminRequest.PushSetup p) return push(p);
            if (request instanceof AdminRequest.StartHost) return start();
            if (request instanceof AdminRequest.BootStart b) return boot(b.enable());
            if (request instanceof AdminRequest.DestroyHost) return destroy();
            if (request instanceof AdminRequest.GetSetup) return setup();
            if (request instanceof AdminRequest.SetClusterNodes n) return setNodes(n.nodes());
        } catch (IOException e) {
            return AdminReply.failure(
                    5, "cannot read or write the cluster's files on " + name() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AdminReply.failure(5, "interrupted");
        }
        throw new IllegalArgumentException("not a host request: " + request);
    }

    public static boolean isHostRequest(AdminRequest r) {
        return r instanceof AdminRequest.HostState
                || r instanceof AdminRequest.PushSetup
                || r instanceof AdminRequest.StartHost
                || r instanceof AdminRequest.BootStart
                || r instanceof AdminRequest.DestroyHost
                || r instanceof AdminRequest.GetSetup
                || r instanceof AdminRequest.SetClusterNodes;
    }

    private String name() {
        try {
            return host().nodeName();
        } catch (IOException | IllegalArgumentException e) {
            return hostName;
        }
    }

    private AdminReply state() throws IOException {
        Map<String, String> v = values();
        ObjectNode o = json.createObjectNode()
                .put("node", name())
                .put("state", phase == Phase.RUNNING ? "running" : "waiting")
                .put("configured", configured());
        if (configured()) {
            o.put("cluster", v.getOrDefault(DaemonConfig.CLUSTER_NAME, "hapc"));
            var nodes = o.putArray("nodes");
            Arrays.stream(v.getOrDefault(DaemonConfig.CLUSTER_NODES, "").split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .forEach(nodes::add);
        }
        return AdminReply.success(json.writeValueAsString(o));
    }

    private AdminReply push(AdminRequest.PushSetup p) throws IOException {
        String node = name();
        if (phase == Phase.RUNNING) {
            return AdminReply.failure(
                    3,
                    node + " runs in cluster '" + values().getOrDefault(DaemonConfig.CLUSTER_NAME, "hapc")
                            + "': nothing written (stop and destroy it there first: hapc cluster destroy)");
        }
        if (configured() && !p.force()) {
            return AdminReply.failure(
                    3,
                    node + " already belongs to cluster '" + values().getOrDefault(DaemonConfig.CLUSTER_NAME, "hapc")
                            + "' (" + configFile()
                            + "): nothing written (hapc cluster destroy there, or setup --force)");
        }
        if (!p.nodes().contains(node)) {
            return AdminReply.failure(
                    3,
                    "this node calls itself " + node + ", which is not among the cluster's nodes "
                            + String.join(", ", p.nodes())
                            + ": nothing written (name it as it calls itself, or set node.name there)");
        }
        for (String line : p.settings()) {
            if (PUSHABLE_PREFIXES.stream().noneMatch(line::startsWith) || line.contains("\n")) {
                return AdminReply.failure(
                        3,
                        "setting line '" + line + "' is not one cluster setup pushes (transport, zookeeper.connect, "
                                + "heartbeat.*, timeouts): nothing written");
            }
        }
        Path conf = configFile();
        Path key = conf.toAbsolutePath().getParent().resolve(SECRET_FILE);
        List<String> lines = new ArrayList<>(List.of(
                "# written by hapc cluster setup through the admin service, " + clock.instant(),
                DaemonConfig.CLUSTER_NAME + "=" + p.clusterName(),
                DaemonConfig.CLUSTER_NODES + "=" + String.join(",", p.nodes()),
                DaemonConfig.SECRET_FILE + "=" + key));
        lines.addAll(p.settings());
        // Checked as hapcd will read it (with the secret inline: the file is not written yet), before anything is
        // written.
        Map<String, String> check = new LinkedHashMap<>();
        for (String l : lines) {
            if (l.startsWith("#")) continue;
            check.put(
                    l.substring(0, l.indexOf('=')).strip(),
                    l.substring(l.indexOf('=') + 1).strip());
        }
        check.remove(DaemonConfig.SECRET_FILE);
        check.put(DaemonConfig.SECRET, p.secret());
        check.putAll(args.overrides());
        try {
            DaemonConfig.of(check, hostName);
        } catch (IllegalArgumentException e) {
            return AdminReply.failure(
                    3,
                    "the configuration pushed to " + node + " would not start hapcd: " + e.getMessage()
                            + " (nothing written)");
        }
        PrivateFiles.directory(key.getParent());
        PrivateFiles.writeAtomically(key, p.secret() + "\n");
        PrivateFiles.writeAtomically(conf, String.join("\n", lines) + "\n");
        return AdminReply.success(
                node + ": cluster '" + p.clusterName() + "' configured in " + conf + " (secret " + key + ")");
    }

    private AdminReply setup() throws IOException {
        if (!configured())
            return AdminReply.failure(3, name() + " has no cluster configuration to give (" + configFile() + ")");
        Map<String, String> v = values();
        List<String> settings = new ArrayList<>();
        for (String line : Files.readAllLines(configFile())) {
            String l = line.strip();
            if (!l.startsWith("#") && PUSHABLE_PREFIXES.stream().anyMatch(l::startsWith)) settings.add(l);
        }
        String secret = v.containsKey(DaemonConfig.SECRET)
                ? v.get(DaemonConfig.SECRET)
                : Files.readString(Path.of(v.get(DaemonConfig.SECRET_FILE))).strip();
        List<String> nodes = Arrays.stream(
                        v.getOrDefault(DaemonConfig.CLUSTER_NODES, "").split(","))
                .map(String::strip)
                .filter(x -> !x.isEmpty())
                .toList();
        return AdminReply.success(json.writeValueAsString(new AdminRequest.PushSetup(
                v.getOrDefault(DaemonConfig.CLUSTER_NAME, "hapc"), nodes, settings, secret, false)));
    }

    private AdminReply setNodes(List<String> nodes) throws IOException {
        if (!Files.exists(configFile()))
            return AdminReply.failure(3, name() + " has no cluster configuration (" + configFile() + ")");
        for (String n : nodes) {
            if (!n.matches("[A-Za-z0-9_.-]{1,253}"))
                return AdminReply.failure(3, "node name '" + n + "' is not a host name: nothing written");
        }
        List<String> lines = new ArrayList<>();
        boolean found = false;
        for (String line : Files.readAllLines(configFile())) {
            if (line.strip().startsWith(DaemonConfig.CLUSTER_NODES + "=")) {
                line = DaemonConfig.CLUSTER_NODES + "=" + String.join(",", nodes);
                found = true;
            }
            lines.add(line);
        }
        if (!found) lines.add(DaemonConfig.CLUSTER_NODES + "=" + String.join(",", nodes));
        PrivateFiles.writeAtomically(configFile(), String.join("\n", lines) + "\n");
        return AdminReply.success(name() + ": the cluster's nodes are " + String.join(", ", nodes));
    }

    private AdminReply start() throws IOException {
        String node = name();
        if (phase == Phase.RUNNING) return AdminReply.success(node + ": already running");
        if (!configured()) {
            return AdminReply.failure(
                    3,
                    node + " has no cluster configuration (" + configFile() + "): run `hapc cluster setup NAME " + node
                            + " …` first");
        }
        startAsked.complete(null);
        return AdminReply.success(node + ": starting");
    }

    private AdminReply boot(boolean enable) throws IOException, InterruptedException {
        String node = name();
        Optional<String> why = boot.unavailableBecause();
        if (why.isPresent())
            return AdminReply.failure(5, node + ": not " + (enable ? "enabled" : "disabled") + ": " + why.get());
        BootService.Result r = boot.run(enable);
        if (r.exitCode() != 0) {
            return AdminReply.failure(
                    5,
                    node + ": systemctl " + (enable ? "enable" : "disable") + " hapcd.service failed (" + r.exitCode()
                            + "): " + r.output());
        }
        return AdminReply.success(node + ": hapcd.service "
                + (enable ? "enabled (starts at boot)" : "disabled (does not start at boot)"));
    }

    private AdminReply destroy() throws IOException {
        String node = name();
        if (phase == Phase.RUNNING) {
            return AdminReply.failure(
                    3,
                    node + " runs in its cluster: stop it first (hapc cluster stop " + node
                            + "; `hapc cluster destroy` does it for you): nothing removed");
        }
        List<String> removed = new ArrayList<>();
        Path conf = configFile();
        Path key = conf.toAbsolutePath().getParent().resolve(SECRET_FILE);
        for (Path f : List.of(conf, key)) {
            if (Files.deleteIfExists(f)) removed.add(f.toString());
        }
        Path state = host().stateDir();
        if (Files.isDirectory(state)) {
            try (Stream<Path> entries = Files.list(state)) {
                for (Path e : entries.filter(e -> !e.getFileName().toString().startsWith("admin-"))
                        .toList()) {
                    deleteTree(e);
                    removed.add(e.toString());
                }
            }
        }
        return AdminReply.success(node + ": cluster configuration and state removed"
                + (removed.isEmpty() ? " (there was none)" : " (" + String.join(", ", removed) + ")")
                + "; its admin service keeps its certificate, passwords and tokens");
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(p)) {
                for (Path c : s.toList()) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    /** What a waiting hapcd answers to everything but its host requests: its identity, else that it runs no cluster yet. */
    public AdminReply whileWaiting(AdminRequest request) {
        String node = name();
        if (request instanceof AdminRequest.DaemonInfo) {
            return new AdminReply(
                    true,
                    0,
                    node + " waits for a cluster",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(node),
                    Optional.of(ProcessHandle.current().pid()),
                    Optional.of("waiting for a cluster"));
        }
        return AdminReply.failure(
                5,
                node + " runs no cluster yet: its hapcd waits for `hapc cluster setup NAME NODE…` "
                        + (configFileExists() ? "(done) " : "") + "and `hapc cluster start` through its admin service");
    }

    private boolean configFileExists() {
        return Files.exists(configFile());
    }
}
