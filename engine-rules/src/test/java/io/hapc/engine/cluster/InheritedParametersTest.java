package io.hapc.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.model.xml.CibXmlReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A primitive inside a group or clone runs with that group's and clone's instance attributes too
 * (its own values win), so the operation digests Pacemaker recorded include them.
 */
class InheritedParametersTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    /** MD5 of ` <parameters fake="foo"/>` + newline, as recorded for a start run with fake=foo. */
    private static final String FAKE_FOO = "e989cbe4a0e9492305ffdc8c6391ffee";

    private static String cib(String cloneParams, String groupParams, String ownParams) {
        return """
                <cib><configuration><crm_config/>
                  <nodes><node id="n1" uname="n1"/></nodes>
                  <resources>
                    <clone id="C">%s
                      <group id="G">%s
                        <primitive id="P" class="ocf" provider="heartbeat" type="Dummy">%s</primitive>
                      </group>
                    </clone>
                  </resources><constraints/></configuration>
                  <status><node_state id="n1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                    <lrm id="n1"><lrm_resources><lrm_resource id="P:0" class="ocf" provider="heartbeat" type="Dummy">
                      <lrm_rsc_op id="P:0_start_0" operation="start" call-id="3" rc-code="0" op-status="0" interval="0"
                          op-digest="%s"/>
                    </lrm_resource></lrm_resources></lrm>
                  </node_state></status></cib>
                """.formatted(cloneParams, groupParams, ownParams, FAKE_FOO);
    }

    private static String params(String id, String value) {
        return "<instance_attributes id=\"" + id + "\"><nvpair id=\"" + id + "-f\" name=\"fake\" value=\"" + value
                + "\"/></instance_attributes>";
    }

    private static List<DefinitionChange> changes(String xml) throws Exception {
        ClusterView view = ClusterUnpacker.unpack(CibXmlReader.read(xml, "test"), NOW);
        return view.primitivesById().get("P:0").definitionChanges();
    }

    @Test
    void theClonesParametersAreTheMembersToo() throws Exception {
        assertEquals(List.of(), changes(cib(params("c", "foo"), "", "")));
        assertEquals(List.of(), changes(cib("", params("g", "foo"), "")));
    }

    @Test
    void theMembersOwnValueWins() throws Exception {
        assertEquals(List.of(), changes(cib(params("c", "bar"), params("g", "bar"), params("p", "foo"))));
        assertEquals(1, changes(cib(params("c", "foo"), params("g", "bar"), "")).size());
    }
}
