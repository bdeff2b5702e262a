package io.hapc.transport.zookeeper;

import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/** The Curator client a node's transport talks to ZooKeeper through, set up as the transport needs it. */
final class CuratorClients {
    private CuratorClients() {}

    /** A client not started yet, authenticated with the cluster's secret and creating znodes with its ACL. */
    static CuratorFramework forCluster(ZooKeeperTransportConfig config, ClusterAcl acl) {
        return CuratorFrameworkFactory.builder()
                .connectString(config.connectString())
                .sessionTimeoutMs(millis(config.sessionTimeout()))
                .connectionTimeoutMs(millis(config.connectionTimeout()))
                .retryPolicy(new BoundedExponentialBackoffRetry(
                        millis(config.retryBaseSleep()), millis(config.retryMaxSleep()), config.retryMaxAttempts()))
                // Use the servers we were given: the tracker would replace them with the addresses the
                // servers advertise, which may not be reachable from here.
                .ensembleTracker(false)
                .aclProvider(acl)
                .authorization(List.of(acl.auth()))
                // Keep DC candidacy until the session is really lost, not on every SUSPENDED. With the
                // standard policy a blip of the link (a ZooKeeper server restarting, the client moving to
                // another server) drops the latch at once and re-queues this node behind the others:
                // a new DC, a new epoch and a full DC hand-over for nothing. Safety does not rest on the
                // latch: while SUSPENDED the view reports no leadership at all (the DC stops acting, see
                // TransportView.leadership), and every CIB write is fenced by the dc znode version, so a
                // node that was replaced can not write even if it still believes it leads.
                .connectionStateErrorPolicy(new SessionConnectionStateErrorPolicy())
                .build();
    }

    static int millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
