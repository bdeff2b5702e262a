package io.hapc.transport.zookeeper;

import io.hapc.transport.TransportException;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the cluster's path in ZooKeeper this cluster's own before the transport writes anything under it. */
final class ClusterPathClaim {
    private static final Logger log = LoggerFactory.getLogger(ClusterPathClaim.class);

    private final ZooKeeperTransportConfig config;
    private final String localNode;
    private final ZnodePaths paths;
    private final ClusterAcl acl;
    private final CuratorFramework client;

    ClusterPathClaim(ZooKeeperTransportConfig config, ZnodePaths paths, ClusterAcl acl, CuratorFramework client) {
        this.config = config;
        this.localNode = config.nodeName();
        this.paths = paths;
        this.acl = acl;
        this.client = client;
    }

    /**
     * Makes sure the cluster's path is the cluster's own before anything is written under it: created
     * here with the cluster's ACL, or, if it exists, carrying exactly that ACL all the way down. A path
     * someone else made (an unauthenticated client can create it in {@code /hapc} before the cluster
     * first starts) would let them delete the CIB and plant a DC, so it is refused, never adopted.
     */
    void claim() throws Exception {
        String root = ZnodePaths.ROOT;
        if (client.checkExists().forPath(root) == null) {
            try {
                client.create().withACL(acl.sharedRoot()).forPath(root);
            } catch (KeeperException.NodeExistsException raced) {
                // another node made it meanwhile
            } catch (KeeperException.NoAuthException refused) {
                throw new TransportException(
                        "ZooKeeper at " + config.connectString() + " does not let hapc create " + root
                                + " (the ensemble's / ACL); have a ZooKeeper admin create it once, readable and creatable by anyone: "
                                + "create " + root + " \"\" world:anyone:rc (docs/ZOOKEEPER.md)",
                        refused);
            }
        } else {
            List<org.apache.zookeeper.data.ACL> rootAcl = client.getACL().forPath(root);
            if (!Set.copyOf(rootAcl).equals(Set.copyOf(acl.sharedRoot()))) {
                log.warn(
                        "{}: {} has the ACL [{}], not hapc's [{}]; see docs/ZOOKEEPER.md",
                        localNode,
                        root,
                        ClusterAcl.describe(rootAcl),
                        ClusterAcl.describe(acl.sharedRoot()));
            }
        }
        try {
            client.create().withACL(acl.clusterOnly()).forPath(paths.cluster());
            log.info("{}: created {} for cluster {}", localNode, paths.cluster(), config.clusterName());
        } catch (KeeperException.NodeExistsException exists) {
            requireOwnAcl(paths.cluster(), paths.cluster());
        }
    }

    /** Checks `path` and everything below it carry the cluster's ACL; znodes that vanish meanwhile are skipped. */
    private void requireOwnAcl(String path, String clusterPath) throws Exception {
        List<org.apache.zookeeper.data.ACL> found;
        List<String> children;
        try {
            found = client.getACL().forPath(path);
            children = client.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException gone) {
            return;
        } catch (KeeperException.NoAuthException noAuth) {
            throw notOwned(
                    path,
                    clusterPath,
                    "it can not be read with this node's secret: it belongs to a cluster with another "
                            + "secret, or this node's secret is not the cluster's (compare the secret file with the other nodes')");
        }
        if (!acl.isClusterOnly(found)) {
            throw notOwned(
                    path,
                    clusterPath,
                    "its ACL is [" + ClusterAcl.describe(found) + "], not the cluster's own digest ACL, "
                            + "so whoever created it can delete or plant the cluster's znodes");
        }
        for (String child : children) {
            requireOwnAcl(path + "/" + child, clusterPath);
        }
    }

    private ClusterPathNotOwnedException notOwned(String path, String clusterPath, String why) {
        return new ClusterPathNotOwnedException(
                path,
                "refusing to join cluster " + config.clusterName() + ": the ZooKeeper znode "
                        + path + " already exists and is not this cluster's: " + why
                        + ". To fix: if nothing of this cluster runs yet, "
                        + "have a ZooKeeper admin delete it (zkCli.sh -server " + config.connectString()
                        + ", authenticated as the super user: "
                        + "deleteall " + clusterPath
                        + ") and start hapcd again; if another cluster uses this name, choose another "
                        + "cluster name (docs/ZOOKEEPER.md)");
    }

    /** The znodes every node needs under the cluster's path (made by an earlier life or another node, or now). */
    void createLayout() throws Exception {
        for (String path : List.of(paths.members(), paths.dcElection(), paths.cibStatus(), paths.inbox(localNode))) {
            createIfMissing(path);
        }
    }

    private void createIfMissing(String path) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(path);
        } catch (KeeperException.NodeExistsException already) {
            // made by an earlier life or another node
        }
    }
}
