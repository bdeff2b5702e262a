package io.hapc.model.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resource templates and tags are resolved when the CIB is read. */
class TemplatesAndTagsTest {

    private static String cib(String resources, String constraints, String tags) {
        return "<cib validate-with=\"pacemaker-3.9\" epoch=\"1\" admin_epoch=\"0\" num_updates=\"0\">\n" // line 1
                + "  <configuration>\n" // line 2
                + "    <crm_config/>\n" // line 3
                + "    <nodes><node id=\"1\" uname=\"node1\"/></nodes>\n" // line 4
                + "    <resources>\n" + resources + "    </resources>\n" // line 5..
                + "    <constraints>\n" + constraints + "    </constraints>\n"
                + "    <tags>\n" + tags + "    </tags>\n"
                + "  </configuration>\n  <status/>\n</cib>\n";
    }

    private static final String TEMPLATE = """
                  <template id="T" class="ocf" provider="pacemaker" type="Dummy">
                    <meta_attributes id="T-meta">
                      <nvpair id="T-meta-tr" name="target-role" value="Stopped"/>
                      <nvpair id="T-meta-rs" name="resource-stickiness" value="7"/>
                    </meta_attributes>
                    <operations>
                      <op id="T-monitor" name="monitor" interval="5s"/>
                      <op id="T-start" name="start" interval="0" timeout="40s"/>
                    </operations>
                  </template>
                  <primitive id="plain" template="T"/>
                  <primitive id="own" template="T">
                    <meta_attributes id="own-meta">
                      <nvpair id="own-meta-tr" name="target-role" value="Started"/>
                    </meta_attributes>
                    <operations>
                      <op id="own-monitor" name="monitor" interval="20s"/>
                    </operations>
                  </primitive>
                  <primitive id="other" class="ocf" provider="heartbeat" type="IPaddr2"/>
            """;

    private static Resource.Primitive primitive(Cib cib, String id) {
        return cib.resources().stream()
                .filter(r -> r.id().equals(id))
                .map(Resource.Primitive.class::cast)
                .findFirst()
                .orElseThrow();
    }

