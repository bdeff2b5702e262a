package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.primitive;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 8, finding 5: control characters in values handed to agents are refused at edit time. */
class ControlCharacterEditsTest {

    @Test
    void aFencingParameterWithANewlineIsRefusedNamingDeviceParameterAndPosition() {
        Cib before = webCluster();
        String m = refusal(
                before,
                new CibEdit.StonithCreate(
                        "sd",
                        "fence_dummy",
                        map("plug", "1", "status_file", "/tmp/s\naction=off"),
                        List.of(),
                        Map.of(),
                        false,
                        false));
        assertTrue(
                m.startsWith(
                        "fencing device sd: parameter 'status_file' has the control character U+000A (line feed) at character 7"),
                m);
        assertTrue(m.contains("(the CIB was not changed)"), m);
        // --force skips the agent checks, not this one
        assertTrue(refusal(
                        before,
                        new CibEdit.StonithCreate(
                                "sd", "fence_dummy", map("status_file", "x\ny"), List.of(), Map.of(), false, true))
                .contains("U+000A"));
    }

    @Test
    void resourceCreateAndUpdateRefuseTabsNewlinesAndEqualsInNames() throws Exception {
        Cib cib = webCluster();
        assertTrue(refusal(cib, create("d", map("state", "/run/d\t")))
                .contains("resource d: parameter 'state' has the control character U+0009 (tab) at character 7"));
        assertTrue(refusal(cib, create("d", map("fake=1", "x")))
                .contains("resource d: parameter name 'fake=1' contains '=' at character 5"));
        Cib with = apply(cib, create("d", map("state", "/run/d")));
        assertTrue(refusal(with, new CibEdit.ResourceUpdate("d", map("state", "a\u0000b"), List.of(), Map.of()))
                .contains("U+0000 (NUL) at character 2"));
        assertTrue(refusal(with, new CibEdit.ResourceUpdate("d", Map.of(), List.of(), map("description", "two\nlines")))
                .contains("resource d: meta attribute 'description' has the control character U+000A"));
        assertTrue(refusal(with, new CibEdit.ResourceUpdate("d", map("state", "\u007F"), List.of(), Map.of()))
                .contains("U+007F (delete)"));
        assertEquals(
                Optional.of("/run/d"),
                Optional.ofNullable(
                        primitive(with, "d").instanceSets().get(0).values().get("state")));
    }

    @Test
    void cloneMetaIsCheckedToo() {
        assertTrue(refusal(webCluster(), new CibEdit.CloneCreate("WebSite", Optional.empty(), map("clone-max", "2\r")))
                .contains("U+000D (carriage return)"));
    }

    @Test
    void aValueTheCibAlreadyHadDoesNotBlockOtherEditsAndCanBeFixed() throws Exception {
        // As if written by an older hapc: the admin must be able to repair it step by step.
        Cib cib = apply(webCluster(), create("d", map("state", "/run/d")));
        Resource.Primitive d = primitive(cib, "d");
        Resource.Primitive bad = new Resource.Primitive(
                "d",
                d.standard(),
                d.provider(),
                d.type(),
                List.of(NvSet.of(d.instanceSets().get(0).id(), map("state", "x\ny"))),
                d.metaSets(),
                d.utilizationSets(),
                d.operations());
        Cib old = cib.withResources(Resources.replace(cib.resources(), "d", r -> bad));
        Cib other = apply(old, new CibEdit.PropertySet(map("stonith-timeout", "90s")));
        assertEquals(Optional.of("90s"), other.property("stonith-timeout"));
        Cib fixed = apply(old, new CibEdit.ResourceUpdate("d", map("state", "/run/d"), List.of(), Map.of()));
        assertEquals(
                "/run/d", primitive(fixed, "d").instanceSets().get(0).values().get("state"));
    }

    private static CibEdit.ResourceCreate create(String id, Map<String, String> params) {
        return new CibEdit.ResourceCreate(
                id,
                "ocf:heartbeat:Dummy",
                params,
                List.of(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                false,
                false);
    }

    /** Found by CibEditSequencesTest: a BEL in resource defaults was accepted, and the CIB written could not be read back. */
    @Test
    void charactersXmlCannotCarryAreRefusedAnywhereInTheConfiguration() {
        String m = refusal(webCluster(), new CibEdit.ResourceDefaultsSet(map("description", "bad\u0007bell")));
        assertTrue(m.startsWith("a character XML cannot carry: U+0007 at line "), m);
        assertTrue(m.contains("name=\"description\" value=\"bad\\x07bell\""), m);
        assertTrue(refusal(webCluster(), new CibEdit.PropertySet(map("cluster-name", "\u001b[1mweb")))
                .contains("U+001B"));
        assertTrue(refusal(webCluster(), new CibEdit.RuleAdd("x.drl", "package admin.rules\n// \u0000\n", false))
                .contains("U+0000"));
    }
}
