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
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> PolicyRules.withAdminRules(dir));
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
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> PolicyRules.withAdminSources(sources));
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
        assertTrue(PolicyRules.withAdminSources(java.util.Map.of()).adminRuleNames().isEmpty());
    }

    @Test
    void builtInRulesLoadFromThePrecompiledModel() {
        PolicyRules rules = PolicyRules.builtIn();
        for (String area : PolicyRules.BUILT_IN) {
            assertTrue(rules.kieBase().getKiePackage("io.hapc.rules").getRules().size() > 10, area);
        }
    }
}
