package io.hapc.cli.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.cli.daemon.Json;
import io.hapc.engine.cluster.ClusterUnpacker;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `hapc status` text and JSON from CIB XML: the example cluster and cases from Pacemaker's scheduler suite. */
class StatusOutputTest {
    static final Path ROOT = Path.of(System.getProperty("hapc.root.dir", ".."));
    static final Path SHARED =
            Path.of(System.getProperty("hapc.shared.dir", "../../shared")).resolve("pcmk-scheduler");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    static String webXml() throws Exception {
        return Files.readString(ROOT.resolve("examples/web-cluster.xml"));
    }

    static Cib cib(String xml) throws Exception {
        return CibXmlReader.read(xml, "test");
    }

    static String text(Cib cib, Optional<String> dc, boolean full) {
        return StatusText.render(cib, ClusterUnpacker.unpack(cib, NOW), dc, full, List.of(), "zookeeper");
    }

    static JsonNode json(Cib cib, Optional<String> dc) throws Exception {
        return JSON.readTree(Json.write(StatusJson.report(cib, ClusterUnpacker.unpack(cib, NOW), dc)));
    }

    @Test
    void theStackIsTheDaemonsTransport() throws Exception {
        Cib cib = cib(webXml());
        String heartbeat = StatusText.render(
                cib, ClusterUnpacker.unpack(cib, NOW), Optional.of("node2"), false, List.of(), "heartbeat");
        assertTrue(heartbeat.contains("  * Stack: hapc (heartbeat)\n"), heartbeat);
        String unknown =
                StatusText.render(cib, ClusterUnpacker.unpack(cib, NOW), Optional.of("node2"), false, List.of(), "");
        assertTrue(unknown.contains("  * Stack: hapc\n"), unknown);
    }

    @Test
    void theLastChangeIsShownAsPcsShowsIt() throws Exception {
        String xml = webXml().replaceFirst(
                        "<cib ",
                        "<cib cib-last-written=\"Fri Feb 28 09:30:00 2025\" update-origin=\"node1\" "
                                + "update-client=\"hapc\" ");
        String out = text(cib(xml), Optional.of("node2"), false);
        assertTrue(
                out.contains(
                        "  * Last updated: Sat Mar  1 12:00:00 2025\n  * Last change:  Fri Feb 28 09:30:00 2025 via hapc on node1\n"),
                out);
    }

    @Test
    void theExampleClusterLooksLikePcsStatus() throws Exception {
        String xml = webXml().replace(
                        "<nvpair id=\"opt-fencing-enabled\"",
                        "<nvpair id=\"opt-name\" name=\"cluster-name\" value=\"web\"/><nvpair id=\"opt-fencing-enabled\"");
        assertEquals("""
                Cluster name: web

                Cluster Summary:
                  * Stack: hapc (zookeeper)
                  * Current DC: node2 - partition with quorum
                  * Last updated: Sat Mar  1 12:00:00 2025
                  * 3 nodes configured
                  * 3 resource instances configured

                Node List:
                  * Online: [ node1 node2 node3 ]

                Full List of Resources:
                  * fence-all\t(stonith:fence_dummy):\t Started node2
                  * VIP\t(ocf:heartbeat:IPaddr2):\t Started node1
                  * WebSite\t(ocf:heartbeat:apache):\t Started node1
                """, text(cib(xml), Optional.of("node2"), false));
    }

    @Test
    void fullAddsAttributesFailCountsAndFailedOperations() throws Exception {
        String xml = webXml().replace(
                        "<node_state id=\"1\" uname=\"node1\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">",
                        "<node_state id=\"1\" uname=\"node1\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">"
                                + "<transient_attributes id=\"1\"><instance_attributes id=\"status-1\">"
                                + "<nvpair id=\"f1\" name=\"fail-count-WebSite#monitor_30000\" value=\"2\"/>"
                                + "<nvpair id=\"f2\" name=\"last-failure-WebSite#monitor_30000\" value=\"1740830000\"/>"
                                + "</instance_attributes></transient_attributes>")
                .replace(
                        "<lrm_rsc_op id=\"WebSite_monitor_30000\" operation=\"monitor\" interval=\"30000\" call-id=\"6\" rc-code=\"0\"",
                        "<lrm_rsc_op id=\"WebSite_monitor_30000\" operation=\"monitor\" interval=\"30000\" call-id=\"6\" rc-code=\"1\""
                                + " exit-reason=\"server-status page unreachable\"");
        String out = text(cib(xml), Optional.of("node2"), true);
        assertTrue(out.contains("  * WebSite\t(ocf:heartbeat:apache):\t FAILED node1\n"), out);
        assertTrue(out.endsWith("""

                Node Attributes:
                  * Node: node3 (3):
                    * disk: slow

                Migration Summary:
                  * Node: node1 (1):
                    * WebSite: migration-threshold=INFINITY fail-count=2 last-failure='2025-03-01T11:53:20Z'

                Failed Resource Actions:
                  * WebSite_monitor_30000 on node1 'error' (1): call=6, status='complete', exitreason='server-status page unreachable'
                """), out);
        // failed actions are shown by default, as pcs status shows them
        assertTrue(text(cib(xml), Optional.of("node2"), false).endsWith("""

                Failed Resource Actions:
                  * WebSite_monitor_30000 on node1 'error' (1): call=6, status='complete', exitreason='server-status page unreachable'
                """));
    }

