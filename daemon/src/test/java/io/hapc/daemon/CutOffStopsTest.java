package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.xml.CibXmlReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order in which a node cut off from the cluster stops its resources, from the engine's ordering. */
class CutOffStopsTest {
    private static String running(String rsc) {
        return "<lrm_resource id=\"" + rsc + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">"
                + "<lrm_rsc_op id=\"" + rsc
                + "_last_0\" operation=\"start\" interval=\"0\" call-id=\"3\" rc-code=\"0\" op-status=\"0\""
                + " transition-key=\"1:1:0:hapc\" on_node=\"n1\"/></lrm_resource>";
    }

    private static final String CIB =
            """
            <cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="5" num_updates="0" have-quorum="1">
              <configuration>
                <crm_config><cluster_property_set id="opts">
                  <nvpair id="o1" name="stonith-enabled" value="false"/>
                </cluster_property_set></crm_config>
                <nodes><node id="n1" uname="n1"/><node id="n2" uname="n2"/></nodes>
                <resources>
                  <primitive id="Database" class="ocf" provider="heartbeat" type="Dummy"/>
                  <group id="WebSite">
                    <primitive id="WebIP" class="ocf" provider="heartbeat" type="Dummy"/>
                    <primitive id="WebServer" class="ocf" provider="heartbeat" type="Dummy"/>
                  </group>
                  <primitive id="Other" class="ocf" provider="heartbeat" type="Dummy"/>
                </resources>
                <constraints>
                  <rsc_colocation id="web-with-db" rsc="WebSite" with-rsc="Database" score="INFINITY"/>
                  <rsc_order id="db-then-web" first="Database" then="WebSite"/>
                  <rsc_location id="db-on-n1" rsc="Database" node="n1" score="100"/>
                </constraints>
              </configuration>
              <status>
                <node_state id="n1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <lrm><lrm_resources>%s</lrm_resources></lrm>
                </node_state>
                <node_state id="n2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
              </status>
            </cib>
            """.formatted(running("Database") + running("WebIP") + running("WebServer") + running("Other"));

    @Test
    void aCutOffNodeStopsInTheReverseOfTheOrderItsGroupsAndOrderConstraintsGive() throws Exception {
        Cib cib = CibXmlReader.read(CIB, "test");
        List<ResourceHistory> local = cib.status().nodeStates().stream()
                .filter(s -> s.id().equals("n1"))
                .findFirst()
                .map(NodeRecord::resources)
                .orElseThrow();
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        PolicyEngine engine = new PolicyEngine(PolicyRules.builtIn(), clock);
        List<List<String>> waves = CutOffStops.plan(
                        cib, "n1", local, List.of("Database", "Other", "WebIP", "WebServer"), engine::decide)
                .waves();
        assertEquals(
                List.of(List.of("Other", "WebServer"), List.of("WebIP"), List.of("Database")),
                waves,
                "the group's last member first, the database the web site needs last; an unordered resource at once");
    }

    @Test
    void whatTheEngineDoesNotKnowStopsLastAndAFailingEngineStopsEverythingAtOnce() throws Exception {
        Cib cib = CibXmlReader.read(CIB, "test");
        List<ResourceHistory> local = cib.status().nodeStates().get(0).resources();
        PolicyEngine engine = new PolicyEngine(PolicyRules.builtIn(), Clock.systemUTC());
        List<List<String>> waves = CutOffStops.plan(
                        cib, "n1", local, List.of("Database", "Ghost", "WebIP", "WebServer"), engine::decide)
                .waves();
        assertEquals(List.of("Ghost"), waves.get(waves.size() - 1));
        assertEquals(
                List.of(List.of("Database", "WebIP")),
                CutOffStops.plan(cib, "n1", local, List.of("Database", "WebIP"), c -> {
                            throw new IllegalStateException("engine down");
                        })
                        .waves());
    }

    private static final String PROMOTABLE = """
            <cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="5" num_updates="0" have-quorum="1">
              <configuration>
                <crm_config><cluster_property_set id="opts">
                  <nvpair id="o1" name="stonith-enabled" value="%s"/>
                  <nvpair id="o2" name="no-quorum-policy" value="%s"/>
                </cluster_property_set></crm_config>
                <nodes><node id="n1" uname="n1"/><node id="n2" uname="n2"/></nodes>
                <resources>
                  <primitive id="fence" class="stonith" type="fence_dummy"/>
                  <clone id="db-clone">
                    <meta_attributes id="db-meta"><nvpair id="db-p" name="promotable" value="true"/></meta_attributes>
                    <primitive id="db" class="ocf" provider="pacemaker" type="Stateful"/>
                  </clone>
                  <primitive id="Web" class="ocf" provider="heartbeat" type="Dummy"/>
                </resources>
                <constraints/>
              </configuration>
              <status>
                <node_state id="n1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <lrm><lrm_resources>
                    <lrm_resource id="db:0" class="ocf" provider="pacemaker" type="Stateful">
                      <lrm_rsc_op id="db:0_last_0" operation="promote" interval="0" call-id="4" rc-code="0" op-status="0"
                          transition-key="1:1:0:hapc" on_node="n1"/>
                    </lrm_resource>%s
                  </lrm_resources></lrm>
                </node_state>
                <node_state id="n2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
              </status>
            </cib>
            """;

