package io.hapc.daemon.config;

import io.hapc.transport.heartbeat.HeartbeatSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * hapcd's settings, read from a properties file (`/etc/hapc/hapcd.conf`, written by
 * `hapc cluster setup`) and `key=value` overrides on the command line. Defaults beside the keys.
 *
 * @param zookeeperConnect a ZooKeeper ensemble `host:port,…`; empty → an embedded single server
 * @param heartbeat present when `transport = heartbeat`: the two-node transport's `heartbeat.*` settings
 */
public record DaemonConfig(
        String nodeName,
        String clusterName,
        Path stateDir,
        Path socket,
        Path rscTmp,
        Path logDir,
        Optional<String> zookeeperConnect,
        int embeddedZookeeperPort,
        Path embeddedZookeeperDir,
        String secret,
        Duration sessionTimeout,
        Duration connectionTimeout,
        Duration joinTimeout,
        Optional<String> networkNamespace,
        Optional<HeartbeatSettings> heartbeat,
        MetricsEndpoint metrics,
        RemoteAdminSettings remoteAdmin) {
    /** Where hapcd serves /metrics and its status page; port 0: not served. */
    public record MetricsEndpoint(String address, int port) {
        public boolean enabled() {
            return port > 0;
        }
    }

    public static final String NODE_NAME = "node.name";
    public static final String CLUSTER_NAME = "cluster.name";
    public static final String STATE_DIR = "state.dir";
    public static final String SOCKET = "socket";
    public static final String RSC_TMP = "rsctmp.dir";
    public static final String LOG_DIR = "log.dir";
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String EMBEDDED_PORT = "zookeeper.embedded.port";
    public static final String EMBEDDED_DIR = "zookeeper.embedded.dir";
    public static final String SECRET = "cluster.secret";
    public static final String SECRET_FILE = "cluster.secret.file";
    public static final String SESSION_TIMEOUT_MS = "session.timeout.ms";
    public static final String CONNECTION_TIMEOUT_MS = "connection.timeout.ms";
    public static final String JOIN_TIMEOUT_MS = "join.timeout.ms";
    public static final String NETWORK_NAMESPACE = "network.namespace";
    /** Which transport: `zookeeper` (the default) or `heartbeat` (two nodes, with the `heartbeat.*` settings). */
    public static final String TRANSPORT = "transport";
    /** /metrics and the status page: the address to bind (loopback unless Prometheus scrapes from elsewhere). */
    public static final String METRICS_ADDRESS = "metrics.address";
    /** Its TCP port (default 9664); 0 turns the endpoint off. Each hapcd on one machine needs its own. */
    public static final String METRICS_PORT = "metrics.port";

    public static final int DEFAULT_METRICS_PORT = 9664;
    /** The cluster's nodes, comma-separated (`hapc cluster setup` writes it; `cluster start --all` reads it). */
    public static final String CLUSTER_NODES = "cluster.nodes";

    private static final List<String> KEYS = List.of(
            NODE_NAME,
            CLUSTER_NAME,
            STATE_DIR,
            SOCKET,
            RSC_TMP,
            LOG_DIR,
            ZOOKEEPER_CONNECT,
            EMBEDDED_PORT,
            EMBEDDED_DIR,
            SECRET,
            SECRET_FILE,
            SESSION_TIMEOUT_MS,
            CONNECTION_TIMEOUT_MS,
            JOIN_TIMEOUT_MS,
            NETWORK_NAMESPACE,
            TRANSPORT,
            METRICS_ADDRESS,
            METRICS_PORT,
            CLUSTER_NODES);
    private static final List<String> ALL_KEYS = java.util.stream.Stream.of(KEYS, RemoteAdminSettings.KEYS)
            .flatMap(List::stream)
            .toList();

    /**
     * What hapcd needs before it belongs to a cluster: its name, where it keeps state, logs and its
     * socket, and its admin service (a hapcd started without a cluster configuration serves only
     * these, waiting for `hapc cluster setup` and `hapc cluster start` through the admin service).
     */
    public record HostOnly(String nodeName, Path stateDir, Path logDir, Path socket, RemoteAdminSettings remoteAdmin) {
        public static HostOnly of(Map<String, String> values, String hostName) {
            return new HostOnly(
                    values.getOrDefault(NODE_NAME, hostName),
                    Path.of(values.getOrDefault(STATE_DIR, "/var/lib/hapc")),
                    Path.of(values.getOrDefault(LOG_DIR, "/var/log/hapc")),
                    Path.of(values.getOrDefault(SOCKET, "/run/hapc/hapcd.sock")),
                    RemoteAdminSettings.of(values));
        }
    }

    /** A cluster is configured when a secret is (inline, or in a file that exists): without one hapcd cannot join. */
    public static boolean clusterConfigured(Map<String, String> values) {
        if (values.get(SECRET) != null && !values.get(SECRET).isBlank()) return true;
        String file = values.get(SECRET_FILE);
        return file != null && !file.isBlank() && Files.exists(Path.of(file));
    }

    /** hapcd's arguments: `--config FILE` (at most one) and `KEY=VALUE` overrides, in order. */
    public record Args(Optional<Path> configFile, Map<String, String> overrides) {
        public static Args parse(String[] args) {
            Optional<Path> file = Optional.empty();
            Map<String, String> overrides = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--config")) {
                    if (i + 1 >= args.length) throw new IllegalArgumentException("--config needs a file");
                    file = Optional.of(Path.of(args[++i]));
                } else if (a.contains("=")) {
                    overrides.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
                } else {
                    throw new IllegalArgumentException("unexpected argument '" + a
                            + "': expected --config FILE or KEY=VALUE (keys: " + String.join(", ", ALL_KEYS) + ")");
                }
            }
            return new Args(file, overrides);
        }

        /** The file's settings (none while it does not exist) with the overrides over them. */
        public Map<String, String> values() throws IOException {
            Map<String, String> values = new LinkedHashMap<>();
            if (configFile.isPresent() && Files.exists(configFile.get())) values.putAll(read(configFile.get()));
            values.putAll(overrides);
            return values;
        }
    }

    /** Reads `--config FILE` (if given) and applies `key=value` arguments over it. */
    public static DaemonConfig fromArgs(String[] args, String hostName) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--config")) {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--config needs a file");
                values.putAll(read(Path.of(args[++i])));
            } else if (a.contains("=")) {
                values.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a
                        + "': expected --config FILE or KEY=VALUE (keys: " + String.join(", ", ALL_KEYS) + ")");
            }
        }
        return of(values, hostName);
    }

    public static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }

    public static DaemonConfig of(Map<String, String> values, String hostName) throws IOException {
        String transport = values.getOrDefault(TRANSPORT, "zookeeper").strip();
        if (!transport.equals("zookeeper") && !transport.equals("heartbeat")) {
            throw new IllegalArgumentException("setting transport=" + transport
                    + ": expected zookeeper (any number of nodes) or " + "heartbeat (two nodes, UDP)");
        }
        boolean heartbeat = transport.equals("heartbeat");
        for (String k : values.keySet()) {
            if (k.startsWith(HeartbeatSettings.PREFIX) && !heartbeat) {
                throw new IllegalArgumentException(
                        "setting " + k + " is for transport=heartbeat, but the transport is " + transport);
            }
            if (!ALL_KEYS.contains(k) && !k.startsWith(HeartbeatSettings.PREFIX)) {
                throw new IllegalArgumentException("unknown setting '" + k + "' (known: " + String.join(", ", ALL_KEYS)
                        + ", and heartbeat.* with transport=heartbeat)");
            }
        }
        Optional<HeartbeatSettings> heartbeatSettings = Optional.empty();
        if (heartbeat) {
            try {
                heartbeatSettings = Optional.of(HeartbeatSettings.parse(values));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("transport=heartbeat: " + e.getMessage(), e);
            }
        }
        String node = values.getOrDefault(NODE_NAME, hostName);
        Path state = Path.of(values.getOrDefault(STATE_DIR, "/var/lib/hapc"));
        String secret = values.get(SECRET);
        if (secret == null && values.containsKey(SECRET_FILE))
            secret = Files.readString(Path.of(values.get(SECRET_FILE))).trim();
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("no cluster secret: set " + SECRET_FILE + "=/etc/hapc/authkey (made by "
                    + "`hapc cluster setup`) or " + SECRET + "=…");
        }
        if (heartbeat) {
            // The heartbeat keys every packet with it: a short secret, or one others may read, is refused here.
            try {
                if (values.containsKey(SECRET_FILE) && !values.containsKey(SECRET)) {
                    io.hapc.transport.heartbeat.crypto.AuthKey.read(Path.of(values.get(SECRET_FILE)));
                } else {
                    io.hapc.transport.heartbeat.crypto.AuthKey.of(
                            secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("transport=heartbeat: " + e.getMessage(), e);
            }
            heartbeatSettings.get().peerOf(node); // this node must be one of the two
        }
        return new DaemonConfig(
                node,
                values.getOrDefault(CLUSTER_NAME, "hapc"),
                state,
                Path.of(values.getOrDefault(SOCKET, "/run/hapc/hapcd.sock")),
                Path.of(values.getOrDefault(RSC_TMP, "/run/resource-agents")),
                Path.of(values.getOrDefault(LOG_DIR, "/var/log/hapc")),
                Optional.ofNullable(values.get(ZOOKEEPER_CONNECT)).filter(s -> !s.isBlank()),
                (int) number(values, EMBEDDED_PORT, 2181, 1, 65535, "a TCP port"),
                Path.of(values.getOrDefault(
                        EMBEDDED_DIR, state.resolve("zookeeper").toString())),
                secret,
                Duration.ofMillis(number(values, SESSION_TIMEOUT_MS, 5000, 1, Integer.MAX_VALUE, "milliseconds")),
                Duration.ofMillis(number(values, CONNECTION_TIMEOUT_MS, 3000, 1, Integer.MAX_VALUE, "milliseconds")),
                Duration.ofMillis(number(values, JOIN_TIMEOUT_MS, 10000, 1, Integer.MAX_VALUE, "milliseconds")),
                Optional.ofNullable(values.get(NETWORK_NAMESPACE)).filter(s -> !s.isBlank()),
                heartbeatSettings,
                new MetricsEndpoint(
                        values.getOrDefault(METRICS_ADDRESS, "127.0.0.1").strip(), (int) number(
                                values, METRICS_PORT, DEFAULT_METRICS_PORT, 0, 65535, "a TCP port, or 0 for none")),
                RemoteAdminSettings.of(values));
    }

    /** A whole-number setting, or an error naming the setting, its value and what it takes. */
    private static long number(Map<String, String> values, String key, long dflt, long min, long max, String unit) {
        String text = values.get(key);
        if (text == null) return dflt;
        try {
            long v = Long.parseLong(text.strip());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("setting " + key + "=" + text + ": expected " + unit
                + ", a whole number from " + min + " to " + max + " (default " + dflt + ")");
    }
}