    @Test
    void aTimedOutStartReadsAsATimeout() throws Exception {
        String xml = webXml().replace(
                        "<lrm_rsc_op id=\"WebSite_monitor_30000\" operation=\"monitor\" interval=\"30000\" call-id=\"6\" rc-code=\"0\" op-status=\"0\"",
                        "<lrm_rsc_op id=\"WebSite_monitor_30000\" operation=\"monitor\" interval=\"30000\" call-id=\"6\" rc-code=\"1\" op-status=\"2\""
                                + " last-rc-change=\"1740830000\"");
        String out = text(cib(xml), Optional.of("node2"), false);
        assertTrue(
                out.contains("  * WebSite_monitor_30000 on node1 'Timed Out' (1): call=6, status='Timed Out', "
                        + "last-rc-change='2025-03-01T11:53:20Z'\n"),
                out);
    }

    @Test
    void withoutAFencingDeviceStatusWarns() throws Exception {
        String xml = webXml().replaceAll("(?s)<primitive id=\"fence-all\".*?</primitive>", "")
                .replaceAll("(?s)<lrm_resource id=\"fence-all\".*?</lrm_resource>", "");
        String out = text(cib(xml), Optional.of("node2"), false);
        assertTrue(
                out.startsWith(
                        "Cluster name:\n\nWARNINGS:\nNo stonith devices and stonith-enabled is not false\n\nCluster Summary:\n"),
                out);
        assertEquals(
                "No stonith devices and stonith-enabled is not false",
                json(cib(xml), Optional.empty()).get("warnings").get(0).asText());
    }

    @Test
    void aWarningOfTheDcIsShownUnderWarnings() throws Exception {
        String xml = webXml().replace(
                        "<node_state id=\"3\" uname=\"node3\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"/>",
                        "<node_state id=\"3\" uname=\"node3\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">"
                                + "<transient_attributes id=\"3\"><instance_attributes id=\"status-3\">"
                                + "<nvpair id=\"w\" name=\"hapc-dc-warning-no-progress\" value=\"transition 9 repeats the previous one\"/>"
                                + "</instance_attributes></transient_attributes></node_state>");
        String out = text(cib(xml), Optional.of("node3"), false);
        assertTrue(out.contains("\nWARNINGS:\nDC node3: transition 9 repeats the previous one\n"), out);
        assertTrue(
                json(cib(xml), Optional.of("node3")).get("warnings").toString().contains("transition 9"));
    }

    @Test
    void theDcsWarningsAreShownAfterTheClustersOwn() throws Exception {
        // The CLI runs no rules: the warnings come from the DC's last decision (get-warnings).
        Cib cib = cib(webXml());
        List<String> fromDc =
                List.of("node node1 is in standby", "admin rule \"x\" (x.drl) fired more than 20000 times");
        assertTrue(StatusText.render(cib, ClusterUnpacker.unpack(cib, NOW), Optional.of("node2"), false, fromDc)
                .startsWith(
                        "Cluster name:\n\nWARNINGS:\nnode node1 is in standby\nadmin rule \"x\" (x.drl) fired more than 20000 times"
                                + "\n\nCluster Summary:\n"));
        assertEquals(
                fromDc.get(1),
                StatusJson.report(cib, ClusterUnpacker.unpack(cib, NOW), Optional.empty(), fromDc)
                        .warnings()
                        .get(1));
    }

