package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.RuleFile;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** rules add / remove: rule files live in the CIB and must compile with the built-in rules. */
class RuleEditsTest {
    static final String KEEP_OFF_NODE1 = """
            package admin.rules

            import io.hapc.engine.cluster.NodeView
            import io.hapc.engine.cluster.ResourceView
            import io.hapc.engine.facts.ScoreContribution
            import io.hapc.model.cib.Score

            rule "admin: keep the VIP off node1"
            when
                $r : ResourceView( id == "VIP" )
                $n : NodeView( name == "node1" )
            then
                insertLogical(new ScoreContribution($r.id(), $n.name(), Score.MINUS_INFINITY, "no VIP on node1",
                    drools.getRule().getName(), null));
            end
            """;

    static final String BROKEN = """
            package admin.rules
            import io.hapc.engine.cluster.NodeView

            rule "admin: broken"
            when
                NodeView( nosuchfield == 3 )
            then
            end
            """;

    @Test
    void aStoredRuleFileChangesWhatTheEngineDecides() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.RuleAdd("vip.drl", KEEP_OFF_NODE1.replace("\n", "\r\n"), false));
        assertEquals(List.of(new RuleFile("vip.drl", KEEP_OFF_NODE1)), cib.ruleFiles(), "stored with LF line ends");
        PolicyRules rules = PolicyRules.withAdminSources(
                Map.of("vip.drl", cib.ruleFiles().get(0).source()));
        Optional<String> vip = new PolicyEngine(rules, Clock.fixed(Fixtures.NOW, ZoneOffset.UTC))
                .decide(cib)
                .placement()
                .node("VIP");
        assertTrue(vip.isPresent() && !vip.get().equals("node1"), vip.toString());
    }

    @Test
    void aFileThatDoesNotCompileIsRefusedWithFileLineAndColumn() {
        String message = refusal(webCluster(), new CibEdit.RuleAdd("broken.drl", BROKEN, false));
        assertTrue(message.startsWith("rule files refused (the CIB was not changed):\n  broken.drl:6:"), message);
    }

    /** Seeds a fact, then inserts a new one per firing for ever once the clock passes `epochSecond`. */
    static String foreverAfter(long epochSecond) {
        return """
                package admin.rules
                import io.hapc.engine.facts.ClusterFact
                import io.hapc.engine.facts.ScoreContribution

                rule "admin: seed"
                when
                    ClusterFact( now.getEpochSecond() > %d )
                then
                    insert(new ScoreContribution("VIP", "node1", 1, "seed", "admin: forever", null));
                end

                rule "admin: forever"
                when
                    ScoreContribution( rule == "admin: forever", $v : score )
                then
                    insert(new ScoreContribution("VIP", "node1", $v + 1, "again", "admin: forever", null));
                end
                """.formatted(epochSecond);
    }

    @Test
    void aFileThatCouldRunCodeIsRefusedWithWhatAndHow() {
        String message = refusal(webCluster(), new CibEdit.RuleAdd("pwn.drl", """
                package admin.rules
                import io.hapc.engine.cluster.NodeView
                rule "admin: pwn"
                when
                    NodeView()
                then
                    Runtime.getRuntime().exec("id");
                end
                """, false));
        assertTrue(
                message.startsWith(
                        "rule files refused (the CIB was not changed):\n  pwn.drl:7:0: not allowed in admin rules: "
                                + "rule \"admin: pwn\": `Runtime.getRuntime().exec(\"id\");` is not allowed in the `then` part (write only insert("),
                message);
    }

    @Test
    void aRuleBreakingItsBoundsNowIsRefusedByAdd() {
        String message = refusal(webCluster(), new CibEdit.RuleAdd("forever.drl", foreverAfter(0), false));
        assertTrue(
                message.startsWith(
                        "the admin rules fail on the edited CIB: admin rule \"admin: forever\" (forever.drl) fired more than "),
                message);
    }

    @Test
    void removeAndOtherEditsWorkWhileAStoredRuleMisbehaves() throws Exception {
        // It passed `rules add` an hour before it started to misbehave; and an older file the checks now refuse.
        Cib stored = apply(
                webCluster(),
                new CibEdit.RuleAdd("later.drl", foreverAfter(Fixtures.NOW.getEpochSecond() + 3600), false));
        stored = stored.withRuleFiles(List.of(
                stored.ruleFiles().get(0),
                new RuleFile("old.drl", "package admin.old\nfunction int f() { return 1; }\n")));
        Cib later = Fixtures.EDITOR.apply(
                stored,
                new CibEdit.PropertySet(Map.of("cluster-name", "web")),
                Fixtures.ctx().at(Fixtures.NOW.plusSeconds(7200)));
        assertEquals(
                stored.ruleFiles(), later.ruleFiles(), "an edit not touching the rules is not refused because of them");
        Cib removed = Fixtures.EDITOR.apply(
                later, new CibEdit.RuleRemove("later.drl"), Fixtures.ctx().at(Fixtures.NOW.plusSeconds(7200)));
        assertEquals(
                List.of("old.drl"),
                removed.ruleFiles().stream().map(RuleFile::name).toList());
        assertEquals(
                List.of(), apply(removed, new CibEdit.RuleRemove("old.drl")).ruleFiles());
    }

    @Test
    void replaceAndRemove() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.RuleAdd("vip.drl", KEEP_OFF_NODE1, false));
        assertEquals(
                "rules add: a rule file named 'vip.drl' is already stored; add --replace to replace it, or hapc rules remove vip.drl first",
                refusal(cib, new CibEdit.RuleAdd("vip.drl", "package admin.other\n", false)));
        Cib replaced = apply(cib, new CibEdit.RuleAdd("vip.drl", "package admin.other\n", true));
        assertEquals(List.of(new RuleFile("vip.drl", "package admin.other\n")), replaced.ruleFiles());
        Cib removed = apply(replaced, new CibEdit.RuleRemove("vip.drl"));
        assertEquals(List.of(), removed.ruleFiles());
        assertEquals(
                "rules remove: no rule file 'vip.drl' in the CIB (none is stored)",
                refusal(removed, new CibEdit.RuleRemove("vip.drl")));
    }

    @Test
    void namesAndEmptyFilesAreRefused() {
        assertTrue(refusal(webCluster(), new CibEdit.RuleAdd("../x.drl", "package x\n", false))
                .startsWith("rules add: '../x.drl' is not a rule file name"));
        assertEquals(
                "rules add x.drl: the file is empty",
                refusal(webCluster(), new CibEdit.RuleAdd("x.drl", "  \n", false)));
    }
}
