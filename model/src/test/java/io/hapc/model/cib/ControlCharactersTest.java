package io.hapc.model.cib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.xml.CibXmlReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void everyC0ControlAndDeleteIsFoundWithItsPosition() {
        for (char c = 0; c < 0x20; c++) {
            Optional<ControlCharacters.Found> f = ControlCharacters.in("ab" + c + "d");
            assertTrue(f.isPresent(), "U+" + Integer.toHexString(c));
            assertEquals(3, f.get().position());
            assertEquals(c, f.get().character());
        }
        assertEquals(1, ControlCharacters.in("\u007Fx").orElseThrow().position());
    }

    @Test
    void printableTextIsClean() {
        for (String ok : List.of("", "/var/run/x.state", "p@ss w0rd!~", "é ü 中文", "a=b", "\u0080\u00A0")) {
            assertTrue(ControlCharacters.in(ok).isEmpty(), ok);
            assertTrue(
                    ControlCharacters.problem("resource r", "parameter", "p", ok)
                            .isEmpty(),
                    ok);
        }
    }

    @Test
    void theInjectionIsNamedWithResourceParameterCharacterAndPosition() {
        String m = ControlCharacters.problem("fencing device sd", "parameter", "status_file", "/tmp/s\naction=off")
                .orElseThrow();
        assertTrue(m.startsWith("fencing device sd: parameter 'status_file'"), m);
        assertTrue(m.contains("U+000A (line feed) at character 7"), m);
        assertTrue(m.contains("'/tmp/s\\naction=off'"), m);
        assertTrue(!m.contains("\n"), "the message stays on one line: " + m);
        String tab = ControlCharacters.problem("resource r", "parameter", "ip", "10.0.0.1\t")
                .orElseThrow();
        assertTrue(tab.contains("U+0009 (tab) at character 9"), tab);
    }

    @Test
    void namesMayHaveNeitherControlCharactersNorEquals() {
        assertTrue(ControlCharacters.problem("resource r", "parameter", "a=b", "1")
                .orElseThrow()
                .contains("contains '=' at character 2"));
        assertTrue(ControlCharacters.problem("resource r", "parameter", "a\nb", "1")
                .orElseThrow()
                .contains("U+000A (line feed) at character 2"));
    }

    @Test
    void aCibIsCheckedInPrimitivesGroupsClonesAndFencingDevices() throws Exception {
        Cib cib = CibXmlReader.read("""
                <cib epoch="1" num_updates="0" admin_epoch="0"><configuration><crm_config/><nodes/><resources>
                  <primitive id="sd" class="stonith" type="fence_dummy">
                    <instance_attributes id="sd-ia"><nvpair id="sd-ia-1" name="status_file" value="/tmp/s&#10;action=off"/></instance_attributes>
                  </primitive>
                  <clone id="c"><meta_attributes id="c-m"><nvpair id="c-m-1" name="clone-max" value="2&#9;"/></meta_attributes>
                    <group id="g"><primitive id="a" class="ocf" provider="heartbeat" type="Dummy">
                      <instance_attributes id="a-ia"><nvpair id="a-ia-1" name="state" value="&#13;x"/></instance_attributes>
                    </primitive></group>
                  </clone>
                  <primitive id="clean" class="ocf" provider="heartbeat" type="Dummy">
                    <instance_attributes id="clean-ia"><nvpair id="clean-ia-1" name="state" value="/x y"/></instance_attributes>
                  </primitive>
                </resources><constraints/></configuration><status/></cib>
                """, "test");
        List<String> problems = ControlCharacters.problems(cib);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("fencing device sd: parameter 'status_file'"), problems.get(0));
        assertTrue(problems.get(1).startsWith("resource c: meta attribute 'clone-max'"), problems.get(1));
        assertTrue(
                problems.get(2).startsWith("resource a: parameter 'state'")
                        && problems.get(2).contains("U+000D"),
                problems.get(2));
        assertTrue(ControlCharacters.problems("resource x", "parameter", Map.of("ok", "fine"))
                .isEmpty());
    }
}
