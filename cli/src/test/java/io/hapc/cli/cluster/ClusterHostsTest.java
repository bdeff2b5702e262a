package io.hapc.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.admin.protocol.AdminChannel;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** `--all`: the nodes the cluster has now, whichever node is asked first. */
class ClusterHostsTest {
    private final List<String> asked = new ArrayList<>();

    /** A host answering host-state as HostSetup does (or unreachable: null). */
    private AdminChannel host(String name, String state, String cluster, List<String> nodes) {
        return new AdminChannel() {
            @Override
            public AdminReply call(AdminRequest request) throws IOException {
                asked.add(name);
                if (state == null) throw new IOException("connection refused");
                String list = String.join(
                        ",", nodes.stream().map(n -> "\"" + n + "\"").toList());
                return AdminReply.success("{\"node\":\"" + name + "\",\"state\":\"" + state
                        + "\",\"configured\":true,\"cluster\":\"" + cluster + "\",\"nodes\":[" + list + "]}");
            }

            @Override
            public String describe() {
                return name + "'s admin service";
            }
        };
    }

    @Test
    void aStoppedNodeWithAnOldListDefersToARunningNodeOfItsCluster() {
        // n3 was removed while unreachable: stopped, it still lists itself; n1 and n2 run without it.
        Map<String, AdminChannel> hosts = Map.of(
                "n1", host("n1", "running", "web", List.of("n1", "n2")),
                "n2", host("n2", "running", "web", List.of("n1", "n2")),
                "n3", host("n3", "waiting", "web", List.of("n1", "n2", "n3")));
        assertEquals(List.of("n1", "n2"), ClusterHosts.all(hosts.get("n3"), List.of("n3", "n1", "n2"), hosts::get));
    }

    @Test
    void aRunningNodeIsBelievedAtOnceAndAStoppedClusterKeepsItsList() {
        Map<String, AdminChannel> hosts = Map.of(
                "n1", host("n1", "running", "web", List.of("n1", "n2")),
                "n2", host("n2", "waiting", "web", List.of("n1", "n2")),
                "db1", host("db1", "running", "db", List.of("db1", "db2")));
        assertEquals(List.of("n1", "n2"), ClusterHosts.all(hosts.get("n1"), List.of("db1", "n2"), hosts::get));
        assertEquals(List.of("n1"), asked);

        // All of web stopped (cluster start --all): its list, not another cluster's that runs.
        Map<String, AdminChannel> stopped = Map.of(
                "n1", host("n1", "waiting", "web", List.of("n1", "n2")),
                "n2", host("n2", null, "web", List.of()),
                "db1", host("db1", "running", "db", List.of("db1", "db2")));
        assertEquals(
                List.of("n1", "n2"),
                ClusterHosts.all(
                        host("local", null, "", List.of()),
                        List.of("db2", "n1", "n2", "db1"),
                        n -> stopped.getOrDefault(n, host(n, null, "", List.of()))));
    }
}
