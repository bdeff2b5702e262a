package io.hapc.transport.zookeeper;

import java.time.Duration;
import java.util.Objects;

/**
 * How one node reaches the cluster through ZooKeeper. Make one with {@link #of} (defaults below,
 * beside their keys) and change what differs with the {@code with...} methods.
 *
 * @param connectString ZooKeeper servers, {@code host:port[,host:port...]}, used as given (the
 *     ensemble tracker is off, so the servers' own idea of their addresses never replaces it)
 * @param clusterName the cluster; its znodes live under {@code /hapc/<clusterName>}
 * @param nodeName this node's name, unique in the cluster (a znode name: no '/')
 * @param secret the cluster secret; every znode is readable and writable only with it (digest ACL)
 * @param sessionTimeout how long ZooKeeper keeps a silent node: the failure detection time. The
 *     server may negotiate another value within its min/maxSessionTimeout (a warning is logged).
 * @param connectionTimeout how long to wait for a connection: at start, and per retried operation
 * @param retryBaseSleep first pause before retrying an operation cut by a connection loss
 * @param retryMaxSleep longest pause between retries
 * @param retryMaxAttempts retries of one operation before it fails
 * @param maxZnodeBytes largest znode written (the compressed CIB, one message); ZooKeeper's own limit
 *     is {@code jute.maxbuffer}, 1 MiB by default, and a bigger request costs the connection
 */
public record ZooKeeperTransportConfig(
        String connectString,
        String clusterName,
        String nodeName,
        String secret,
        Duration sessionTimeout,
        Duration connectionTimeout,
        Duration retryBaseSleep,
        Duration retryMaxSleep,
        int retryMaxAttempts,
        int maxZnodeBytes) {

    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_RETRY_BASE_SLEEP = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETRY_MAX_SLEEP = Duration.ofSeconds(1);
    public static final int DEFAULT_RETRY_MAX_ATTEMPTS = 3;
    /** Under jute.maxbuffer's default (1,048,575 bytes), leaving room for the request around the data. */
    public static final int DEFAULT_MAX_ZNODE_BYTES = 1_000_000;

    public ZooKeeperTransportConfig {
        requireText(connectString, "connectString");
        ZnodePaths.requireZnodeName(clusterName, "clusterName");
        ZnodePaths.requireZnodeName(nodeName, "nodeName");
        requireText(secret, "secret");
        requirePositive(sessionTimeout, "sessionTimeout");
        requirePositive(connectionTimeout, "connectionTimeout");
        requirePositive(retryBaseSleep, "retryBaseSleep");
        requirePositive(retryMaxSleep, "retryMaxSleep");
        if (retryMaxAttempts < 0) {
            throw new IllegalArgumentException("retryMaxAttempts must not be negative: " + retryMaxAttempts);
        }
        if (maxZnodeBytes <= 0) {
            throw new IllegalArgumentException("maxZnodeBytes must be positive: " + maxZnodeBytes);
        }
    }

    public static ZooKeeperTransportConfig of(
            String connectString, String clusterName, String nodeName, String secret) {
        return new ZooKeeperTransportConfig(
                connectString,
                clusterName,
                nodeName,
                secret,
                DEFAULT_SESSION_TIMEOUT,
                DEFAULT_CONNECTION_TIMEOUT,
                DEFAULT_RETRY_BASE_SLEEP,
                DEFAULT_RETRY_MAX_SLEEP,
                DEFAULT_RETRY_MAX_ATTEMPTS,
                DEFAULT_MAX_ZNODE_BYTES);
    }

    public ZooKeeperTransportConfig withConnectString(String servers) {
        return new ZooKeeperTransportConfig(
                servers,
                clusterName,
                nodeName,
                secret,
                sessionTimeout,
                connectionTimeout,
                retryBaseSleep,
                retryMaxSleep,
                retryMaxAttempts,
                maxZnodeBytes);
    }

    public ZooKeeperTransportConfig withSessionTimeout(Duration timeout) {
        return new ZooKeeperTransportConfig(
                connectString,
                clusterName,
                nodeName,
                secret,
                timeout,
                connectionTimeout,
                retryBaseSleep,
                retryMaxSleep,
                retryMaxAttempts,
                maxZnodeBytes);
    }

    public ZooKeeperTransportConfig withConnectionTimeout(Duration timeout) {
        return new ZooKeeperTransportConfig(
                connectString,
                clusterName,
                nodeName,
                secret,
                sessionTimeout,
                timeout,
                retryBaseSleep,
                retryMaxSleep,
                retryMaxAttempts,
                maxZnodeBytes);
    }

    public ZooKeeperTransportConfig withRetries(Duration baseSleep, Duration maxSleep, int maxAttempts) {
        return new ZooKeeperTransportConfig(
                connectString,
                clusterName,
                nodeName,
                secret,
                sessionTimeout,
                connectionTimeout,
                baseSleep,
                maxSleep,
                maxAttempts,
                maxZnodeBytes);
    }

    public ZooKeeperTransportConfig withMaxZnodeBytes(int bytes) {
        return new ZooKeeperTransportConfig(
                connectString,
                clusterName,
                nodeName,
                secret,
                sessionTimeout,
                connectionTimeout,
                retryBaseSleep,
                retryMaxSleep,
                retryMaxAttempts,
                bytes);
    }

    /** Everything but the secret, which must not reach a log. */
    @Override
    public String toString() {
        return "ZooKeeperTransportConfig[connectString=" + connectString + ", clusterName=" + clusterName
                + ", nodeName=" + nodeName + ", secret=*****, sessionTimeout=" + sessionTimeout
                + ", connectionTimeout=" + connectionTimeout + ", retryBaseSleep=" + retryBaseSleep
                + ", retryMaxSleep=" + retryMaxSleep + ", retryMaxAttempts=" + retryMaxAttempts
                + ", maxZnodeBytes=" + maxZnodeBytes + "]";
    }

    private static void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }

    private static void requirePositive(Duration value, String key) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be positive and fit in int milliseconds: " + value);
        }
    }
}
