package io.hapc.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminRulesTest {
    @Test
    void brokenRuleFileIsRefusedWithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.drl"), """
                package admin.rules
                import io.hapc.engine.cluster.NodeView

                rule "admin: broken"
                when
                    NodeView( nosuchfield == 3 )
                then
                end
                """);
        RuleCompilationException e =
                assertThrows(RuleCompilationException.class, () -> PolicyRules.withAdminRules(dir));
        RuleCompilationException.Problem p = e.problems().get(0);
        assertTrue(p.file().endsWith("broken.drl"), p.toString());
        assertEquals(6, p.line(), p.toString());
        assertTrue(p.toString().matches(".*broken\\.drl:6:\\d+: .*"), p.toString());
    }

    @Test
    void validRuleFileCompilesWithTheBuiltInRules(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("ok.drl"), """
                package admin.rules
                import io.hapc.engine.cluster.NodeView
                import io.hapc.engine.facts.Warning

                rule "admin: warn about standby nodes"
                when
                    NodeView( standby, $n : name )
                then
                    insert(new Warning("node " + $n + " is in standby", drools.getRule().getName()));
                end
                """);
        PolicyRules rules = PolicyRules.withAdminRules(dir);
        assertNotNull(rules.kieBase().getRule("admin.rules", "admin: warn about standby nodes"));
        assertNotNull(rules.kieBase().getRule("io.hapc.rules", "location: fixed node score"));
    }

    @Test
    void sourcesAreReportedUnderTheirOwnNames() {
        java.util.Map<String, String> sources = new java.util.LinkedHashMap<>();
        sources.put("fine.drl", "package admin.fine\n");
        sources.put("slow disks/bad name", """
                package admin.rules
                import io.hapc.engine.cluster.NodeView

                rule "admin: broken"
                when
                    NodeView( nosuchfield == 3 )
                then
                end
                """);
        RuleCompilationException e =
                assertThrows(RuleCompilationException.class, () -> PolicyRules.withAdminSources(sources));
        assertEquals(1, e.problems().size(), e.getMessage());
        RuleCompilationException.Problem p = e.problems().get(0);
        assertEquals("slow disks/bad name", p.file());
        assertEquals(6, p.line());
        assertTrue(e.getMessage().startsWith("slow disks/bad name:6:"), e.getMessage());
    }

    @Test
    void sourcesCompileWithTheBuiltInRulesAndNoSourcesMeansBuiltIn() throws Exception {
        PolicyRules rules = PolicyRules.withAdminSources(java.util.Map.of("w.drl", """
                package admin.rules
                import io.hapc.engine.cluster.NodeView
                import io.hapc.engine.facts.Warning
                rule "admin: standby warning"
                when
                    NodeView( standby, $n : name )
                then
                    insertLogical(new Warning("node " + $n + " is in standby", drools.getRule().getName()));
                end
                """));
        assertNotNull(rules.kieBase().getRule("admin.rules", "admin: standby warning"));
        assertNotNull(rules.kieBase().getRule("io.hapc.rules", "location: fixed node score"));
        assertEquals(java.util.List.of("w.drl"), rules.adminRuleNames());
        assertTrue(PolicyRules.withAdminSources(java.util.Map.of())
                .adminRuleNames()
                .isEmpty());
    }

    private static final String INQUORATE = """
            <cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="5" num_updates="0" have-quorum="0">
              <configuration>
                <crm_config><cluster_property_set id="opts">
                  <nvpair id="o1" name="stonith-enabled" value="false"/>
                </cluster_property_set></crm_config>
                <nodes><node id="n1" uname="n1"/><node id="n2" uname="n2"/></nodes>
                <resources><primitive id="A" class="ocf" provider="heartbeat" type="Dummy"/></resources>
                <constraints/>
              </configuration>
              <status>
                <node_state id="n1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
                  <lrm><lrm_resources><lrm_resource id="A" class="ocf" provider="heartbeat" type="Dummy">
                    <lrm_rsc_op id="A_last_0" operation="start" interval="0" call-id="3" rc-code="0" op-status="0"
                        transition-key="1:1:0:hapc" on_node="n1"/>
                  </lrm_resource></lrm_resources></lrm>
                </node_state>
                <node_state id="n2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
              </status>
            </cib>
            """;

    private static java.util.List<String> summary(PolicyRules rules) throws Exception {
        io.hapc.model.cib.Cib cib = io.hapc.model.xml.CibXmlReader.read(INQUORATE, "test");
        return new io.hapc.engine.PolicyEngine(rules, java.time.Clock.systemUTC())
                .decide(cib).transition().summary().stream()
                        .map(Object::toString)
                        .toList();
    }

    @Test
    void aFileCanReplaceABuiltInRuleAndTheDecisionChanges() throws Exception {
        String stopRule = "quorum: without quorum, stop everything (no-quorum-policy=stop)";
        assertTrue(
                summary(PolicyRules.builtIn()).stream().anyMatch(l -> l.contains("Stop") && l.contains("A")),
                "built in: without quorum A stops");
        PolicyRules replaced =
                PolicyRules.withAdminSources(java.util.Map.of("keep-running.drl", """
                package admin.quorum
                // hapc: replaces "%s"
                import io.hapc.engine.facts.ClusterFact
                import io.hapc.engine.facts.StartBlock
                rule "admin: without quorum, start nothing but keep what runs"
                when
                    ClusterFact( !quorate, noQuorumPolicy == "stop" )
                then
                    insertLogical(new StartBlock("*", "no quorum", drools.getRule().getName()));
                end
                """.formatted(stopRule)));
        assertEquals(null, replaced.kieBase().getRule("io.hapc.rules", stopRule), "the built-in rule is left out");
        assertNotNull(
                replaced.kieBase().getRule("io.hapc.rules", "stickiness: prefer the current node"), "the others stay");
        assertTrue(
                summary(replaced).stream().noneMatch(l -> l.contains("Stop")),
                summary(replaced).toString());
    }

    @Test
    void aFileCanSwitchOffABuiltInRuleAndAnUnknownNameIsRefusedWhereItIsSaid() throws Exception {
        PolicyRules off = PolicyRules.withAdminSources(java.util.Map.of(
                "off.drl", "package admin.off\n// hapc: disables \"stickiness: prefer the current node\"\n"));
        assertEquals(null, off.kieBase().getRule("io.hapc.rules", "stickiness: prefer the current node"));
        RuleCompilationException e = assertThrows(
                RuleCompilationException.class,
                () -> PolicyRules.withAdminSources(java.util.Map.of(
                        "typo.drl",
                        "package admin.off\n\n// hapc: disables \"stickiness: prefer the curent node\"\n")));
        assertTrue(e.getMessage().startsWith("typo.drl:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("not a built-in rule"), e.getMessage());
    }

    @Test
    void builtInRulesLoadFromThePrecompiledModel() {
        PolicyRules rules = PolicyRules.builtIn();
        for (String area : PolicyRules.BUILT_IN) {
            assertTrue(rules.kieBase().getKiePackage("io.hapc.rules").getRules().size() > 10, area);
        }
    }
}
