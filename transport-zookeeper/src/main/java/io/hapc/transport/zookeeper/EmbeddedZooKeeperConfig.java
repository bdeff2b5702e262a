package io.hapc.transport.zookeeper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the embedded single-server ZooKeeper runs. Make one with {@link #of} (defaults below, beside
 * their keys).
 *
 * @param port the client port on 127.0.0.1; 0 picks a free one
 * @param dataDir snapshots and transaction log; what makes the data survive a restart
 * @param tickTime ZooKeeper's time unit; sessions expire on tick boundaries, so it bounds how late
 * @param minSessionTimeout shortest session the server grants. Stock ZooKeeper's is 2 ticks, and a
 *     client asking for less silently gets more; set explicitly so short timeouts are honoured
 * @param maxSessionTimeout longest session the server grants
 * @param maxClientConnections connections allowed from one address, 0 for no limit. Every client of a
 *     loopback-only server comes from 127.0.0.1, so a per-address limit would be a limit on nodes.
 */
public record EmbeddedZooKeeperConfig(
        int port,
        Path dataDir,
        Duration tickTime,
        Duration minSessionTimeout,
        Duration maxSessionTimeout,
        int maxClientConnections) {

    public static final Duration DEFAULT_TICK_TIME = Duration.ofMillis(250);
    public static final Duration DEFAULT_MIN_SESSION_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_SESSION_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CLIENT_CONNECTIONS = 0;

    public EmbeddedZooKeeperConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (tickTime.isNegative() || tickTime.isZero()) {
            throw new IllegalArgumentException("tickTime must be positive: " + tickTime);
        }
        if (minSessionTimeout.compareTo(maxSessionTimeout) > 0) {
            throw new IllegalArgumentException(
                    "minSessionTimeout " + minSessionTimeout + " is above maxSessionTimeout " + maxSessionTimeout);
        }
        if (minSessionTimeout.compareTo(tickTime) < 0) {
            throw new IllegalArgumentException(
                    "minSessionTimeout " + minSessionTimeout + " is below one tick " + tickTime);
        }
        if (maxClientConnections < 0) {
            throw new IllegalArgumentException("maxClientConnections must not be negative: " + maxClientConnections);
        }
    }

    public static EmbeddedZooKeeperConfig of(int port, Path dataDir) {
        return new EmbeddedZooKeeperConfig(
                port,
                dataDir,
                DEFAULT_TICK_TIME,
                DEFAULT_MIN_SESSION_TIMEOUT,
                DEFAULT_MAX_SESSION_TIMEOUT,
                DEFAULT_MAX_CLIENT_CONNECTIONS);
    }

    public EmbeddedZooKeeperConfig withPort(int newPort) {
        return new EmbeddedZooKeeperConfig(
                newPort, dataDir, tickTime, minSessionTimeout, maxSessionTimeout, maxClientConnections);
    }

    public EmbeddedZooKeeperConfig withSessionTimeouts(Duration min, Duration max) {
        return new EmbeddedZooKeeperConfig(port, dataDir, tickTime, min, max, maxClientConnections);
    }
}
