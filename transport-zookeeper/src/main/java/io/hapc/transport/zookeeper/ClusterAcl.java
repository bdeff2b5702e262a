package io.hapc.transport.zookeeper;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.AuthInfo;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The ACLs of the cluster's znodes: all of them are for clients that authenticated with the cluster
 * secret (digest scheme, user "hapc"), except the root shared by all clusters, which anyone may read
 * and create children in, so that clusters with different secrets can share one ZooKeeper.
 */
final class ClusterAcl implements ACLProvider {
    private static final String USER = "hapc";

    private final AuthInfo auth;
    private final List<ACL> clusterOnly;
    /** {@link ZnodePaths#ROOT}'s ACL: anyone may list the clusters and add one, nobody may remove one. */
    static final List<ACL> SHARED_ROOT =
            aclList(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    /** The ACL the embedded server gives {@code /}: readable by anyone, changed by nobody (hapc lives in /hapc). */
    static final List<ACL> LOCKED_ZOOKEEPER_ROOT = aclList(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));

    ClusterAcl(String secret) {
        String credentials = USER + ":" + secret;
        this.auth = new AuthInfo("digest", credentials.getBytes(UTF_8));
        try {
            this.clusterOnly = aclList(new ACL(
                    ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(credentials))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-1, which ZooKeeper's digest ACLs need", e);
        }
    }

    /** What the client presents to ZooKeeper to be let in. */
    AuthInfo auth() {
        return auth;
    }

    /** The ACL every znode of the cluster gets. */
    List<ACL> clusterOnly() {
        return clusterOnly;
    }

    List<ACL> sharedRoot() {
        return SHARED_ROOT;
    }

    /** Whether `acl` is exactly the cluster's own (order aside): nobody without the secret may touch the znode. */
    boolean isClusterOnly(List<ACL> acl) {
        return acl.size() == clusterOnly.size() && acl.containsAll(clusterOnly);
    }

    /** An ACL as ZooKeeper's CLI shows it, e.g. {@code world:anyone:cdrwa}, for error messages. */
    static String describe(List<ACL> acl) {
        List<String> entries = new ArrayList<>();
        for (ACL entry : acl) {
            entries.add(entry.getId().getScheme() + ":" + entry.getId().getId() + ":" + perms(entry.getPerms()));
        }
        return String.join(", ", entries);
    }

    private static String perms(int perms) {
        StringBuilder b = new StringBuilder();
        if ((perms & ZooDefs.Perms.CREATE) != 0) b.append('c');
        if ((perms & ZooDefs.Perms.DELETE) != 0) b.append('d');
        if ((perms & ZooDefs.Perms.READ) != 0) b.append('r');
        if ((perms & ZooDefs.Perms.WRITE) != 0) b.append('w');
        if ((perms & ZooDefs.Perms.ADMIN) != 0) b.append('a');
        return b.toString();
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return clusterOnly;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
        return ZnodePaths.ROOT.equals(path) ? SHARED_ROOT : clusterOnly;
    }

    /** Unmodifiable, but unlike List.of it answers contains(null), which ZooKeeper asks when validating. */
    private static List<ACL> aclList(ACL acl) {
        return Collections.unmodifiableList(new ArrayList<>(List.of(acl)));
    }
}
