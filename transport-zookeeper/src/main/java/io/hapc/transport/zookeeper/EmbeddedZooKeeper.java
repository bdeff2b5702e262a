package io.hapc.transport.zookeeper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZKDatabase;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;
import org.apache.zookeeper.util.ServiceUtils;

/**
 * A real single-server ZooKeeper, listening on 127.0.0.1 only: the store of a cluster that has no
 * ZooKeeper ensemble of its own. Its data (snapshots and transaction log, synced to disk on every
 * write) lives in the data dir and survives a restart.
 *
 * <p>Run as its own process: {@code EmbeddedZooKeeper --port P --data-dir D} prints
 * {@code zookeeper listening on 127.0.0.1:P} once it accepts connections and serves until SIGTERM.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private static final int LOCAL_CLIENT_TIMEOUT_MS = 10_000;

    private final EmbeddedZooKeeperConfig config;
    private final PrivateDataDir privateData;
    private final FileTxnSnapLog storage;
    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;
    private final String address;

    private EmbeddedZooKeeper(
            EmbeddedZooKeeperConfig config,
            PrivateDataDir privateData,
            FileTxnSnapLog storage,
            ZooKeeperServer server,
            ServerCnxnFactory connections,
            String address) {
        this.address = address;
        this.config = config;
        this.privateData = privateData;
        this.storage = storage;
        this.server = server;
        this.connections = connections;
    }

    /**
     * Starts the server; when this returns it accepts connections.
     *
     * @throws java.net.BindException the port is taken
     * @throws IOException the data dir can not be used
     */
    public static EmbeddedZooKeeper start(EmbeddedZooKeeperConfig config) throws IOException {
        return start(config, LOOPBACK);
    }

    /**
     * Starts the server listening on `address` instead of 127.0.0.1: the isolated sandbox serves its
     * hosts from its bridge's address, inside a network namespace of its own (nothing else reaches it).
     */
    public static EmbeddedZooKeeper start(EmbeddedZooKeeperConfig config, String address) throws IOException {
        // ZooKeeper asks for System.exit when one of its threads dies or it can not bind; in a daemon
        // that would end the whole node. Log instead: the failure reaches us as an exception or a
        // server that stops answering (which the transport reports as SUSPENDED/LOST).
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
        // The data holds the CIB, and with it fencing passwords: 0700 directories, 0600 files.
        PrivateDataDir privateData = PrivateDataDir.open(config.dataDir());
        FileTxnSnapLog storage;
        try {
            storage = new FileTxnSnapLog(
                    config.dataDir().toFile(), config.dataDir().toFile());
        } catch (IOException | RuntimeException e) {
            privateData.close();
            throw e;
        }
        ServerCnxnFactory connections = null;
        try {
            ZooKeeperServer server = new ZooKeeperServer(
                    storage,
                    millis(config.tickTime().toMillis()),
                    millis(config.minSessionTimeout().toMillis()),
                    millis(config.maxSessionTimeout().toMillis()),
                    -1, // default listen backlog
                    new ZKDatabase(storage),
                    "");
            connections = ServerCnxnFactory.createFactory(
                    new InetSocketAddress(InetAddress.getByName(address), config.port()),
                    config.maxClientConnections());
            connections.startup(server);
            lockRoot(address + ":" + connections.getLocalPort());
            return new EmbeddedZooKeeper(config, privateData, storage, server, connections, address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDown(connections, storage);
            privateData.close();
            throw new IOException("interrupted while starting ZooKeeper", e);
        } catch (IOException | RuntimeException e) {
            shutDown(connections, storage);
            privateData.close();
            throw e;
        }
    }

    /**
     * This server holds hapc's data only: {@code /hapc} is made (anyone may list and add clusters, see
     * {@link ClusterAcl}), then {@code /} becomes read-only for everyone, so no client can add other
     * top-level znodes or remove {@code /hapc}. Stock ZooKeeper leaves {@code /} open to all (world:cdrwa).
     */
    private static void lockRoot(String connectString) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        try (ZooKeeper zk = new ZooKeeper(connectString, LOCAL_CLIENT_TIMEOUT_MS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        })) {
            if (!connected.await(LOCAL_CLIENT_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IOException(
                        "could not connect to the embedded ZooKeeper at " + connectString + " to lock its root");
            }
            if (zk.exists(ZnodePaths.ROOT, false) == null) {
                zk.create(ZnodePaths.ROOT, new byte[0], ClusterAcl.SHARED_ROOT, CreateMode.PERSISTENT);
            } else if (!Set.copyOf(zk.getACL(ZnodePaths.ROOT, new Stat())).equals(Set.copyOf(ClusterAcl.SHARED_ROOT))) {
                // Made open by an earlier version or someone else: close it while it lets us (a cluster path
                // planted inside is refused by the transport anyway).
                try {
                    zk.setACL(ZnodePaths.ROOT, ClusterAcl.SHARED_ROOT, -1);
                } catch (KeeperException.NoAuthException notOurs) {
                    // the transport warns about it at every start
                }
            }
            if (!Set.copyOf(zk.getACL("/", new Stat())).equals(Set.copyOf(ClusterAcl.LOCKED_ZOOKEEPER_ROOT))) {
                zk.setACL("/", ClusterAcl.LOCKED_ZOOKEEPER_ROOT, -1);
            }
        } catch (KeeperException e) {
            throw new IOException("could not lock the embedded ZooKeeper's / (" + e.getMessage() + ")", e);
        }
    }

    /** The port it listens on (the one picked if the config said 0). */
    public int port() {
        return connections.getLocalPort();
    }

    /** What a client connects to: {@code 127.0.0.1:port} (or the address it was started on). */
    public String connectString() {
        return address + ":" + port();
    }

    public EmbeddedZooKeeperConfig config() {
        return config;
    }

    /** Stops serving and closes the data files. */
    @Override
    public void close() {
        server.shutdown();
        shutDown(connections, storage);
        privateData.close();
    }

    private static void shutDown(ServerCnxnFactory connections, FileTxnSnapLog storage) {
        if (connections != null) {
            connections.shutdown();
        }
        try {
            storage.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private static int millis(long millis) {
        return Math.toIntExact(millis);
    }

    /** {@code --port P --data-dir D [--address A]}: serve in the foreground until SIGTERM. */
    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        EmbeddedZooKeeperConfig config;
        String address = addressOf(args);
        try {
            config = parse(withoutAddress(args));
        } catch (IllegalArgumentException e) {
            System.err.println("zookeeper: " + e.getMessage());
            System.err.println("usage: " + EmbeddedZooKeeper.class.getName() + " --port P --data-dir D [--address A]");
            System.exit(2);
            return;
        }
        EmbeddedZooKeeper zookeeper;
        try {
            zookeeper = start(config, address);
        } catch (IOException e) {
            System.err.println("zookeeper: can not serve on " + address + ":" + config.port() + " from "
                    + config.dataDir() + ": " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            zookeeper.close();
                            stopped.countDown();
                        },
                        "zookeeper-shutdown"));
        out.println("zookeeper listening on " + zookeeper.connectString());
        out.flush();
        stopped.await();
    }

    private static String addressOf(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--address")) return args[i + 1];
        }
        return LOOPBACK;
    }

    private static String[] withoutAddress(String[] args) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--address") && i + 1 < args.length) {
                i++;
            } else {
                out.add(args[i]);
            }
        }
        return out.toArray(String[]::new);
    }

    private static EmbeddedZooKeeperConfig parse(String[] args) {
        Integer port = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(args[i + 1]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port is not a number: " + args[i + 1]);
                    }
                }
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port == null || dataDir == null) {
            throw new IllegalArgumentException("--port and --data-dir are required");
        }
        return EmbeddedZooKeeperConfig.of(port, dataDir);
    }
}
