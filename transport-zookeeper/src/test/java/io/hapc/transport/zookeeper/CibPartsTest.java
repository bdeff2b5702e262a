package io.hapc.transport.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.CibVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class CibPartsTest {
    @Test
    void aCibIsCutIntoItsConfigurationAndOnePartPerNodeAndJoinedBackToTheSameText() {
        String xml =
                "<?xml version=\"1.0\"?>\n<cib epoch=\"3\">\n  <configuration>\n    <!-- <status> in a comment -->\n"
                        + "    <nodes><node id=\"1\" uname=\"a\"/></nodes>\n  </configuration>\n  <status>\n"
                        + "    <node_state id=\"1\" uname=\"a\" note='x > y'>\n      <lrm id=\"1\"><lrm_resources/></lrm>\n    </node_state>\n"
                        + "    <node_state id=\"2\"/>\n    <node_state uname=\"c\"><![CDATA[</status>]]></node_state>\n  </status>\n</cib>\n";
        CibParts parts = CibParts.split(xml);
        assertEquals(
                List.of("a", "2", "c"),
                parts.nodes().stream().map(CibParts.NodePart::node).toList());
        assertTrue(
                parts.nodes().get(0).xml().startsWith("\n    <node_state id=\"1\""),
                parts.nodes().get(0).xml());
        assertTrue(
                parts.nodes().get(2).xml().endsWith("</node_state>\n  "),
                parts.nodes().get(2).xml());
        assertTrue(
                !parts.withoutStatus().contains("node_state")
                        && parts.withoutStatus().contains("<status></status>"),
                parts.withoutStatus());
        assertEquals(xml, parts.join());
    }

    @Test
    void whatHasNoStatusToCutStaysWhole() {
        for (String xml : List.of(
                "<cib/>",
                "<cib><status/></cib>",
                "<cib><status>  </status></cib>",
                "<cib><configuration/></cib>",
                "not xml <",
                "<cib><configuration><status><node_state id=\"deep\"/></status></configuration></cib>")) {
            CibParts parts = CibParts.split(xml);
            assertEquals(List.of(), parts.nodes(), xml);
            assertEquals(xml, parts.join(), xml);
        }
    }

    @Test
    void aLargeClustersCibSplitsIntoNodesAndJoinsBack() {
        String xml = LargeCib.xml(4, 50, new CibVersion(0, 5, 1));
        CibParts parts = CibParts.split(xml);
        assertEquals(
                List.of("node-1", "node-2", "node-3", "node-4"),
                parts.nodes().stream().map(CibParts.NodePart::node).toList());
        assertEquals(xml, parts.join());
    }
}
