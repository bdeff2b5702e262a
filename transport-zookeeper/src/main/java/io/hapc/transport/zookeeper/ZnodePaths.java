package io.hapc.transport.zookeeper;

import org.apache.curator.utils.PathUtils;

/**
 * Where a cluster lives in ZooKeeper:
 *
 * <pre>
 * /hapc                            shared by all clusters (world: read, create)
 * /hapc/&lt;cluster&gt;                  it and everything below: the cluster's digest ACL only (created by hapc;
 *                                  found with any other ACL, it is refused: docs/ZOOKEEPER.md)
 *     members/&lt;node&gt;              ephemeral, one per live node; the cversion of members/ is the membership epoch
 *     dc-election/                 the LeaderLatch's ephemeral sequential candidates
 *     dc                           {"dc": node, "epoch": n}: the DC and its leadership epoch
 *     cib                          gzip of a JSON header line (format 2: version, writer, where the status goes,
 *                                  which cib-status znode holds each node's status) and the CIB XML without its
 *                                  status content; revision = znode data version
 *     cib-status/&lt;node&gt;-&lt;n&gt;-&lt;m&gt;     gzip of one node's node_state XML; never changed once written: a write
 *                                  creates the parts that changed, then the cib znode, then deletes the old parts
 *     inbox/&lt;node&gt;/m-&lt;seq&gt;         persistent sequential messages to a node, deleted once delivered
 * </pre>
 */
record ZnodePaths(String clusterName) {
    static final String ROOT = "/hapc";

    ZnodePaths {
        requireZnodeName(clusterName, "clusterName");
    }

    String cluster() {
        return ROOT + "/" + clusterName;
    }

    String members() {
        return cluster() + "/members";
    }

    String member(String node) {
        return members() + "/" + requireZnodeName(node, "node");
    }

    String dcElection() {
        return cluster() + "/dc-election";
    }

    String dc() {
        return cluster() + "/dc";
    }

    String cib() {
        return cluster() + "/cib";
    }

    String cibStatus() {
        return cluster() + "/cib-status";
    }

    String cibStatus(String znode) {
        return cibStatus() + "/" + requireZnodeName(znode, "status znode");
    }

    String inbox(String node) {
        return cluster() + "/inbox/" + requireZnodeName(node, "node");
    }

    /** The prefix ZooKeeper appends a sequence number to for each message to `node`. */
    String messagePrefix(String node) {
        return inbox(node) + "/m-";
    }

    /** `name` as one znode name (no '/', no "." or "..", no characters ZooKeeper refuses). */
    static String requireZnodeName(String name, String what) {
        if (name == null || name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException(what + " must be a non-empty znode name without '/': " + name);
        }
        try {
            PathUtils.validatePath("/" + name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    what + " is not a valid znode name: " + name + " (" + e.getMessage() + ")", e);
        }
        return name;
    }
}
