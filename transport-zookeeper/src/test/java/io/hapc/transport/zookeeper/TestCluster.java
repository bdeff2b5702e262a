package io.hapc.transport.zookeeper;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Nodes of one cluster on a given ZooKeeper, and plain ZooKeeper clients to look at its znodes; closes them all. */
final class TestCluster implements AutoCloseable {
    static final String SECRET = "test-secret";
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration WAIT = Duration.ofSeconds(10);

    record Node(ZooKeeperTransport transport, RecordingListener events) {}

    final String name;
    final ZnodePaths paths;
    private final String connectString;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    TestCluster(String connectString, String name) {
        this.connectString = connectString;
        this.name = name;
        this.paths = new ZnodePaths(name);
    }

    ZooKeeperTransportConfig config(String node) {
        return ZooKeeperTransportConfig.of(connectString, name, node, SECRET)
                .withSessionTimeout(SESSION_TIMEOUT)
                .withConnectionTimeout(SESSION_TIMEOUT);
    }

    Node start(String node) throws Exception {
        return start(node, UnaryOperator.identity());
    }

    Node start(String node, UnaryOperator<ZooKeeperTransportConfig> change) throws Exception {
        ZooKeeperTransport transport = new ZooKeeperTransport(change.apply(config(node)));
        RecordingListener events = new RecordingListener(node);
        toClose.add(transport);
        transport.start(events);
        return new Node(transport, events);
    }

    /** Closes `closeable` after every node and client (a proxy the nodes go through). */
    <T extends AutoCloseable> T closeAfterNodes(T closeable) {
        toClose.add(0, closeable);
        return closeable;
    }

    /** A plain ZooKeeper client, authenticated with `secret` if given. */
    ZooKeeper rawClient(Optional<String> secret) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, (int) SESSION_TIMEOUT.toMillis(), event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        toClose.add(zk::close);
        assertTrue(connected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "plain client connected");
        secret.ifPresent(s -> zk.addAuthInfo("digest", ("hapc:" + s).getBytes(UTF_8)));
        return zk;
    }

    @Override
    public void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }
}
