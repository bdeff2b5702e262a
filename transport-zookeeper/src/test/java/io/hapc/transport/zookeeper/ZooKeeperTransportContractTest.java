package io.hapc.transport.zookeeper;

import io.hapc.transport.ClusterTransport;
import io.hapc.transport.TransportContractTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport contract against a real ZooKeeper server (the embedded one, on 127.0.0.1). Each node
 * reaches it through its own {@link TcpProxy}, which is how a node is cut off. Each test is a cluster
 * of its own name on the shared server.
 */
class ZooKeeperTransportContractTest extends TransportContractTest {
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    static final String SECRET = "contract-secret";

    @TempDir
    static Path dataDir;

    private static EmbeddedZooKeeper zookeeper;
    private static final AtomicInteger clusters = new AtomicInteger();

    private final Map<String, TcpProxy> proxies = new HashMap<>();
    private String clusterName;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zookeeper = EmbeddedZooKeeper.start(EmbeddedZooKeeperConfig.of(0, dataDir));
    }

    @AfterAll
    static void stopZooKeeper() {
        zookeeper.close();
    }

    @BeforeEach
    void newCluster() {
        clusterName = "contract-" + clusters.incrementAndGet();
    }

    @Override
    protected ClusterTransport newTransport(String node) throws Exception {
        TcpProxy proxy = proxies.get(node);
        if (proxy == null) {
            proxy = TcpProxy.start(zookeeper.port());
            proxies.put(node, proxy);
        }
        return new ZooKeeperTransport(ZooKeeperTransportConfig.of(proxy.connectString(), clusterName, node, SECRET)
                .withSessionTimeout(SESSION_TIMEOUT)
                .withConnectionTimeout(SESSION_TIMEOUT));
    }

    @Override
    protected void isolate(String node) {
        proxies.get(node).cut();
    }

    @Override
    protected void heal(String node) {
        proxies.get(node).restore();
    }

    @Override
    protected void afterClusterClosed() {
        proxies.values().forEach(TcpProxy::close);
        proxies.clear();
    }

    /** SUSPENDED after 2/3 of the session, LOST one session later; the server expires it on a tick after one session. */
    @Override
    protected Duration failureDetectionTimeout() {
        return SESSION_TIMEOUT.multipliedBy(5);
    }
}
