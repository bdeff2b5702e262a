package io.hapc.cli.it;

import org.junit.jupiter.api.Test;

/**
 * The workshop on two isolated hosts over the two-node heartbeat transport (UDP between the hosts' own addresses, no
 * ZooKeeper in the membership): see {@link IsolatedSandboxTest}. Deadtime 1000 ms (keepalive 200 ms), not the 500 ms
 * of the benchmark: CI's machine is shared, and a late heartbeat there would be a false failover, not a finding. Then
 * the two-node fence race's power switch (see {@link IsolatedSandboxTest#aPowerSwitchOutlivesTheHostThatAskedIt}).
 */
class IsolatedHeartbeatIT extends IsolatedSandboxTest {
    @Test
    void workshopOnTwoHostsOverHeartbeatNeverRunsTheServiceTwice() throws Exception {
        workshop("heartbeat", 2, 1000);
        aPowerSwitchOutlivesTheHostThatAskedIt();
    }
}
