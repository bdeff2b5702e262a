package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.primitive;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stonith create / delete. */
class FencingEditsTest {
    private static CibEdit.StonithCreate create(String id, String agent, Map<String, String> params) {
        return new CibEdit.StonithCreate(id, agent, params, List.of(), Map.of(), false, false);
    }

    @Test
    void createMakesAStonithPrimitiveWithAMonitor() throws Exception {
        CibEditor.EditOutcome o =
                outcome(webCluster(), create("fence2", "fence_dummy", map("pcmk_host_map", "node1:1;node2:2")));
        Resource.Primitive p = primitive(o.cib(), "fence2");
        assertEquals("stonith:fence_dummy", p.agent());
        assertEquals(
                map("pcmk_host_map", "node1:1;node2:2"), p.instanceSets().get(0).values());
        assertEquals(
                List.of(60_000L),
                p.operations().stream().map(Operation::intervalMs).toList());
        assertEquals(List.of(), o.warnings(), "plug is supplied by Pacemaker; pcmk_* parameters are not the agent's");
        assertEquals("Fencing device 'fence2' (fence_dummy) created", o.message());
    }

    @Test
    void hostParametersAreChecked() throws Exception {
        assertEquals(
                "fencing device f: pcmk_host_map entry 'node1' is not NODE:PORT (e.g. pcmk_host_map=\"node1:1;node2:2\")",
                refusal(webCluster(), create("f", "stonith:fence_dummy", map("pcmk_host_map", "node1"))));
        assertEquals(
                "fencing device f: pcmk_host_check=sometimes: expected one of static-list, dynamic-list, status, none",
                refusal(webCluster(), create("f", "fence_dummy", map("pcmk_host_check", "sometimes"))));
        assertEquals(
                "fencing device f pcmk_delay_max: 'later' is not a duration (e.g. 30s, 500ms, 5min, 1h, PT10M)",
                refusal(webCluster(), create("f", "fence_dummy", map("pcmk_delay_max", "later"))));
        CibEditor.EditOutcome o =
                outcome(webCluster(), create("f", "fence_dummy", map("pcmk_host_list", "node1 node9")));
        assertEquals(
                List.of("fencing device f: pcmk_host_list names 'node9', which is not a cluster node"), o.warnings());
    }

    @Test
    void agentNamesAreChecked() {
        assertTrue(refusal(webCluster(), create("f", "ocf:heartbeat:Dummy", map()))
                .startsWith("fencing device f: 'ocf:heartbeat:Dummy' is not a fence agent (expected fence_NAME"));
        assertTrue(refusal(webCluster(), create("f", "fence_nosuch", map()))
                .startsWith("fencing device f: unknown agent stonith:fence_nosuch"));
    }

    @Test
    void deleteOnlyDeletesFencingDevices() throws Exception {
        CibEditor.EditOutcome o = outcome(webCluster(), new CibEdit.StonithDelete("fence-all"));
        assertTrue(Resources.find(o.cib().resources(), "fence-all").isEmpty());
        assertEquals("Deleted fencing device 'fence-all'", o.message());
        assertEquals(
                "'VIP' is a primitive, not a fencing device; delete it with hapc resource delete VIP",
                refusal(webCluster(), new CibEdit.StonithDelete("VIP")));
        assertEquals(
                "no fencing device 'f9' in the CIB (fencing devices: fence-all); see hapc stonith show",
                refusal(webCluster(), new CibEdit.StonithDelete("f9")));
        Cib none = apply(webCluster(), new CibEdit.StonithDelete("fence-all"));
        assertEquals(
                "no fencing device 'fence-all' in the CIB (none is configured); see hapc stonith show",
                refusal(none, new CibEdit.StonithDelete("fence-all")));
    }

    @Test
    void unfencingIsRefusedWhileNoDaemonCanUnfence() throws Exception {
        String device = refusal(
                webCluster(),
                new CibEdit.StonithCreate(
                        "scsi", "fence_dummy", map(), List.of(), map("provides", "unfencing"), false, false));
        assertTrue(
                device.startsWith("this would use unfencing: scsi (provides=unfencing); hapc simulate plans unfencing,"
                        + " but hapc's daemons cannot unfence nodes yet"),
                device);
        assertTrue(device.endsWith("(the CIB was not changed)"), device);
        String resource = refusal(
                webCluster(),
                new CibEdit.ResourceCreate(
                        "d",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map("requires", "unfencing"),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        false,
                        true,
                        false));
        assertTrue(resource.startsWith("this would use unfencing: d (requires=unfencing)"), resource);
        // Other requirements stay allowed.
        outcome(
                webCluster(),
                new CibEdit.ResourceCreate(
                        "d",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map("requires", "fencing"),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        false,
                        true,
                        false));
    }
}
