package io.hapc.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.Decision;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.cluster.NodeState;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.xml.CibXmlReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * remote.drl (with the assignment and planning it relies on): Pacemaker Remote nodes made by an
 * ocf:pacemaker:remote connection, guest nodes made by a container with meta remote-node, and
 * resources inside a container (meta container). Cluster nodes n1 and n2 in every case.
 */
class RemoteRulesTest {
    private static final PolicyRules RULES = PolicyRules.builtIn();
    private static final String FENCE_DEVICE = "<primitive id=\"F\" class=\"stonith\" type=\"fence_dummy\"/>";
    private static final String REMOTE1 =
            "<primitive id=\"remote1\" class=\"ocf\" provider=\"pacemaker\" type=\"remote\"/>";

    /** A small CIB: `resources` as XML, `status` maps node → lrm_resource XML recorded there. */
    private static final class Cib {
        final List<String> properties = new ArrayList<>(List.of("fencing-enabled=false"));
        final List<String> resources = new ArrayList<>();
        final List<String> constraints = new ArrayList<>();
        final List<String[]> ops = new ArrayList<>();

        Cib property(String nameValue) {
            properties.removeIf(p -> p.startsWith(nameValue.substring(0, nameValue.indexOf('=') + 1)));
            properties.add(nameValue);
            return this;
        }

        Cib resource(String xml) {
            resources.add(xml);
            return this;
        }

        Cib dummy(String id, String meta) {
            return resource("<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
                    + (meta.isEmpty()
                            ? ""
                            : "<meta_attributes id=\"" + id + "-meta\">" + nvpairs(id, meta) + "</meta_attributes>")
                    + "</primitive>");
        }

        Cib constraint(String xml) {
            constraints.add(xml);
            return this;
        }

        /** `rsc` ran `operation` on `node` with rc (in call order); a 10 s monitor for "monitor". */
        Cib op(String rsc, String node, String operation, int rc) {
            ops.add(new String[] {rsc, node, operation, Integer.toString(rc)});
            return this;
        }

        Cib runs(String rsc, String node) {
            return op(rsc, node, "start", 0);
        }

        private static String nvpairs(String id, String meta) {
            StringBuilder sb = new StringBuilder();
            for (String kv : meta.split(",")) {
                String[] p = kv.split("=", 2);
                sb.append("<nvpair id=\"")
                        .append(id)
                        .append('-')
                        .append(p[0])
                        .append("\" name=\"")
                        .append(p[0])
                        .append("\" value=\"")
                        .append(p[1])
                        .append("\"/>");
            }
            return sb.toString();
        }

        String xml() {
            StringBuilder sb =
                    new StringBuilder("<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" have-quorum=\"1\">"
                            + "<configuration><crm_config><cluster_property_set id=\"opts\">");
            for (String p : properties) {
                String[] kv = p.split("=", 2);
                sb.append("<nvpair id=\"opt-")
                        .append(kv[0])
                        .append("\" name=\"")
                        .append(kv[0])
                        .append("\" value=\"")
                        .append(kv[1])
                        .append("\"/>");
            }
            sb.append(
                    "</cluster_property_set></crm_config><nodes><node id=\"n1\" uname=\"n1\"/><node id=\"n2\" uname=\"n2\"/>"
                            + "</nodes><resources>");
            resources.forEach(sb::append);
            sb.append("</resources><constraints>");
            constraints.forEach(sb::append);
            sb.append("</constraints></configuration><status>");
            List<String> nodes = new ArrayList<>(List.of("n1", "n2"));
            ops.stream()
                    .map(o -> o[1])
                    .distinct()
                    .filter(n -> !nodes.contains(n))
                    .forEach(nodes::add);
            int call = 1;
            for (String n : nodes) {
                boolean cluster = n.equals("n1") || n.equals("n2");
                sb.append("<node_state id=\"")
                        .append(n)
                        .append("\" uname=\"")
                        .append(n)
                        .append(
                                cluster
                                        ? "\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">"
                                        : "\" remote_node=\"true\">");
                sb.append("<lrm id=\"l-").append(n).append("\"><lrm_resources>");
                for (String rsc : ops.stream()
                        .filter(o -> o[1].equals(n))
                        .map(o -> o[0])
                        .distinct()
                        .toList()) {
                    boolean connection = rsc.startsWith("remote") || rsc.startsWith("guest");
                    sb.append("<lrm_resource id=\"")
                            .append(rsc)
                            .append("\" class=\"ocf\" provider=\"")
                            .append(connection ? "pacemaker\" type=\"remote\">" : "heartbeat\" type=\"Dummy\">");
                    for (String[] o : ops) {
                        if (!o[0].equals(rsc) || !o[1].equals(n)) continue;
                        long interval = o[2].equals("monitor") ? 10000 : 0;
                        sb.append("<lrm_rsc_op id=\"")
                                .append(rsc)
                                .append('_')
                                .append(o[2])
                                .append('_')
                                .append(call)
                                .append("\" operation=\"")
                                .append(o[2])
                                .append("\" interval=\"")
                                .append(interval)
                                .append("\" call-id=\"")
                                .append(call++)
                                .append("\" rc-code=\"")
                                .append(o[3])
                                .append("\" op-status=\"")
                                .append(o[3].equals("0") ? "0" : "4")
                                .append("\" transition-key=\"1:1:0:test\"/>");
                    }
                    sb.append("</lrm_resource>");
                }
                sb.append("</lrm_resources></lrm></node_state>");
            }
            return sb.append("</status></cib>").toString();
        }

