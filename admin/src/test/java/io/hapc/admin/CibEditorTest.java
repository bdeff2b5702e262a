package io.hapc.admin;

import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.Constraint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What holds for every edit: versions, purity, whole-CIB validation, refusals that leave the CIB alone. */
class CibEditorTest {
    private final CibEditor editor = new CibEditor();

    @Test
    void configurationEditsStartANewEpoch() throws Exception {
        Cib cib = webCluster().withVersion(new CibVersion(1, 12, 5));
        Cib after = editor.apply(cib, new CibEdit.PropertySet(map("cluster-name", "web")), Fixtures.ctx());
        assertEquals(new CibVersion(1, 13, 0), after.version());
    }

    @Test
    void editsArePureFunctions() throws Exception {
        Cib cib = webCluster();
        CibEdit edit = new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.of("10min"), false);
        Cib a = editor.apply(cib, edit, Fixtures.ctx());
        Cib b = editor.apply(cib, edit, Fixtures.ctx());
        assertEquals(a, b, "same input, same output");
        assertEquals(webCluster(), cib, "the input is untouched");
    }

    @Test
    void aRefusedEditLeavesNothingBehind() {
        Cib cib = webCluster();
        InvalidEditException e = assertThrows(
                InvalidEditException.class,
                () -> editor.apply(cib, new CibEdit.ConstraintRemove(List.of("nope")), Fixtures.ctx()));
        assertEquals(InvalidEditException.INVALID_INPUT, e.exitCode());
        assertEquals(webCluster(), cib);
    }

    @Test
    void newDanglingReferencesAndDuplicateIdsAreRefusedOldOnesTolerated() throws Exception {
        Cib cib = webCluster();
        List<Constraint> constraints = new ArrayList<>(cib.constraints());
        constraints.add(new Constraint.Location(
                "ghost-on-node1",
                Optional.of("ghost"),
                Optional.empty(),
                List.of(),
                Optional.of("node1"),
                Optional.of(10),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty()));
        Cib dangling = cib.withConstraints(constraints);
        InvalidEditException e =
                assertThrows(InvalidEditException.class, () -> CibChecks.validate(cib, dangling, Fixtures.ctx()));
        assertEquals(
                "constraint ghost-on-node1 names resource 'ghost', which does not exist (remove the constraint: "
                        + "hapc constraint remove ID)",
                e.getMessage());
        // a CIB that already had it can still be edited (and fixed)
        Cib edited = editor.apply(dangling, new CibEdit.PropertySet(map("cluster-name", "web")), Fixtures.ctx());
        Cib fixed = editor.apply(edited, new CibEdit.ConstraintRemove(List.of("ghost-on-node1")), Fixtures.ctx());
        assertEquals(cib.constraints(), fixed.constraints());

        List<Constraint> twice = new ArrayList<>(cib.constraints());
        twice.add(cib.constraints().get(0));
        InvalidEditException dup = assertThrows(
                InvalidEditException.class, () -> CibChecks.validate(cib, cib.withConstraints(twice), Fixtures.ctx()));
        assertEquals(
                "the id 'WebSite-with-VIP' would be used twice in the CIB; ids are unique, choose another",
                dup.getMessage());
        assertEquals(
                "the id 'VIP-params' is already used in the CIB; choose another resource id",
                Fixtures.refusal(
                        cib,
                        new CibEdit.ResourceCreate(
                                "VIP-params",
                                "ocf:heartbeat:Dummy",
                                map(),
                                List.of(),
                                map(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                false,
                                false)));
    }

    @Test
    void anEngineFailureIsRefusedWithExitCode4() {
        String throwing = """
                package admin.rules
                import io.hapc.engine.cluster.NodeView
                import io.hapc.engine.facts.Warning
                rule "admin: explodes"
                when
                    NodeView( name == "node1" )
                then
                    insert(new Warning("boom".substring(9), drools.getRule().getName()));
                end
                """;
        InvalidEditException e = assertThrows(
                InvalidEditException.class,
                () -> editor.apply(webCluster(), new CibEdit.RuleAdd("boom.drl", throwing, false), Fixtures.ctx()));
        assertEquals(InvalidEditException.ENGINE_FAILURE, e.exitCode());
        assertTrue(
                e.getMessage()
                                .startsWith(
                                        "the admin rules fail on the edited CIB: admin rule \"admin: explodes\" (boom.drl) failed: ")
                        && e.getMessage().contains("StringIndexOutOfBoundsException")
                        && e.getMessage().endsWith("; the CIB was not changed"),
                e.getMessage());
    }

    @Test
    void theMemoizingCompilerCompilesTheSameSourcesOnce() throws Exception {
        EditContext.RuleCompiler compiler = EditContext.RuleCompiler.memoizing();
        Map<String, String> sources = Map.of("a.drl", "package admin.a\n");
        PolicyRules first = compiler.compile(sources);
        assertSame(first, compiler.compile(new java.util.HashMap<>(sources)));
        assertSame(PolicyRules.builtIn().kieBase(), compiler.compile(Map.of()).kieBase());
    }

    @Test
    void theSystemContextUsesTheInstalledAgents() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/IPaddr2")), "resource-agents installed");
        EditContext system = EditContext.system(Fixtures.NOW);
        InvalidEditException e = assertThrows(
                InvalidEditException.class,
                () -> editor.apply(
                        webCluster(),
                        new CibEdit.ResourceCreate(
                                "ip2",
                                "ocf:heartbeat:IPaddr2",
                                map(),
                                List.of(),
                                map(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                false,
                                false),
                        system));
        assertTrue(e.getMessage().contains("required parameter 'ip' is missing"), e.getMessage());
        Cib ok = editor.apply(
                webCluster(),
                new CibEdit.ResourceCreate(
                        "d",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        false,
                        false),
                system);
        assertTrue(
                Fixtures.primitive(ok, "d").operations().stream()
                        .anyMatch(o -> o.name().equals("start")),
                "Dummy's own start operation timeout became a default op");
    }
}
