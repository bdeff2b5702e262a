package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.hapc.engine.PolicyEngine;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** node standby / maintenance / attribute. */
class NodeEditsTest {
    private static Map<String, String> attrs(Cib cib, String uname) {
        Node n = cib.nodes().stream()
                .filter(x -> x.uname().equals(uname))
                .findFirst()
                .orElseThrow();
        return NvSets.merged(n.attributeSets());
    }

    @Test
    void standbyIsANodeAttributeTheEngineHonours() throws Exception {
        Cib standby = apply(webCluster(), new CibEdit.NodeStandby(List.of("node1"), false, true));
        assertEquals(Map.of("standby", "on"), attrs(standby, "node1"));
        assertEquals("nodes-1", standby.nodes().get(0).attributeSets().get(0).id());
        assertEquals(
                true,
                ClusterUnpacker.unpack(standby, Fixtures.NOW)
                        .node("node1")
                        .orElseThrow()
                        .standby());
        Optional<String> vip = new PolicyEngine(PolicyRules.builtIn(), Clock.fixed(Fixtures.NOW, ZoneOffset.UTC))
                .decide(standby)
                .placement()
                .node("VIP");
        assertEquals(Optional.of("node2"), vip, "VIP leaves the standby node");
        Cib back = apply(standby, new CibEdit.NodeStandby(List.of("node1"), false, false));
        assertEquals(Map.of(), attrs(back, "node1"));
        assertEquals(webCluster().nodes(), back.nodes());
    }

    @Test
    void allNodesAndMaintenance() throws Exception {
        CibEditor.EditOutcome o = outcome(webCluster(), new CibEdit.NodeMaintenance(List.of(), true, true));
        for (String n : List.of("node1", "node2", "node3"))
            assertEquals("on", attrs(o.cib(), n).get("maintenance"));
        assertEquals("slow", attrs(o.cib(), "node3").get("disk"), "other attributes stay");
        assertEquals("Put node1, node2, node3 in maintenance", o.message());
    }

    @Test
    void attributesSetAndRemove() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.NodeAttributeSet("node3", map("disk", "fast", "rack", "r2")));
        assertEquals(map("disk", "fast", "rack", "r2"), attrs(cib, "node3"));
        CibEditor.EditOutcome o = outcome(cib, new CibEdit.NodeAttributeSet("node3", map("disk", "")));
        assertEquals(map("rack", "r2"), attrs(o.cib(), "node3"));
        assertEquals("Node node3: removed disk", o.message());
    }

    private static Map<String, String> transientAttrs(Cib cib, String uname) {
        return cib.status().nodeStates().stream()
                .filter(s -> s.uname().orElse("").equals(uname))
                .findFirst()
                .orElseThrow()
                .transientAttributes();
    }

    @Test
    void transientAttributesLiveInTheNodesStatusAndTheEngineReadsThem() throws Exception {
        Cib before = webCluster();
        CibEditor.EditOutcome o =
                outcome(before, new CibEdit.NodeTransientAttributeSet("node2", map("master-db", "10")));
        assertEquals("Node node2 (until it leaves the cluster): set master-db=10", o.message());
        assertEquals("10", transientAttrs(o.cib(), "node2").get("master-db"));
        assertEquals(before.nodes(), o.cib().nodes(), "the configuration is untouched");
        assertEquals(before.version().nextUpdate(), o.cib().version(), "a status change: num_updates only");
        assertEquals(
                Optional.of("10"),
                Optional.ofNullable(ClusterUnpacker.unpack(o.cib(), Fixtures.NOW)
                        .node("node2")
                        .orElseThrow()
                        .attributes()
                        .get("master-db")),
                "rules and promotion see it as a node attribute");
        assertFalse(
                outcome(o.cib(), new CibEdit.NodeTransientAttributeSet("node2", map("master-db", "10")))
                        .changed(),
                "the same value again writes nothing (agents repeat it at every probe)");
        Cib removed = apply(o.cib(), new CibEdit.NodeTransientAttributeSet("node2", map("master-db", "")));
        assertEquals(null, transientAttrs(removed, "node2").get("master-db"));
    }

    @Test
    void aTransientAttributeNeedsANodeThatHasJoined() throws Exception {
        Cib noStatus = webCluster()
                .withStatus(new io.hapc.model.cib.Status(
                        webCluster().status().nodeStates().stream()
                                .filter(s -> !s.uname().orElse("").equals("node3"))
                                .toList(),
                        webCluster().status().tickets()));
        assertEquals(
                "node attribute --lifetime reboot: node 'node3' has no status yet (it has not joined the cluster "
                        + "since it was added): set it once the node is online, or without --lifetime reboot to keep "
                        + "it in the configuration",
                refusal(noStatus, new CibEdit.NodeTransientAttributeSet("node3", map("master-db", "5"))));
        assertEquals(
                "node attribute --lifetime reboot node1: 'bad name' is not a valid attribute name (letters, digits, "
                        + "'.', '_', ':' and '-', e.g. resource-stickiness)",
                refusal(webCluster(), new CibEdit.NodeTransientAttributeSet("node1", map("bad name", "5"))));
    }

    @Test
    void refusals() throws Exception {
        assertEquals(
                "node standby: no node 'node4' in the CIB (nodes: node1, node2, node3)",
                refusal(webCluster(), new CibEdit.NodeStandby(List.of("node4"), false, true)));
        assertEquals(
                "node unstandby: name the nodes (or --all)",
                refusal(webCluster(), new CibEdit.NodeStandby(List.of(), false, false)));
        assertEquals(
                "node attribute node1: '#uname' is a built-in attribute (#uname, #id, #kind, #is_dc) and cannot be set",
                refusal(webCluster(), new CibEdit.NodeAttributeSet("node1", map("#uname", "x"))));
        assertFalse(outcome(webCluster(), new CibEdit.NodeStandby(List.of("node2"), false, false))
                .changed());
    }

    @Test
    void aNodeIsRemovedOnlyOnceItIsNoLongerAnOnlineMember() throws Exception {
        String online = refusal(webCluster(), new CibEdit.NodeDelete("node3"));
        assertEquals(
                "node remove node3: it is an online member: stop it first (hapc cluster stop node3; "
                        + "`hapc cluster node remove` does)",
                online);
        Cib down = webCluster()
                .withStatus(new io.hapc.model.cib.Status(
                        webCluster().status().nodeStates().stream()
                                .filter(s -> !s.id().equals("3"))
                                .toList(),
                        webCluster().status().tickets()));
        CibEditor.EditOutcome o = outcome(down, new CibEdit.NodeDelete("node3"));
        assertEquals("Node node3 removed from the CIB", o.message());
        assertEquals(
                List.of("node1", "node2"),
                o.cib().nodes().stream().map(Node::uname).toList());
        assertEquals(down.version().nextEpoch(), o.cib().version());
        assertEquals(
                "node remove node9: no node 'node9' in the CIB (nodes: node1, node2, node3)",
                refusal(webCluster(), new CibEdit.NodeDelete("node9")));
    }
}
