package io.hapc.transport.heartbeat.cluster;

import io.hapc.transport.ClusterTransport;
import io.hapc.transport.TransportContractTest;
import io.hapc.transport.heartbeat.ContractNetwork;
import io.hapc.transport.heartbeat.Incarnations;
import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport contract for two real heartbeat endpoints on 127.0.0.1 UDP ports, each node with a state
 * directory of its own (its incarnation file and CIB copy survive its restarts within a test). A node is
 * cut off by the relays between the two.
 */
class HeartbeatTransportContractTest extends TransportContractTest {
    /**
     * Deadtime well above warntime: the test acts on SUSPENDED before the peer is declared dead. Warntime seven
     * keepalives: on a loaded machine a late heartbeat (seen at 300-435 ms) must not suspend a link nobody cut.
     */
    static final HeartbeatTimings TIMINGS = new HeartbeatTimings(
            Duration.ofMillis(100), Duration.ofMillis(700), Duration.ofMillis(2500), Duration.ofMillis(4000));

    @TempDir
    Path dir;

    private ContractNetwork network;

    @BeforeEach
    void newNetwork() throws Exception {
        network = new ContractNetwork();
    }

    @Override
    protected ClusterTransport newTransport(String node) throws Exception {
        Path state = dir.resolve(node);
        long incarnation = Incarnations.next(state.resolve("incarnation"), Clock.systemUTC());
        return new HeartbeatTransport(HeartbeatTransportConfig.of(network.config(node, incarnation, TIMINGS), state));
    }

    @Override
    protected int maxNodes() {
        return 2;
    }

    @Override
    protected void isolate(String node) {
        network.cut(node, true);
    }

    @Override
    protected void heal(String node) {
        network.cut(node, false);
    }

    @Override
    protected void afterClusterClosed() throws Exception {
        network.close();
    }

    @Override
    protected Duration failureDetectionTimeout() {
        return TIMINGS.deadtime().multipliedBy(3);
    }
}
