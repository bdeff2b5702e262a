package io.hapc.model.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CibXmlWriterTest {

    static Stream<Path> corpus() {
        return SharedCorpus.xmlFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everySharedCaseRoundTrips(Path file) throws Exception {
        Cib cib = CibXmlReader.read(file);
        String xml = CibXmlWriter.write(cib);
        assertEquals(cib, CibXmlReader.read(xml, "written " + file.getFileName()));
        // Stable output: writing what was read back gives the same text.
        assertEquals(xml, CibXmlWriter.write(CibXmlReader.read(xml, "written")));
    }

    /** Features the shared cases do not use: every optional component set at least once. */
    private static final String KITCHEN_SINK = """
            <cib validate-with="pacemaker-3.7" epoch="12" admin_epoch="2" num_updates="5" have-quorum="0" dc-uuid="n1" execution-date="2024-01-01 10:00:00Z">
              <configuration>
                <crm_config>
                  <cluster_property_set id="cib-bootstrap-options">
                    <nvpair id="o1" name="stonith-enabled" value="false"/>
                    <nvpair id="o2" name="description" value="quotes &quot; &amp; &lt;angles&gt;&#10;and a newline"/>
                  </cluster_property_set>
                  <cluster_property_set id="night" score="-5">
                    <rule id="r-night" boolean-op="or"><rule id="r-a" score="1"><date_expression id="de1" operation="in_range" start="2024-01-01"><duration id="du" months="1"/></date_expression></rule>
                      <rule id="r-b"><date_expression id="de2" operation="gt" start="2024-02-01"/></rule></rule>
                    <rule id="r-second"><date_expression id="de3" operation="lt" end="2030-01-01"/></rule>
                    <nvpair id="o3" name="maintenance-mode" value="true"/>
                  </cluster_property_set>
                </crm_config>
                <nodes>
                  <node id="n1" uname="node1">
                    <instance_attributes id="n1-attrs"><nvpair id="n1-site" name="site" value="a"/></instance_attributes>
                    <utilization id="n1-util"><nvpair id="n1-cpu" name="cpu" value="4"/></utilization>
                  </node>
                  <node id="n2" uname="node2" type="remote"/>
                </nodes>
                <resources>
                  <master id="ms">
                    <meta_attributes id="ms-meta"><nvpair id="ms-pm" name="promoted-max" value="1"/></meta_attributes>
                    <instance_attributes id="ms-i"><nvpair id="ms-i-a" name="shared" value="1"/></instance_attributes>
                    <group id="g">
                      <instance_attributes id="g-i"><nvpair id="g-i-a" name="shared" value="2"/></instance_attributes>
                      <primitive id="s" class="ocf" provider="pacemaker" type="Stateful">
                        <utilization id="s-util"><nvpair id="s-cpu" name="cpu" value="1"/></utilization>
                        <operations>
                          <op id="s-mon" name="monitor" interval="1500ms" timeout="PT1M" role="Master" on-fail="demote" interval-origin="00:00">
                            <instance_attributes id="s-mon-i"><nvpair id="s-mon-d" name="OCF_CHECK_LEVEL" value="10"/></instance_attributes>
                          </op>
                          <op id="s-rel" name="reload" interval="0" enabled="false"/>
                        </operations>
                      </primitive>
                    </group>
                  </master>
                  <primitive id="f" class="stonith" type="fence_dummy"/>
                </resources>
                <constraints>
                  <rsc_location id="l-pat" rsc-pattern="^s" role="Promoted" resource-discovery="exclusive">
                    <rule id="l-r" score-attribute="prio" role="Slave"><expression id="l-e" attribute="site" operation="eq" value="site" value-source="param" type="string"/>
                    <expression id="l-e2" attribute="#uname" operation="defined"/></rule>
                  </rsc_location>
                  <rsc_location id="l-set" node="node2" score="-INFINITY"><resource_set id="ls"><resource_ref id="f"/><resource_ref id="ms"/></resource_set></rsc_location>
                  <rsc_colocation id="c-set" score="50" node-attribute="site">
                    <resource_set id="cs1" role="Promoted" sequential="true" score="10"><resource_ref id="ms"/></resource_set>
                    <resource_set id="cs2" require-all="false"><resource_ref id="f"/></resource_set>
                  </rsc_colocation>
                  <rsc_colocation id="c1" rsc="f" with-rsc="ms" rsc-role="Started" with-rsc-role="Unpromoted" score="+INFINITY"/>
                  <rsc_order id="o-set" kind="Serialize" symmetrical="false">
                    <resource_set id="os1" action="promote" kind="Optional"><resource_ref id="ms"/></resource_set>
                    <resource_set id="os2"><resource_ref id="f"/></resource_set>
                  </rsc_order>
                  <rsc_order id="o1" first="f" then="ms" then-action="promote" score="100"/>
                  <rsc_ticket id="t1" rsc="ms" rsc-role="Promoted" ticket="ticketA" loss-policy="demote"/>
                  <rsc_ticket id="t2" ticket="ticketB"><resource_set id="ts1" role="Started"><resource_ref id="f"/></resource_set></rsc_ticket>
                </constraints>
                <rsc_defaults>
                  <meta_attributes id="rd"><nvpair id="rd1" name="resource-stickiness" value="1"/></meta_attributes>
                </rsc_defaults>
                <op_defaults>
                  <meta_attributes id="od"><rule id="od-r"><op_expression id="od-e" name="monitor" interval="10s"/></rule><nvpair id="od1" name="timeout" value="30s"/></meta_attributes>
                  <meta_attributes id="od2"><rule id="od2-r"><op_expression id="od2-e" name="start"/></rule></meta_attributes>
                </op_defaults>
              </configuration>
              <status>
                <node_state id="n1" uname="node1" in_ccm="true" crmd="online" join="member" expected="member" shutdown="0">
                  <transient_attributes id="n1"><instance_attributes id="status-n1"><nvpair id="t1" name="fail-count-s#monitor_1500" value="2"/></instance_attributes></transient_attributes>
                  <lrm id="n1"><lrm_resources>
                    <lrm_resource id="s:0" class="ocf" provider="pacemaker" type="Stateful">
                      <lrm_rsc_op id="s_last_0" operation="start" interval="0" call-id="-1" rc-code="1" op-status="4" transition-key="1:2:0:abc" op-digest="d1" last-rc-change="1700000000" exit-reason="" on_node="node1"/>
                      <lrm_rsc_op id="s_monitor_1500" operation="monitor" interval="1500" call-id="7" rc-code="8" op-status="0" on_node="node1"/>
                    </lrm_resource>
                    <lrm_resource id="f" class="stonith" type="fence_dummy"/>
                  </lrm_resources></lrm>
                </node_state>
                <node_state id="n2" uname="node2" in_ccm="false" node_fenced="1"/>
                <tickets>
                  <ticket_state id="ticketA" granted="true" last-granted="1700000000" booth-cfg-name="booth"/>
                  <ticket_state id="ticketB" granted="false" standby="true"/>
                </tickets>
              </status>
            </cib>
            """;

    @Test
    void everyModelComponentRoundTrips() throws Exception {
        Cib cib = CibXmlReader.read(KITCHEN_SINK, "kitchen-sink");
        assertEquals(cib, CibXmlReader.read(CibXmlWriter.write(cib), "written"));
        // The round trip is not vacuous: the optional parts really were read.
        assertEquals(Optional.of("2024-01-01 10:00:00Z"), cib.executionDate());
        assertEquals(
                "quotes \" & <angles>\nand a newline",
                cib.propertySets().get(0).values().get("description"));
        assertEquals(Optional.of("1"), cib.status().forNode("n2").orElseThrow().nodeFenced());
        assertEquals(
                2,
                cib.propertySets().get(1).rule().orElseThrow().expressions().size(),
                "two set rules become one or-rule");
        assertEquals(8, cib.constraints().size());
        assertEquals(2, cib.status().tickets().size());
        assertEquals(
                Map.of("booth-cfg-name", "booth"), cib.status().tickets().get(0).otherAttributes());
        // A clone's and a group's own parameters (their primitives inherit them).
        var ms = (io.hapc.model.cib.Resource.Clone) cib.resources().get(0);
        assertEquals("1", ms.instanceSets().get(0).values().get("shared"));
        assertEquals(
                "2",
                ((io.hapc.model.cib.Resource.Group) ms.child())
                        .instanceSets()
                        .get(0)
                        .values()
                        .get("shared"));
    }

    @Test
    void quorumLostAfterHavingItIsKeptAndTravelsWithTheCib() throws Exception {
        Cib quorate = CibXmlReader.read(KITCHEN_SINK, "kitchen-sink").withQuorum(true);
        Cib lost = quorate.withQuorum(false);
        assertTrue(lost.noQuorumPanic(), "quorum lost after having it: Pacemaker's no-quorum-panic");
        assertTrue(lost.withQuorum(false).noQuorumPanic(), "and it stays lost while quorum does not come back");
        assertEquals(false, lost.withQuorum(true).noQuorumPanic(), "quorum back: no panic");
        Cib read = CibXmlReader.read(CibXmlWriter.write(lost), "written");
        assertTrue(read.noQuorumPanic(), CibXmlWriter.write(lost));
        Cib neverQuorate = CibXmlReader.read(CibXmlWriter.write(lost).replace(" no-quorum-panic=\"1\"", ""), "never");
        assertEquals(false, neverQuorate.noQuorumPanic());
        assertEquals(false, neverQuorate.withQuorum(false).noQuorumPanic(), "never quorate stays so");
    }

    @Test
    void writesPacemakerSchemaWhenNoneWasGiven() throws Exception {
        Cib cib = new Cib(
                new CibVersion(0, 1, 0),
                Optional.empty(),
                true,
                Optional.empty(),
                Optional.empty(),
                List.of(NvSet.of("opts", Map.of("no-quorum-policy", "stop"))),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                new Status(List.of(new Status.NodeRecord(
                        "1",
                        Optional.of("node1"),
                        Optional.of("true"),
                        Optional.of("online"),
                        Optional.of("member"),
                        Optional.of("member"),
                        Optional.empty(),
                        Map.of(),
                        List.of()))));
        String xml = CibXmlWriter.write(cib);
        assertTrue(
                xml.startsWith(
                        "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" have-quorum=\"1\">"),
                xml);
        Cib back = CibXmlReader.read(xml, "written");
        assertEquals(Optional.of("pacemaker-3.9"), back.validateWith());
        assertEquals(cib.status(), back.status());
        assertEquals(cib.propertySets(), back.propertySets());
        assertNotEquals(cib, back, "only validate-with differs");
    }

    /** Found by the admin edit-sequence property test: a BEL in a value made a CIB that could not be read back. */
    @Test
    void aCharacterXmlCannotCarryIsFoundAndNeverWrittenUnreadable() throws Exception {
        Cib cib = CibXmlReader.read(KITCHEN_SINK, "kitchen-sink");
        assertEquals(Optional.empty(), CibXmlWriter.unwritable(cib));
        NvSet first = cib.propertySets().get(0);
        Map<String, String> values = new java.util.LinkedHashMap<>(first.values());
        values.put("note", "\u001b[31mred\u0007");
        List<NvSet> sets = new java.util.ArrayList<>(cib.propertySets());
        sets.set(0, new NvSet(first.id(), values, first.rule(), first.score()));
        Cib bad = cib.withPropertySets(sets);
        String where = CibXmlWriter.unwritable(bad).orElseThrow();
        assertTrue(
                where.startsWith("U+001B at line ") && where.contains("name=\"note\" value=\"\\x1B[31mred\\x07\""),
                where);
        Cib back = CibXmlReader.read(CibXmlWriter.write(bad), "written");
        assertEquals(Optional.of("\uFFFD[31mred\uFFFD"), back.property("note"));
    }
}
