package io.hapc.model.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.RuleFile;
import io.hapc.model.cib.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Admin rule files stored in hapc's own configuration section survive the XML round trip byte for byte. */
class RuleFilesXmlTest {
    private static final String AWKWARD = """

            package admin.rules
            // <angles> & ampersands, "quotes", a CDATA terminator ]]> and ]] alone
            rule "admin: x"
            when
            then
            end
            """;

    private static Cib cibWith(List<RuleFile> files) {
        return new Cib(
                        new CibVersion(0, 3, 1),
                        Optional.of("pacemaker-3.9"),
                        true,
                        Optional.empty(),
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        Status.empty())
                .withRuleFiles(files);
    }

    @Test
    void ruleFilesRoundTripVerbatim() throws Exception {
        Cib cib = cibWith(List.of(new RuleFile("a.drl", AWKWARD), new RuleFile("b.drl", "package b\n")));
        String xml = CibXmlWriter.write(cib);
        assertTrue(xml.contains("<hapc-rules>"), xml);
        assertTrue(xml.contains("<rule-file name=\"a.drl\"><![CDATA["), xml);
        Cib back = CibXmlReader.read(xml, "written");
        assertEquals(cib, back);
        assertEquals(AWKWARD, back.ruleFiles().get(0).source());
    }

    @Test
    void noRuleFilesWritesNoSection() throws Exception {
        String xml = CibXmlWriter.write(cibWith(List.of()));
        assertFalse(xml.contains("hapc-rules"), xml);
        assertEquals(List.of(), CibXmlReader.read(xml, "written").ruleFiles());
    }

    @Test
    void handWrittenSectionIsRead() throws Exception {
        Cib cib = CibXmlReader.read("""
                <cib epoch="1" num_updates="0" admin_epoch="0">
                  <configuration>
                    <crm_config/><nodes/><resources/><constraints/>
                    <hapc-rules>
                      <rule-file name="x.drl"><![CDATA[package x
                rule "r" when then end
                ]]></rule-file>
                    </hapc-rules>
                  </configuration>
                  <status/>
                </cib>
                """, "hand");
        assertEquals(List.of(new RuleFile("x.drl", "package x\nrule \"r\" when then end\n")), cib.ruleFiles());
    }

    @Test
    void duplicateNamesAreRefusedWithTheLine() {
        CibFormatException e = assertThrows(CibFormatException.class, () -> CibXmlReader.read("""
                <cib epoch="1">
                  <configuration>
                    <hapc-rules>
                      <rule-file name="x.drl">a</rule-file>
                      <rule-file name="x.drl">b</rule-file>
                    </hapc-rules>
                  </configuration>
                </cib>
                """, "dup"));
        assertTrue(e.getMessage().contains("a second rule file named 'x.drl'"), e.getMessage());
        assertEquals(5, e.line());
    }
}