    /** What a node cut off with a promoted db:0 and Web running does, by no-quorum-policy, as the engine decides it. */
    private static CutOffPlan cutOff(String policy, boolean fencing) throws Exception {
        Cib cib = CibXmlReader.read(PROMOTABLE.formatted(fencing, policy, running("Web")), "test");
        List<ResourceHistory> local = cib.status().nodeStates().get(0).resources();
        PolicyEngine engine = new PolicyEngine(
                PolicyRules.builtIn(), Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        return CutOffStops.plan(cib, "n1", local, List.of("Web", "db:0"), engine::decide);
    }

    @Test
    void aPromotedInstanceRecordedUnderAnotherNumberIsDemotedByItsRecord() throws Exception {
        // The engine numbers the one instance on n1 db:0; n1 recorded it as db:1 (numbered by an earlier decision):
        // the cut-off demotes the record n1 holds.
        Cib cib = CibXmlReader.read(
                PROMOTABLE.formatted(false, "demote", running("Web")).replace("db:0", "db:1"), "test");
        List<ResourceHistory> local = cib.status().nodeStates().get(0).resources();
        PolicyEngine engine = new PolicyEngine(
                PolicyRules.builtIn(), Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
        CutOffPlan demote = CutOffStops.plan(cib, "n1", local, List.of("Web", "db:1"), engine::decide);
        assertEquals(Set.of("db:1"), demote.demote(), "the promoted instance, by the name n1 knows it");
    }

    @Test
    void eachNoQuorumPolicyIsCarriedOutAsTheQuorumRulesDecideIt() throws Exception {
        CutOffPlan stop = cutOff("stop", false);
        assertEquals(Set.of(), stop.demote());
        // Its stop must not reach the agent while promoted (Pacemaker's Stateful refuses it: rc 8), as the engine plans
        // it.
        assertEquals(Set.of("db:0"), stop.demoteBeforeStop(), "stop: the promoted instance is demoted, then stopped");
        assertEquals(
                Set.of("Web", "db:0"),
                stop.waves().stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()));
        assertFalse(stop.fenceSelf());

        assertTrue(cutOff("freeze", false).leavesRunning(), "freeze: what runs keeps running");
        assertTrue(cutOff("ignore", false).leavesRunning(), "ignore: carries on");

        CutOffPlan demote = cutOff("demote", false);
        assertEquals(Set.of("db:0"), demote.demote(), "demote: the promoted instance is demoted, not stopped");
        assertEquals(
                Set.of("Web", "db:0"),
                demote.waves().stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()));

        CutOffPlan suicide = cutOff("suicide", true);
        assertTrue(suicide.fenceSelf(), "suicide: the engine fences every node of the partition, this one too");

        // Without fencing, suicide is stop (as in Pacemaker): it used to leave everything running, like ignore.
        CutOffPlan suicideUnfenced = cutOff("suicide", false);
        assertFalse(suicideUnfenced.fenceSelf());
        assertEquals(
                Set.of("Web", "db:0"),
                suicideUnfenced.waves().stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()),
                "suicide without fencing stops everything");
    }

    @Test
    void aNodeLeavingWithoutADcDemotesItsPromotedInstanceBeforeStoppingItWhateverThePolicy() throws Exception {
        // `hapc cluster stop` with no DC: under freeze the quorum rules plan nothing, yet everything stops, and a
        // promoted instance's stop must not reach the agent while promoted (Stateful refuses it: rc 8).
        for (String policy : List.of("freeze", "ignore", "stop", "demote")) {
            Cib cib = CibXmlReader.read(PROMOTABLE.formatted(false, policy, running("Web")), "test");
            List<ResourceHistory> local = cib.status().nodeStates().get(0).resources();
            PolicyEngine engine = new PolicyEngine(
                    PolicyRules.builtIn(), Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));
            CutOffPlan leaving = CutOffStops.stopEverything(cib, "n1", local, List.of("Web", "db:0"), engine::decide);
            assertEquals(Set.of("db:0"), leaving.demoteBeforeStop(), policy + ": demoted first");
            assertEquals(Set.of(), leaving.demote(), policy + ": nothing is only demoted");
            assertEquals(
                    Set.of("Web", "db:0"),
                    leaving.waves().stream().flatMap(List::stream).collect(java.util.stream.Collectors.toSet()),
                    policy + ": everything stops");
        }
        // A demoted instance (its last operation a demote after the promote) is stopped directly.
        Cib demoted = CibXmlReader.read(
                PROMOTABLE
                        .formatted(false, "freeze", running("Web"))
                        .replaceFirst(
                                "</lrm_resource>",
                                "<lrm_rsc_op id=\"db:0_demote\" operation=\"demote\" interval=\"0\" call-id=\"6\""
                                        + " rc-code=\"0\" op-status=\"0\" transition-key=\"2:2:0:hapc\" on_node=\"n1\"/>"
                                        + "</lrm_resource>"),
                "test");
        CutOffPlan leaving = CutOffStops.stopEverything(
                demoted,
                "n1",
                demoted.status().nodeStates().get(0).resources(),
                List.of("Web", "db:0"),
                new PolicyEngine(PolicyRules.builtIn(), Clock.systemUTC())::decide);
        assertEquals(Set.of(), leaving.demoteBeforeStop());
    }
}