    private static String meta(Resource.Primitive p, String name) {
        // Sets are "first one wins", as the engine reads them.
        return p.metaSets().stream()
                .filter(s -> s.values().containsKey(name))
                .map(s -> s.values().get(name))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aPrimitiveInheritsItsTemplateAndItsOwnValuesWin() throws Exception {
        Cib cib = CibXmlReader.read(cib(TEMPLATE, "", ""), "t.xml");
        assertEquals(
                List.of("plain", "own", "other"),
                cib.resources().stream().map(Resource::id).toList(),
                "the template itself is no resource");
        Resource.Primitive plain = primitive(cib, "plain");
        assertEquals("ocf", plain.standard());
        assertEquals(Optional.of("pacemaker"), plain.provider());
        assertEquals("Dummy", plain.type());
        assertEquals("Stopped", meta(plain, "target-role"));
        assertEquals(
                List.of(5000L, 0L),
                plain.operations().stream().map(Operation::intervalMs).toList());

        Resource.Primitive own = primitive(cib, "own");
        assertEquals("Started", meta(own, "target-role"), "the primitive's own value wins");
        assertEquals("7", meta(own, "resource-stickiness"), "what it does not set comes from the template");
        // Its own monitor replaces the template's (same name and role); the template's start stays.
        assertEquals(
                List.of("monitor/20000", "start/0"),
                own.operations().stream()
                        .map(o -> o.name() + "/" + o.intervalMs())
                        .toList());
    }

    @Test
    void constraintsNamingATemplateOrATagExpandToSets() throws Exception {
        String constraints = """
                  <rsc_colocation id="c" rsc="other" with-rsc="T" rsc-role="Started" score="INFINITY"/>
                  <rsc_order id="o" first="grp" then="other" first-action="start"/>
                  <rsc_location id="l" rsc="grp" node="node1" score="100"/>
                  <rsc_order id="s">
                    <resource_set id="s-0"><resource_ref id="other"/><resource_ref id="T"/></resource_set>
                  </rsc_order>
                  <rsc_colocation id="plainpair" rsc="own" with-rsc="other" score="10"/>
            """;
        String tags = "      <tag id=\"grp\"><obj_ref id=\"own\"/><obj_ref id=\"other\"/></tag>\n";
        Cib cib = CibXmlReader.read(cib(TEMPLATE, constraints, tags), "t.xml");
        List<Constraint> cs = cib.constraints();

        Constraint.Colocation c = (Constraint.Colocation) cs.get(0);
        assertEquals(Optional.empty(), c.rsc());
        assertEquals(Optional.empty(), c.withRsc());
        assertEquals(2, c.sets().size());
        assertEquals(List.of("other"), c.sets().get(0).resources());
        assertEquals(Optional.of(Role.STARTED), c.sets().get(0).role(), "rsc-role moves onto the dependent's set");
        assertEquals(List.of("plain", "own"), c.sets().get(1).resources());
        assertEquals(Optional.of(false), c.sets().get(1).sequential(), "a template's primitives are independent");

        Constraint.Order o = (Constraint.Order) cs.get(1);
        assertEquals(List.of("own", "other"), o.sets().get(0).resources());
        assertEquals(Optional.of("start"), o.sets().get(0).action(), "first-action moves onto the first set");
        assertEquals(List.of("other"), o.sets().get(1).resources());
        assertEquals(Optional.empty(), o.first());

        Constraint.Location l = (Constraint.Location) cs.get(2);
        assertEquals(Optional.empty(), l.rsc());
        assertEquals(List.of("own", "other"), l.resourceSets());

        Constraint.Order s = (Constraint.Order) cs.get(3);
        assertEquals(List.of("other", "plain", "own"), s.sets().get(0).resources(), "expanded in place within the set");

        Constraint.Colocation plainPair = (Constraint.Colocation) cs.get(4);
        assertEquals(Optional.of("own"), plainPair.rsc(), "constraints without templates or tags stay as written");
        assertTrue(plainPair.sets().isEmpty());
    }

    private static String error(String xml) {
        return assertThrows(CibFormatException.class, () -> CibXmlReader.read(xml, "t.xml"))
                .getMessage();
    }

    @Test
    void aTagListingAMissingResourceIsRefusedWithItsLine() {
        String tags =
                "      <tag id=\"grp\">\n        <obj_ref id=\"own\"/>\n        <obj_ref id=\"ghost\"/>\n      </tag>\n";
        String xml = cib(TEMPLATE, "", tags);
        int line = lineOf(xml, "<obj_ref id=\"ghost\"/>");
        String message = error(xml);
        assertTrue(
                message.startsWith("t.xml: line " + line + ": <obj_ref id=\"ghost\">: attribute 'id' value 'ghost'"
                        + " names no resource"),
                message);
    }

    @Test
    void aPrimitiveNamingAMissingTemplateIsRefusedWithItsLine() {
        String resources = "      <primitive id=\"p\" template=\"nope\"/>\n";
        String xml = cib(resources, "", "");
        String message = error(xml);
        assertTrue(
                message.startsWith("t.xml: line " + lineOf(xml, "template=\"nope\"") + ": <primitive id=\"p\">:"
                        + " attribute 'template' value 'nope' names no <template>"),
                message);
    }

    private static int lineOf(String xml, String needle) {
        return xml.substring(0, xml.indexOf(needle)).split("\n", -1).length;
    }

    @Test
    void writerWritesTheResolvedForm() throws Exception {
        Cib cib = CibXmlReader.read(cib(TEMPLATE, "", ""), "t.xml");
        String written = CibXmlWriter.write(cib);
        Cib again = CibXmlReader.read(written, "again.xml");
        assertEquals(primitive(cib, "own"), primitive(again, "own"));
        assertTrue(!written.contains("<template"), written);
    }
}
