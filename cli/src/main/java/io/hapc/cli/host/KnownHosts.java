package io.hapc.cli.host;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.admin.remote.RemoteApi;
import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The nodes this user authenticated to (`hapc host auth`): per node its admin service's address,
 * the certificate fingerprint pinned on first use, and the token. One JSON file, 0600, in
 * `$XDG_CONFIG_HOME/hapc` (default `~/.config/hapc`), a 0700 directory: the tokens are credentials.
 */
public final class KnownHosts {
    public static final String FILE = "known-hosts.json";
    private static final TypeReference<TreeMap<String, KnownHost>> TYPE = new TypeReference<>() {};

    private final Path file;
    private final ObjectMapper json = ProtocolJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One node: where its admin service is, what certificate it has, and the token it gave. */
    public record KnownHost(
            String node,
            String host,
            int port,
            String fingerprint,
            String pinnedAt,
            String user,
            String token,
            String expiresAt) {
        public String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        @Override
        public String toString() {
            return "KnownHost[" + node + " " + address() + " " + fingerprint + " user=" + user
                    + " token=(hidden) until " + expiresAt + "]";
        }
    }

    public KnownHosts(Path file) {
        this.file = file;
    }

    /** The user's file, from the environment: $XDG_CONFIG_HOME/hapc, else $HOME/.config/hapc. */
    public static KnownHosts forUser(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return new KnownHosts(base.resolve("hapc").resolve(FILE));
    }

    public Path file() {
        return file;
    }

    public synchronized Map<String, KnownHost> all() throws IOException {
        if (!Files.exists(file)) return new TreeMap<>();
        PrivateFiles.tighten(file);
        try {
            return json.readValue(file.toFile(), TYPE);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(
                    file + " is not readable (" + e.getOriginalMessage()
                            + "): remove it and run `hapc host auth` again",
                    e);
        }
    }

    public Optional<KnownHost> get(String node) throws IOException {
        return Optional.ofNullable(all().get(node));
    }

    public synchronized void put(KnownHost host) throws IOException {
        Map<String, KnownHost> all = all();
        all.put(host.node(), host);
        write(all);
    }

    public synchronized boolean remove(String node) throws IOException {
        Map<String, KnownHost> all = all();
        boolean was = all.remove(node) != null;
        if (was) write(all);
        return was;
    }

    private void write(Map<String, KnownHost> all) throws IOException {
        PrivateFiles.directory(file.getParent());
        PrivateFiles.writeAtomically(file, json.writeValueAsBytes(all));
    }

    /** `name`, or `name=address[:port]` (an IPv6 address in brackets): which node and where its admin service is. */
    public record Target(String node, Optional<String> host, Optional<Integer> port) {
        public static Target parse(String arg) {
            int eq = arg.indexOf('=');
            String node = eq < 0 ? arg : arg.substring(0, eq);
            if (!node.matches("[A-Za-z0-9_.-]{1,253}")) {
                throw new IllegalArgumentException("node '" + node + "': expected a node name, or NAME=ADDRESS[:PORT]");
            }
            if (eq < 0) return new Target(node, Optional.empty(), Optional.empty());
            String where = arg.substring(eq + 1);
            String host = where;
            Optional<Integer> port = Optional.empty();
            int colon = where.startsWith("[") ? where.indexOf("]:") + 1 : where.lastIndexOf(':');
            if (colon > 0 && (where.startsWith("[") || where.indexOf(':') == colon)) {
                host = where.substring(0, colon);
                String p = where.substring(colon + 1);
                try {
                    int n = Integer.parseInt(p);
                    if (n < 1 || n > 65535) throw new NumberFormatException();
                    port = Optional.of(n);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + arg + "': port '" + p + "' is not a TCP port (1-65535)");
                }
            }
            host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (host.isBlank()) throw new IllegalArgumentException("'" + arg + "': no address after '='");
            return new Target(node, Optional.of(host), port);
        }

        /** Where to reach it: as given, else as known, else its name on port 2224. */
        public String hostOr(Optional<KnownHost> known) {
            return host.or(() -> known.map(KnownHost::host)).orElse(node);
        }

        public int portOr(Optional<KnownHost> known) {
            return port.or(() -> host.isPresent() ? Optional.empty() : known.map(KnownHost::port))
                    .orElse(RemoteApi.DEFAULT_PORT);
        }
    }
}