        Decision decide() {
            try {
                return new PolicyEngine(RULES, Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC))
                        .decide(CibXmlReader.read(xml(), "remote-test"));
            } catch (Exception e) {
                throw new AssertionError("case does not load: " + e.getMessage() + "\n" + xml(), e);
            }
        }

        List<String> summary() {
            return Scenario.summaryOf(decide());
        }
    }

    private static NodeView node(Decision d, String name) {
        return d.cluster().node(name).orElseThrow(() -> new AssertionError("no node " + name));
    }

    @Test
    void aRemoteNodeIsOnlineWhileItsConnectionRunsAndHostsResources() {
        Cib cib =
                new Cib().resource(REMOTE1).dummy("A", "").runs("remote1", "n1").runs("A", "remote1");
        Decision d = cib.decide();
        assertEquals(NodeState.ONLINE, node(d, "remote1").state());
        assertEquals("remote", node(d, "remote1").attributes().get("#kind"));
        assertEquals(List.of(), Scenario.summaryOf(d));
    }

    @Test
    void aStoppedConnectionTakesItsNodeAway() {
        List<String> lines = new Cib()
                .resource(REMOTE1.replace(
                        "/>",
                        "><meta_attributes id=\"m\"><nvpair id=\"m-t\""
                                + " name=\"target-role\" value=\"Stopped\"/></meta_attributes></primitive>"))
                .dummy("A", "")
                .runs("remote1", "n1")
                .runs("A", "remote1")
                .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"remote1\" score=\"100\"/>")
                .summary();
        assertTrue(lines.contains("Stop remote1 (n1) due to node availability"), lines.toString());
        assertTrue(lines.contains("Move A (remote1 -> n1)"), lines.toString());
    }

    @Test
    void aRemoteNodeWhoseConnectionStartsCanTakeResourcesAtOnce() {
        List<String> lines = new Cib()
                .resource(REMOTE1)
                .dummy("A", "")
                .constraint("<rsc_location id=\"l\" rsc=\"A\" node=\"remote1\" score=\"100\"/>")
                .summary();
        assertTrue(lines.contains("Start A (remote1)"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Start remote1 (n")), lines.toString());
    }

    @Test
    void connectionsAndFencingDevicesRunOnlyOnClusterNodes() {
        List<String> lines = new Cib()
                .resource(REMOTE1)
                .resource(FENCE_DEVICE)
                .runs("remote1", "n1")
                .constraint("<rsc_location id=\"l\" rsc=\"F\" node=\"remote1\" score=\"100\"/>")
                .summary();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("Start F (n"), lines.toString());
    }

    @Test
    void aFailedConnectionFencesItsRemoteNode() {
        List<String> lines = new Cib()
                .property("fencing-enabled=true")
                .resource(FENCE_DEVICE)
                .resource(REMOTE1)
                .dummy("A", "")
                .runs("F", "n2")
                .runs("remote1", "n1")
                .op("remote1", "n1", "monitor", 7)
                .runs("A", "remote1")
                .summary();
        assertEquals("Fence (reboot) remote1 'remote connection is unrecoverable'", lines.get(0));
        assertTrue(lines.contains("Recover remote1 (n1)"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Move A (remote1 -> n")), lines.toString());
    }

    @Test
    void aGuestNodeFollowsItsContainerAndItsResourcesRestartWithIt() {
        List<String> lines = new Cib()
                .dummy("VM", "remote-node=guest1")
                .dummy("A", "")
                .runs("VM", "n1")
                .runs("guest1", "n1")
                .runs("A", "guest1")
                .constraint("<rsc_location id=\"l\" rsc=\"VM\" node=\"n2\" score=\"100\"/>")
                .summary();
        assertEquals(
                List.of("Move VM (n1 -> n2)", "Restart A (guest1) due to required VM start", "Move guest1 (n1 -> n2)"),
                lines);
    }

    @Test
    void aFailedContainerFencesItsGuestByRecoveringIt() {
        Decision d = new Cib()
                .dummy("VM", "remote-node=guest1")
                .dummy("A", "")
                .runs("VM", "n1")
                .op("VM", "n1", "monitor", 7)
                .runs("guest1", "n1")
                .runs("A", "guest1")
                .decide();
        assertEquals(NodeState.UNCLEAN, node(d, "guest1").state());
        List<String> lines = Scenario.summaryOf(d);
        assertEquals("Fence (reboot) guest1 (resource: VM) 'guest is unclean'", lines.get(0));
        assertTrue(lines.contains("Recover A (guest1)"), lines.toString());
        assertTrue(lines.contains("Restart guest1 (n1) due to required VM start"), lines.toString());
    }

    @Test
    void aFailureInsideAContainerRestartsTheContainer() {
        List<String> lines = new Cib()
                .dummy("C", "")
                .dummy("R", "container=C")
                .dummy("S", "container=C")
                .runs("C", "n1")
                .runs("R", "n1")
                .runs("S", "n1")
                .op("R", "n1", "monitor", 7)
                .summary();
        assertEquals(List.of("Restart C (n1)", "Recover R (n1)", "Restart S (n1) due to required C start"), lines);
    }
}