    @Test
    void standbyNodesNoDcAndGroups() throws Exception {
        String out = text(CibXmlReader.read(SHARED.resolve("04-standby/standby.xml")), Optional.empty(), false);
        assertTrue(out.contains("""
                  * Current DC: NONE
                  * Last updated: Sat Mar  1 12:00:00 2025
                  * Last change:  Fri Jul 13 13:51:14 2012
                  * 3 nodes configured
                  * 11 resource instances configured

                Node List:
                  * Node sapcl03: standby
                  * Node sapcl02: standby
                  * Online: [ sapcl01 ]

                Full List of Resources:
                  * Resource Group: app01:
                    * IPaddr_192_168_1_101\t(ocf:heartbeat:IPaddr):\t Started sapcl01
                """), out);
    }

    @Test
    void uncleanNodesAndNoQuorum() throws Exception {
        String out = text(CibXmlReader.read(SHARED.resolve("10-fencing/rec-node-4.xml")), Optional.of("node2"), false);
        assertTrue(out.contains("  * Current DC: node2 - partition WITHOUT quorum\n"), out);
        assertTrue(out.contains("Node List:\n  * Node node1: UNCLEAN (offline)\n  * Online: [ node2 ]\n"), out);
        assertTrue(out.contains("  * stonith-1\t(stonith:dummy):\t Stopped\n"), out);
    }

    @Test
    void jsonHasTheContractShape() throws Exception {
        Cib cib = CibXmlReader.read(SHARED.resolve("09-promotable/colo_promoted_w_native.xml"));
        JsonNode j = json(cib, Optional.of("node1"));
        List<String> keys = new ArrayList<>();
        j.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("dc", "quorate", "nodes", "resources"), keys.subList(0, 4));
        assertEquals("node1", j.get("dc").asText());
        assertTrue(j.get("quorate").isBoolean() && j.get("quorate").asBoolean());
        JsonNode node = j.get("nodes").get(0);
        assertEquals("node2", node.get("name").asText());
        assertTrue(node.get("online").isBoolean() && node.get("online").asBoolean());
        assertTrue(node.get("standby").isBoolean() && !node.get("standby").asBoolean());
        assertEquals(3, j.get("resources").size(), "one entry per primitive and per clone instance");
        assertEquals(
                JSON.readTree(
                        "{\"id\":\"A\",\"agent\":\"ocf:pacemaker:Dummy\",\"role\":\"Started\",\"nodes\":[\"node1\"]}"),
                pick(j.get("resources").get(0)));
        assertEquals(
                JSON.readTree(
                        "{\"id\":\"MS_RSC_NATIVE:0\",\"agent\":\"ocf:pacemaker:Stateful\",\"role\":\"Promoted\",\"nodes\":[\"node2\"]}"),
                pick(j.get("resources").get(1)));
        assertEquals(
                JSON.readTree(
                        "{\"id\":\"MS_RSC_NATIVE:1\",\"agent\":\"ocf:pacemaker:Stateful\",\"role\":\"Unpromoted\",\"nodes\":[\"node1\"]}"),
                pick(j.get("resources").get(2)));
    }

    @Test
    void jsonWithoutDcAndWithStoppedResources() throws Exception {
        String xml = webXml().replace(" dc-uuid=\"2\"", "")
                .replace("have-quorum=\"1\"", "have-quorum=\"0\"")
                .replace(
                        "<primitive id=\"WebSite\" class=\"ocf\" provider=\"heartbeat\" type=\"apache\">",
                        "<primitive id=\"WebSite\" class=\"ocf\" provider=\"heartbeat\" type=\"apache\">"
                                + "<meta_attributes id=\"w-meta\"><nvpair id=\"w-tr\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>")
                .replaceAll("(?s)<lrm_resource id=\"WebSite\".*?</lrm_resource>", "");
        JsonNode j = json(cib(xml), Optional.empty());
        assertTrue(j.get("dc").isNull());
        assertTrue(!j.get("quorate").asBoolean());
        JsonNode web = j.get("resources").get(2);
        assertEquals(
                JSON.readTree(
                        "{\"id\":\"WebSite\",\"agent\":\"ocf:heartbeat:apache\",\"role\":\"Stopped\",\"nodes\":[]}"),
                pick(web));
        assertTrue(web.get("disabled").asBoolean());
        assertTrue(
                text(cib(xml), Optional.empty(), false).contains("  * 3 resource instances configured (1 DISABLED)\n"));
    }

    /** The contract's fields of a resource entry. */
    private static JsonNode pick(JsonNode r) {
        return JSON.createObjectNode()
                .setAll(java.util.Map.of(
                        "id", r.get("id"), "agent", r.get("agent"), "role", r.get("role"), "nodes", r.get("nodes")));
    }
}
