package io.hapc.model.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.Score;
import io.hapc.model.cib.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CibXmlReaderTest {

    static Stream<Path> corpus() {
        return SharedCorpus.xmlFiles().stream();
    }

    @Test
    void corpusHasAllSharedCases() {
        assertEquals(83, SharedCorpus.xmlFiles().size(), "shared cases under " + SharedCorpus.dir());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void readsEverySharedCase(Path file) throws Exception {
        Cib cib = CibXmlReader.read(file);
        assertFalse(cib.nodes().isEmpty(), "nodes");
        assertTrue(cib.validateWith().isPresent(), "validate-with");
        // Every primitive named in the document is in the model.
        long primitives = Files.readString(file).split("<primitive ", -1).length - 1L;
        assertEquals(primitives, allPrimitives(cib.resources()).count(), "primitives");
    }

    static Stream<Resource.Primitive> allPrimitives(List<Resource> resources) {
        return resources.stream().flatMap(r -> {
            if (r instanceof Resource.Primitive p) return Stream.of(p);
            if (r instanceof Resource.Group g) return g.members().stream();
            return allPrimitives(List.of(((Resource.Clone) r).child()));
        });
    }

    // ---- targeted cases from the corpus ------------------------------------------------------------

    @Test
    void promotableCloneKeepsItsMetaAndChild() throws Exception {
        Cib cib = CibXmlReader.read(SharedCorpus.file("09-promotable", "promoted-1"));
        Resource.Clone clone = (Resource.Clone) cib.resources().stream()
                .filter(r -> r.id().equals("rsc1"))
                .findFirst()
                .orElseThrow();
        assertFalse(clone.promotableElement(), "a <clone>, not a <master>");
        assertEquals("child_rsc1", clone.child().id());
        Map<String, String> meta = clone.metaSets().get(0).values();
        assertEquals("true", meta.get("promotable"));
        assertEquals("5", meta.get("clone-max"));
        assertEquals("2", meta.get("clone-node-max"));
    }

    @Test
    void dateSpecRuleOnAPropertySet() throws Exception {
        Cib cib = CibXmlReader.read(SharedCorpus.file("02-location", "date-3"));
        NvSet overrides = cib.propertySets().get(0);
        assertEquals("overrides", overrides.id());
        assertEquals(2, overrides.score());
        Rule rule = overrides.rule().orElseThrow();
        assertEquals(Optional.of(0), rule.score());
        RuleExpression.DateExpression date =
                (RuleExpression.DateExpression) rule.expressions().get(0);
        assertEquals("date_spec", date.operation());
        assertEquals(
                new RuleExpression.DateSpec("test_failback_spec", Map.of("hours", "12")),
                date.spec().orElseThrow());
        assertEquals("false", cib.propertySets().get(1).values().get("fencing-enabled"));
    }

    @Test
    void orderedResourceSets() throws Exception {
        Cib cib = CibXmlReader.read(SharedCorpus.file("06-ordering", "ordered-set-basic-startup"));
        Constraint.Order order = (Constraint.Order) cib.constraints().get(0);
        assertEquals("order-1", order.id());
        assertTrue(order.first().isEmpty());
        assertEquals(4, order.sets().size());
        Constraint.ResourceSet first = order.sets().get(0);
        assertEquals("require-all-set-1", first.id());
        assertEquals(List.of("B", "C"), first.resources());
        assertEquals(Optional.of(false), first.sequential());
        assertEquals(Optional.empty(), order.sets().get(1).sequential());
    }

    @Test
    void rscDefaultsWithResourceExpression() throws Exception {
        Cib cib = CibXmlReader.read(SharedCorpus.file("14-maintenance-unmanaged", "rsc-defaults-2"));
        NvSet set = cib.rscDefaults().get(0);
        assertEquals(Map.of("is-managed", "false"), set.values());
        Rule rule = set.rule().orElseThrow();
        assertEquals(Optional.of(Score.INFINITY), rule.score());
        assertEquals(
                new RuleExpression.ResourceExpression(
                        "op-unmanaged-expr", Optional.of("ocf"), Optional.of("pacemaker"), Optional.empty()),
                rule.expressions().get(0));
    }

    @Test
    void statusHistoryAndRemoteNodeFencing() throws Exception {
        Cib cib = CibXmlReader.read(SharedCorpus.file("11-quorum", "no_quorum_demote"));
        Status.NodeRecord remote = cib.status().forNode("stateful-bundle-0").orElseThrow();
        assertEquals(Optional.of("0"), remote.nodeFenced());
        assertTrue(
                cib.status().nodeStates().stream()
                        .anyMatch(s -> s.resources().stream()
                                .anyMatch(h ->
                                        h.operations().stream().anyMatch(o -> o.intervalMs() > 0 && o.callId() > 0))),
                "recurring monitors with call ids");
    }

    // ---- synthetic documents ----------------------------------------------------------------------

    private static final String HEAD =
            "<cib validate-with=\"pacemaker-3.9\" epoch=\"3\" admin_epoch=\"1\" num_updates=\"7\" have-quorum=\"true\">\n"
                    + "  <configuration>\n"
                    + "    <crm_config/>\n"
                    + "    <nodes><node id=\"1\" uname=\"node1\"/></nodes>\n";

    private static String cib(String resources, String constraints) {
        return HEAD + "    <resources>\n" + resources + "    </resources>\n"
                + "    <constraints>\n" + constraints + "    </constraints>\n"
                + "  </configuration>\n  <status/>\n</cib>\n";
    }

    private static final String DUMMY =
            "      <primitive id=\"d\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>\n";

    @Test
    void versionQuorumAndDurations() throws Exception {
        Cib cib = CibXmlReader.read(cib("""
                      <primitive id="d" class="ocf" provider="pacemaker" type="Dummy">
                        <operations>
                          <op id="d-mon" name="monitor" interval="1m" timeout="PT20S" on-fail="block" role="Slave" start-delay="5s">
                            <meta_attributes id="d-mon-meta"><nvpair id="d-mon-rp" name="record-pending" value="true"/></meta_attributes>
                          </op>
                          <op id="d-start" name="start" interval="0" timeout="500ms"/>
                          <op id="d-stop" name="stop" interval="10" timeout="2min" enabled="false"/>
                        </operations>
                      </primitive>
                """, ""), "inline");
        assertEquals("1.3.7", cib.version().toString());
        assertTrue(cib.haveQuorum());
        List<Operation> ops = ((Resource.Primitive) cib.resources().get(0)).operations();
        assertEquals(60_000, ops.get(0).intervalMs());
        assertEquals(Optional.of(20_000L), ops.get(0).timeoutMs());
        assertEquals(Optional.of("block"), ops.get(0).onFail());
        assertEquals(Optional.of(Role.UNPROMOTED), ops.get(0).role());
        assertEquals(
                Map.of("start-delay", "5s", "record-pending", "true"),
                ops.get(0).attributes());
        assertEquals(Optional.of(500L), ops.get(1).timeoutMs());
        assertEquals(10_000, ops.get(2).intervalMs());
        assertEquals(Optional.of(120_000L), ops.get(2).timeoutMs());
        assertFalse(ops.get(2).enabled());
    }

    @Test
    void resolvesIdRefsToCopiesOfTheReferencedContent() throws Exception {
        Cib cib = CibXmlReader.read(cib("""
                      <primitive id="a" class="ocf" provider="pacemaker" type="Dummy">
                        <meta_attributes id="shared-meta"><nvpair id="shared-stick" name="resource-stickiness" value="100"/></meta_attributes>
                      </primitive>
                      <primitive id="b" class="ocf" provider="pacemaker" type="Dummy">
                        <meta_attributes id-ref="shared-meta"/>
                        <instance_attributes id="b-inst"><nvpair id-ref="shared-stick"/></instance_attributes>
                      </primitive>
                """, """
                      <rsc_location id="l1" rsc="a"><rule id="r1" score="10"><expression id="e1" attribute="#uname" operation="eq" value="node1"/></rule></rsc_location>
                      <rsc_location id="l2" rsc="b"><rule id-ref="r1"/></rsc_location>
                """), "inline");
        Resource.Primitive b = (Resource.Primitive) cib.resources().get(1);
        assertEquals(
                new NvSet("shared-meta", Map.of("resource-stickiness", "100"), Optional.empty(), 0),
                b.metaSets().get(0));
        assertEquals(
                Map.of("resource-stickiness", "100"), b.instanceSets().get(0).values());
        Constraint.Location l1 = (Constraint.Location) cib.constraints().get(0);
        Constraint.Location l2 = (Constraint.Location) cib.constraints().get(1);
        assertEquals(l1.rules(), l2.rules());
        assertEquals("r1", l2.rules().get(0).id());
    }

    @Test
    void colocationWithRolesAndLegacyMaster() throws Exception {
        Cib cib = CibXmlReader.read(cib("""
                      <master id="ms"><primitive id="s" class="ocf" provider="pacemaker" type="Stateful"/></master>
                """ + DUMMY, """
                      <rsc_colocation id="c1" rsc="d" with-rsc="ms" with-rsc-role="Master" score="-INFINITY" node-attribute="site"/>
                      <rsc_order id="o1" first="ms" first-action="promote" then="d" then-action="start" score="0"/>
                """), "inline");
        assertTrue(((Resource.Clone) cib.resources().get(0)).promotableElement());
        Constraint.Colocation c = (Constraint.Colocation) cib.constraints().get(0);
        assertEquals(Score.MINUS_INFINITY, c.score());
        assertEquals(Optional.of(Role.PROMOTED), c.withRscRole());
        assertEquals(Optional.of("site"), c.nodeAttribute());
        Constraint.Order o = (Constraint.Order) cib.constraints().get(1);
        assertEquals(Optional.of(0), o.score());
        assertEquals(Optional.empty(), o.kind());
    }

    @Test
    void unknownOrderKindIsRefusedUnderASchemaAndMandatoryWithout() throws Exception {
        String xml = cib(DUMMY + DUMMY.replace("\"d\"", "\"e\""), """
                      <rsc_order id="o1" first="d" then="e" kind="foo"/>
                """);
        String message = error(xml);
        assertTrue(message.contains("attribute 'kind' value 'foo' is not Mandatory, Optional or Serialize"), message);
        Cib unvalidated =
                CibXmlReader.read(xml.replace("validate-with=\"pacemaker-3.9\"", "validate-with=\"none\""), "inline");
        assertEquals(
                Optional.of("Mandatory"),
                ((Constraint.Order) unvalidated.constraints().get(0)).kind());
    }

    // ---- errors -----------------------------------------------------------------------------------

    private static String error(String xml) {
        return assertThrows(CibFormatException.class, () -> CibXmlReader.read(xml, "test.xml"))
                .getMessage();
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        String message = error("<cib>\n  <configuration>\n    <nodes>\n  </configuration>\n</cib>\n");
        assertTrue(message.startsWith("test.xml: line 4: malformed XML, column "), message);
        assertTrue(message.contains("nodes"), message);
    }

    @Test
    void badScoreNamesLineElementAttributeAndFix() {
        String message =
                error(cib(DUMMY, "      <rsc_location id=\"loc1\" rsc=\"d\" node=\"node1\" score=\"abc\"/>\n"));
        assertEquals(
                "test.xml: line 9: <rsc_location id=\"loc1\">: attribute 'score' value 'abc' is not a score"
                        + " (expected an integer, INFINITY or -INFINITY)",
                message);
    }

    @Test
    void unknownElementInsideResources() {
        String message = error(cib("      <widget id=\"b1\"/>\n", ""));
        assertTrue(
                message.startsWith("test.xml: line 6: <widget id=\"b1\">: unsupported element <widget> in <resources>"),
                message);
    }

    @Test
    void bundleWithoutContainerElementNamesWhatIsMissing() {
        String message = error(cib("      <bundle id=\"b1\"/>\n", ""));
        assertEquals(
                "test.xml: line 6: <bundle id=\"b1\">: a bundle needs exactly one container element"
                        + " (<docker>, <podman> or <rkt>), found 0",
                message);
    }

    @Test
    void bundleIsReadWithItsReplicasNetworkAndPrimitiveAndWrittenBack() throws Exception {
        String bundle = """
                      <bundle id="web">
                        <meta_attributes id="web-meta"><nvpair id="web-tr" name="target-role" value="Started"/></meta_attributes>
                        <podman image="localhost/httpd" replicas="3" replicas-per-host="2" promoted-max="1"/>
                        <network ip-range-start="192.168.122.131" control-port="3121">
                          <port-mapping id="web-port" port="80"/>
                        </network>
                        <storage><storage-mapping id="web-root" source-dir="/srv" target-dir="/var/www" options="rw"/></storage>
                        <primitive id="httpd" class="ocf" provider="heartbeat" type="apache"/>
                      </bundle>
                """;
        Cib cib = CibXmlReader.read(cib(bundle, ""), "test.xml");
        Resource.Bundle b = (Resource.Bundle) cib.resources().get(0);
        assertEquals("podman", b.container().runtime());
        assertEquals(3, b.container().replicas());
        assertEquals(2, b.container().replicasPerHost());
        assertEquals(1, b.container().promotedMax());
        assertEquals(
                java.util.Optional.of("192.168.122.131"), b.network().flatMap(Resource.Bundle.Network::ipRangeStart));
        assertEquals("80", b.network().get().portMappings().get(0).attributes().get("port"));
        assertEquals("/srv", b.storage().get(0).attributes().get("source-dir"));
        assertEquals("httpd", b.primitive().get().id());
        Cib again = CibXmlReader.read(CibXmlWriter.write(cib), "again.xml");
        assertEquals(cib.resources(), again.resources());
    }

    @Test
    void primitiveWithoutType() {
        String message = error(cib("      <primitive id=\"p\" class=\"ocf\" provider=\"heartbeat\"/>\n", ""));
        assertEquals("test.xml: line 6: <primitive id=\"p\">: missing required attribute 'type'", message);
    }

    @Test
    void danglingIdRef() {
        String message = error(cib("""
                      <primitive id="p" class="ocf" provider="heartbeat" type="Dummy">
                        <meta_attributes id-ref="nowhere"/>
                      </primitive>
                """, ""));
        assertTrue(
                message.startsWith(
                        "test.xml: line 7: <meta_attributes>: attribute 'id-ref' value 'nowhere' refers to no element"),
                message);
    }

    @Test
    void idRefToAnElementOfAnotherKind() {
        String message =
                error(cib(DUMMY, "      <rsc_location id=\"l\" rsc=\"d\"><rule id-ref=\"d\"/></rsc_location>\n"));
        assertTrue(
                message.contains("line 9: ")
                        && message.contains("refers to a <primitive> at line 6, expected a <rule>"),
                message);
    }

    // ---- tickets ----------------------------------------------------------------------------------

    @Test
    void ticketConstraintsAndTicketStates() throws Exception {
        String xml = cib(DUMMY + """
                      <master id="ms"><primitive id="s" class="ocf" provider="pacemaker" type="Stateful"/></master>
                """, """
                      <rsc_ticket id="t1" rsc="d" ticket="ticketA"/>
                      <rsc_ticket id="t2" rsc="ms" rsc-role="Master" ticket="ticketB" loss-policy="Demote"/>
                      <rsc_ticket id="t3" ticket="ticketA" loss-policy="fence">
                        <resource_set id="t3-0" role="Started"><resource_ref id="d"/></resource_set>
                        <resource_set id="t3-1" role="Promoted"><resource_ref id="ms"/></resource_set>
                      </rsc_ticket>
                """).replace("<status/>", """
                <status>
                    <tickets>
                      <ticket_state id="ticketA" granted="true" last-granted="1700000000" owner="site-a"/>
                      <ticket_state id="ticketB" granted="false" standby="true"/>
                      <ticket_state id="ticketC"/>
                    </tickets>
                  </status>""");
        Cib cib = CibXmlReader.read(xml, "inline");
        Constraint.Ticket t1 = (Constraint.Ticket) cib.constraints().get(0);
        assertEquals(
                new Constraint.Ticket("t1", Optional.of("d"), Optional.empty(), "ticketA", Optional.empty(), List.of()),
                t1);
        Constraint.Ticket t2 = (Constraint.Ticket) cib.constraints().get(1);
        assertEquals(Optional.of(Role.PROMOTED), t2.rscRole(), "legacy Master is the promoted role");
        assertEquals(Optional.of(Constraint.LossPolicy.DEMOTE), t2.lossPolicy(), "loss-policy is case-insensitive");
        Constraint.Ticket t3 = (Constraint.Ticket) cib.constraints().get(2);
        assertEquals(Optional.of(Constraint.LossPolicy.FENCE), t3.lossPolicy());
        assertEquals(List.of("d"), t3.sets().get(0).resources());
        assertEquals(Optional.of(Role.PROMOTED), t3.sets().get(1).role());

        Status.TicketState a = cib.status().ticket("ticketA").orElseThrow();
        assertTrue(a.granted());
        assertFalse(a.standby());
        assertEquals(Optional.of(1700000000L), a.lastGranted());
        assertEquals(Map.of("owner", "site-a"), a.otherAttributes(), "what a ticket registry adds is kept");
        Status.TicketState b = cib.status().ticket("ticketB").orElseThrow();
        assertFalse(b.granted());
        assertTrue(b.standby());
        Status.TicketState c = cib.status().ticket("ticketC").orElseThrow();
        assertFalse(c.granted(), "a ticket never granted is not granted");
        assertEquals(Optional.empty(), c.lastGranted());
        assertEquals(List.of(), cib.status().nodeStates());
    }

    @Test
    void badLossPolicyNamesLineAttributeAndChoices() {
        String message =
                error(cib(DUMMY, "      <rsc_ticket id=\"t\" rsc=\"d\" ticket=\"T\" loss-policy=\"restart\"/>\n"));
        assertEquals(
                "test.xml: line 9: <rsc_ticket id=\"t\">: attribute 'loss-policy' value 'restart' is not stop,"
                        + " demote, fence or freeze (leave it out for stop)",
                message);
    }

    @Test
    void ticketConstraintNeedsATicketAndResources() {
        assertEquals(
                "test.xml: line 9: <rsc_ticket id=\"t\">: missing required attribute 'ticket'",
                error(cib(DUMMY, "      <rsc_ticket id=\"t\" rsc=\"d\"/>\n")));
        assertEquals(
                "test.xml: line 9: <rsc_ticket id=\"t\">: needs 'rsc' or a resource_set naming the resources"
                        + " that depend on ticket 'T'",
                error(cib(DUMMY, "      <rsc_ticket id=\"t\" ticket=\"T\"/>\n")));
    }

    @Test
    void badTicketStateNamesLineAndAttribute() {
        String bad = cib(DUMMY, "")
                .replace(
                        "<status/>",
                        "<status>\n    <tickets>\n      <ticket_state id=\"T\" granted=\"true\" last-granted=\"yesterday\"/>\n"
                                + "    </tickets>\n  </status>");
        assertEquals(
                "test.xml: line 13: <ticket_state id=\"T\">: attribute 'last-granted' value 'yesterday' is not a number",
                error(bad));
        String twice = cib(DUMMY, "")
                .replace(
                        "<status/>",
                        "<status>\n    <tickets>\n      <ticket_state id=\"T\"/>\n      <ticket_state id=\"T\" granted=\"true\"/>\n"
                                + "    </tickets>\n  </status>");
        assertTrue(
                error(twice)
                        .startsWith(
                                "test.xml: line 14: <ticket_state id=\"T\">: a second <ticket_state> for ticket 'T'"),
                error(twice));
    }
}
