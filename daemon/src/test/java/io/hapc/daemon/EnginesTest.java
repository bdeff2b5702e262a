package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.engine.Decision;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.RuleFile;
import io.hapc.model.xml.CibXmlReader;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DC's engine after a decision failed inside the rule session. */
class EnginesTest {
    private static final String CIB = """
            <cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="5" num_updates="0">
              <configuration>
                <crm_config><cluster_property_set id="opts">
                  <nvpair id="o1" name="stonith-enabled" value="false"/>
                </cluster_property_set></crm_config>
                <nodes><node id="n1" uname="n1"/><node id="n2" uname="n2"/></nodes>
                <resources>
                  <primitive id="R" class="ocf" provider="heartbeat" type="Dummy"/>
                  %s
                </resources>
                <constraints/>
              </configuration>
              <status>
                <node_state id="n1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member"/>
                <node_state id="n2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member"/>
              </status>
            </cib>
            """;

    /** A rule whose consequence would fail for a resource named "boom" (code that admin rules may no longer hold). */
    private static final RuleFile FAILING = new RuleFile(
            "fails-on-boom",
            String.join(
                    "\n",
                    "package admin",
                    "import io.hapc.engine.cluster.ResourceView",
                    "rule \"admin: fails on boom\"",
                    "when",
                    "    $r : ResourceView( id == \"boom\" )",
                    "then",
                    "    String s = null;",
                    "    s.length();",
                    "end",
                    ""));

    private static Cib cib(boolean withBoom) throws Exception {
        Cib c = CibXmlReader.read(
                CIB.formatted(
                        withBoom ? "<primitive id=\"boom\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>" : ""),
                "test");
        return c.withRuleFiles(List.of(FAILING));
    }

    @Test
    void aRuleFileThatWouldFailIsSetAsideAndEveryDecisionIsStillMade() throws Exception {
        // Such a file never reaches a session now (the allow-list refuses its consequence): the DC
        // decides with the built-in rules, says why, and keeps deciding.
        Engines engines = new Engines(Clock.systemUTC());
        Decision first = engines.decide(cib(true));
        assertTrue(
                first.derived().warnings().stream().anyMatch(w -> w.message().contains("fails-on-boom")),
                first.derived().warnings().toString());
        for (int i = 0; i < 3; i++) {
            Decision d = engines.decide(cib(false));
            assertTrue(
                    d.transition().summary().stream()
                            .anyMatch(l -> l.toString().contains("Start")
                                    && l.toString().contains("R")),
                    d.transition().summary().toString());
        }
    }
}
