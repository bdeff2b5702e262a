package io.hapc.transport.zookeeper;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Status;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.xml.CibXmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A large cluster's CIB as hapc writes it: `nodes` nodes, `resources` Dummy primitives with a
 * monitor each, every resource probed on every node and running on one of them (start and monitor
 * recorded there), as after a cluster has run for a while.
 */
final class LargeCib {
    private LargeCib() {}

    static String xml(int nodes, int resources, CibVersion version) {
        List<Node> nodeList = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            nodeList.add(new Node(Integer.toString(n), node(n), "member", List.of(), List.of()));
        }
        List<Resource> primitives = new ArrayList<>();
        for (int r = 0; r < resources; r++) {
            String id = "rsc-" + r;
            primitives.add(new Resource.Primitive(
                    id,
                    "ocf",
                    Optional.of("heartbeat"),
                    "Dummy",
                    List.of(NvSet.of(
                            id + "-instance_attributes", Map.of("state", "/run/resource-agents/" + id + ".state"))),
                    List.of(),
                    List.of(),
                    List.of(new Operation(
                            id + "-monitor-interval-10s",
                            "monitor",
                            10_000,
                            Optional.of(20_000L),
                            Optional.empty(),
                            Optional.empty(),
                            true,
                            Map.of()))));
        }
        List<NodeRecord> states = new ArrayList<>();
        long now = 1_764_000_000L;
        for (int n = 1; n <= nodes; n++) {
            List<ResourceHistory> history = new ArrayList<>();
            for (int r = 0; r < resources; r++) {
                String id = "rsc-" + r;
                List<OperationRecord> ops = new ArrayList<>();
                boolean runsHere = r % nodes == n - 1;
                ops.add(op(
                        id + "_last_0",
                        runsHere ? "start" : "monitor",
                        0,
                        3 * r + 1,
                        runsHere ? 0 : 7,
                        node(n),
                        now + r));
                if (runsHere) {
                    ops.add(op(id + "_monitor_10000", "monitor", 10_000, 3 * r + 2, 0, node(n), now + r));
                }
                history.add(new ResourceHistory(id, "ocf", Optional.of("heartbeat"), "Dummy", ops));
            }
            states.add(new NodeRecord(
                    Integer.toString(n),
                    Optional.of(node(n)),
                    Optional.of("true"),
                    Optional.of("online"),
                    Optional.of("member"),
                    Optional.of("member"),
                    Optional.of("0"),
                    Map.of(),
                    history));
        }
        Cib cib = new Cib(
                version,
                Optional.of("pacemaker-3.9"),
                true,
                Optional.of("1"),
                Optional.empty(),
                List.of(NvSet.of(
                        "cib-bootstrap-options", Map.of("cluster-infrastructure", "hapc", "cluster-name", "large"))),
                nodeList,
                primitives,
                List.of(),
                List.of(),
                List.of(),
                new Status(states));
        return CibXmlWriter.write(cib);
    }

    static String node(int n) {
        return "node-" + n;
    }

    private static OperationRecord op(
            String id, String operation, long interval, int callId, int rc, String node, long when) {
        return new OperationRecord(
                id,
                operation,
                interval,
                callId,
                rc,
                0,
                Optional.of(callId + ":" + rc + ":0:5f8b3c1e-" + Integer.toHexString(callId * 7919)),
                Optional.of(Integer.toHexString(id.hashCode()) + "f0e1d2c3b4a5968778695a4b3c2d1e0f"),
                when,
                Optional.empty(),
                Optional.of(node));
    }
}
