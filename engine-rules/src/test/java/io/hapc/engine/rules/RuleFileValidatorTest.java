package io.hapc.engine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admin rule files that could run code are refused before Drools compiles them, each with file, line, what and how. */
class RuleFileValidatorTest {
    private static final String HEADER = """
            package admin.rules
            import io.hapc.engine.cluster.NodeView
            import io.hapc.engine.cluster.ResourceView
            import io.hapc.engine.facts.ClusterFact
            import io.hapc.engine.facts.Warning
            import io.hapc.engine.facts.ScoreContribution
            import io.hapc.model.cib.Score
            """;

    private static List<RuleCompilationException.Problem> check(String body) {
        return RuleFileValidator.check("x.drl", HEADER + body);
    }

    private static RuleCompilationException.Problem refusedOnce(String body, int line, String what) {
        List<RuleCompilationException.Problem> problems = check(body);
        assertFalse(problems.isEmpty(), "accepted:\n" + body);
        RuleCompilationException.Problem p = problems.get(0);
        assertEquals("x.drl", p.file());
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.message().contains(what), p.toString());
        assertTrue(p.message().startsWith("not allowed in admin rules: "), p.toString());
        return p;
    }

    @Test
    void runtimeExecInTheConsequenceIsRefused() {
        RuleCompilationException.Problem p = refusedOnce("""
                rule "admin: pwn"
                when
                    NodeView( $n : name )
                then
                    Runtime.getRuntime().exec("touch /tmp/pwned");
                end
                """, 12, "Runtime.getRuntime().exec(\"touch /tmp/pwned\")");
        assertTrue(p.message().contains("insert(new Fact(...))"), "says how to fix: " + p);
        assertTrue(p.toString().startsWith("x.drl:12:"), p.toString());
    }

    @Test
    void systemExitIsRefused() {
        refusedOnce("""
                rule "admin: exit"
                when
                    ClusterFact()
                then
                    insert(new Warning("bye", drools.getRule().getName()));
                    System.exit(1);
                end
                """, 13, "System.exit(1)");
    }

    @Test
    void loopsAreRefused() {
        refusedOnce("""
                rule "admin: spin"
                when
                    ClusterFact()
                then
                    while (true) { }
                end
                """, 12, "while (true)");
        refusedOnce("""
                rule "admin: spin"
                when
                    ClusterFact()
                then
                    for (int i = 0; i < 10; i++) insert(new Warning("w" + i, "r"));
                end
                """, 12, "for (int i = 0");
    }

    @Test
    void functionsAndEvalAreRefused() {
        refusedOnce("""
                function boolean pwn() { try { Runtime.getRuntime().exec("id"); } catch (Exception e) {} return true; }
                """, 8, "function pwn");
        refusedOnce("""
                rule "admin: eval"
                when
                    NodeView()
                    eval( Runtime.getRuntime() != null )
                then
                end
                """, 11, "`eval` is not allowed");
    }

    @Test
    void importsBeyondTheFactModelAreRefused() {
        List<RuleCompilationException.Problem> problems = RuleFileValidator.check("x.drl", """
                package admin.rules
                import java.io.File
                import io.hapc.engine.facts.*
                """);
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(2, problems.get(0).line());
        assertTrue(
                problems.get(0).message().contains("import java.io.File is not one of the documented fact types"),
                problems.toString());
        assertTrue(
                problems.get(0).message().contains("io.hapc.engine.cluster.NodeView"),
                "lists what is allowed: " + problems);
        assertTrue(problems.get(1).message().contains("wildcard import"), problems.toString());
    }

    @Test
    void codeInConstraintsIsRefused() {
        refusedOnce("""
                rule "admin: constraint"
                when
                    NodeView( name == java.lang.Runtime.getRuntime().exec("id").toString() )
                then
                end
                """, 10, "call .exec(");
        refusedOnce("""
                rule "admin: constraint"
                when
                    NodeView( name == System.getProperty("user.name") )
                then
                end
                """, 10, "call .getProperty(");
        refusedOnce("""
                rule "admin: from"
                when
                    NodeView( ) from java.util.List.of(new Object())
                then
                end
                """, 10, "from");
        refusedOnce("""
                rule "admin: getClass"
                when
                    $n : NodeView( getClass().getClassLoader() != null )
                then
                end
                """, 10, "getClass");
    }

    @Test
    void otherObjectsCannotBeCreatedOrInserted() {
        refusedOnce("""
                rule "admin: thread"
                when
                    ClusterFact()
                then
                    insert(new Thread());
                end
                """, 12, "new Thread is not a documented derived fact");
        refusedOnce("""
                rule "admin: nested"
                when
                    ClusterFact()
                then
                    insert(new Warning(new java.io.File("/etc/shadow").toString(), "r"));
                end
                """, 12, "new java.io.File");
    }

    @Test
    void globalsQueriesDialectsAndHapcsOwnPackageAreRefused() {
        assertTrue(RuleFileValidator.check("x.drl", "package admin.rules\nglobal java.util.List out\n")
                .get(0)
                .message()
                .contains("global out"));
        assertTrue(check("query \"q\"\n NodeView()\nend\n").get(0).message().contains("queries are not allowed"));
        assertTrue(check("rule \"r\" dialect \"mvel\"\nwhen\n ClusterFact()\nthen\nend\n")
                .get(0)
                .message()
                .contains("attribute dialect"));
        assertTrue(RuleFileValidator.check("x.drl", "package io.hapc.rules\n")
                .get(0)
                .message()
                .contains("hapc's own"));
    }

    @Test
    void unicodeEscapesAndDroolsMacrosCannotHideCode() {
        // javac reads \u0022 as a quote: the string would end and exec would be code.
        refusedOnce("""
                rule "admin: escape"
                when
                    ClusterFact()
                then
                    insert(new Warning("x\\u0022); Runtime.getRuntime().exec(\\u0022id", "r"));
                end
                """, 12, "unicode escape \\u0022");
        refusedOnce("""
                rule "admin: modify"
                when
                    $n : NodeView()
                then
                    modify($n) { setName("x") }
                end
                """, 12, "is not a list of insert(...) / insertLogical(...) statements");
        refusedOnce("""
                rule "admin: retract"
                when
                    $n : NodeView()
                then
                    delete($n);
                end
                """, 12, "`delete($n);` is not allowed");
    }

    @Test
    void regularExpressionsAndLongJoinsAreRefused() {
        refusedOnce("""
                rule "admin: regex"
                when
                    NodeView( name matches "(a+)+$" )
                then
                end
                """, 10, "operator `matches` is not allowed");
        refusedOnce("""
                rule "admin: join"
                when
                    ResourceView( $a : id )
                    ResourceView( $b : id )
                    ResourceView( $c : id )
                    not ResourceView( id == $a + $b + $c )
                    exists NodeView( )
                then
                end
                """, 8, "has 5 patterns; at most 4");
    }

    @Test
    void theDocumentedExamplesAreAccepted() {
        assertEquals(List.of(), check("""
                rule "admin: keep databases off slow disks"
                when
                    $r : ResourceView( type == "pgsql" )
                    $n : NodeView( "slow".equals(attributes.get("disk")) )
                then
                    insertLogical(new ScoreContribution($r.id(), $n.name(), Score.MINUS_INFINITY,
                        "databases stay off slow disks", drools.getRule().getName(), null));
                end

                rule "admin: warn about standby nodes"
                salience 10
                no-loop
                when
                    NodeView( standby, $name : name, attributes.containsKey("rack") || !online() )
                    not ClusterFact( quorate == false )
                    exists ResourceView( meta.priority > 0, id != $name )
                then
                    insert(new Warning("node " + $name + " is in standby", drools.getRule().getName()));
                end
                """));
    }

    @Test
    void policyRulesRefuseWhatTheValidatorRefusesWithoutCompiling() {
        RuleCompilationException e = assertThrows(
                RuleCompilationException.class, () -> PolicyRules.withAdminSources(Map.of("pwn.drl", HEADER + """
                        rule "admin: pwn"
                        when
                            ClusterFact()
                        then
                            System.exit(3);
                        end
                        """)));
        assertEquals("pwn.drl", e.problems().get(0).file());
        assertTrue(e.getMessage().contains("System.exit(3)"), e.getMessage());
    }
}
