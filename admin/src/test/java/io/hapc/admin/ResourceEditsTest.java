package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.constraint;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.primitive;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.resource;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Status;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.model.xml.CibXmlWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** resource create, delete, update, enable, disable. */
class ResourceEditsTest {
    private static CibEdit.ResourceCreate create(
            String id, String agent, Map<String, String> params, List<OpSpec> ops) {
        return new CibEdit.ResourceCreate(
                id,
                agent,
                params,
                ops,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                false,
                false);
    }

    @Test
    void createWritesParamsOpsAndTheAgentsDefaultOperations() throws Exception {
        Cib before = webCluster();
        Cib after = apply(
                before,
                create(
                        "VIP2",
                        "ocf:heartbeat:IPaddr2",
                        map("ip", "10.0.0.9", "cidr_netmask", "24"),
                        List.of(new OpSpec("monitor", map("interval", "30s", "timeout", "20s")))));
        Resource.Primitive p = primitive(after, "VIP2");
        assertEquals("ocf:heartbeat:IPaddr2", p.agent());
        assertEquals(
                map("ip", "10.0.0.9", "cidr_netmask", "24"),
                p.instanceSets().get(0).values());
        assertEquals("VIP2-instance_attributes", p.instanceSets().get(0).id());
        Operation monitor = p.operations().stream()
                .filter(o -> o.name().equals("monitor"))
                .findFirst()
                .orElseThrow();
        assertEquals(30_000, monitor.intervalMs());
        assertEquals(Optional.of(20_000L), monitor.timeoutMs());
        assertEquals("VIP2-monitor-interval-30s", monitor.id());
        assertEquals(
                List.of("monitor", "start", "stop"),
                p.operations().stream().map(Operation::name).toList(),
                "the given monitor, then the agent's start and stop");
        assertEquals(before.version().nextEpoch(), after.version());
        // the new resource is written as Pacemaker XML and read back the same
        assertEquals(after, CibXmlReader.read(CibXmlWriter.write(after), "written"));
    }

    @Test
    void aGuestOrRemoteNodeIsRefusedWhileNoDaemonCanConnectToIt() {
        Cib before = webCluster();
        String guest = refusal(
                before,
                new CibEdit.ResourceCreate(
                        "vm1",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map("remote-node", "guest1"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        true,
                        false));
        assertTrue(guest.contains("guest node 'guest1'") && guest.contains("cannot connect to them yet"), guest);
    }

    @Test
    void createWithoutDefaultOpsStillGetsAMonitor() throws Exception {
        Cib after = apply(
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
                        true,
                        false));
        List<Operation> ops = primitive(after, "d").operations();
        assertEquals(1, ops.size());
        assertEquals(60_000, ops.get(0).intervalMs());
    }

    @Test
    void createDisabledInANewGroupAfterAMember() throws Exception {
        Cib cib = apply(
                webCluster(),
                new CibEdit.ResourceCreate(
                        "d1",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map(),
                        Optional.of("g"),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        false,
                        false));
        cib = apply(
                cib,
                new CibEdit.ResourceCreate(
                        "d2",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map(),
                        Optional.of("g"),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        false,
                        false));
        cib = apply(
                cib,
                new CibEdit.ResourceCreate(
                        "d3",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map("priority", "5"),
                        Optional.of("g"),
                        Optional.empty(),
                        Optional.of("d1"),
                        true,
                        false,
                        false));
        Resource.Group g = (Resource.Group) resource(cib, "g");
        assertEquals(
                List.of("d1", "d3", "d2"),
                g.members().stream().map(Resource.Primitive::id).toList());
        assertEquals(
                map("priority", "5", "target-role", "Stopped"),
                primitive(cib, "d3").metaSets().get(0).values());
    }

    @Test
    void createRefusesWhatWouldBreak() {
        Cib cib = webCluster();
        assertEquals(
                "resource VIP3: ocf:heartbeat:IPaddr2: required parameter 'ip' is missing (ip parameter); add ip=VALUE"
                        + " (hapc resource describe ocf:heartbeat:IPaddr2 lists the parameters)",
                refusal(cib, create("VIP3", "ocf:heartbeat:IPaddr2", map("cidr_netmask", "24"), List.of())));
        assertTrue(refusal(cib, create("x", "ocf:heartbeat:NoSuchAgent", map(), List.of()))
                .matches("resource x: unknown agent ocf:heartbeat:NoSuchAgent.*add --force.*"));
        assertTrue(refusal(cib, create("x", "ocf:Dummy", map(), List.of()))
                .contains("an OCF agent is named ocf:PROVIDER:TYPE, e.g. ocf:heartbeat:Dummy"));
        assertTrue(refusal(cib, create("x", "stonith:fence_dummy", map(), List.of()))
                .contains("hapc stonith create x fence_dummy"));
        assertEquals(
                "the id 'VIP' is already used in the CIB; choose another resource id",
                refusal(cib, create("VIP", "ocf:heartbeat:Dummy", map(), List.of())));
        assertTrue(refusal(cib, create("1st", "ocf:heartbeat:Dummy", map(), List.of()))
                .startsWith("'1st' is not a valid resource id"));
        assertEquals(
                "resource x op monitor interval: 'often' is not a duration (e.g. 30s, 500ms, 5min, 1h, PT10M)",
                refusal(
                        cib,
                        create(
                                "x",
                                "ocf:heartbeat:Dummy",
                                map(),
                                List.of(new OpSpec("monitor", map("interval", "often"))))));
        assertTrue(refusal(
                        cib,
                        create(
                                "x",
                                "ocf:heartbeat:Dummy",
                                map(),
                                List.of(
                                        new OpSpec("monitor", map("interval", "10s")),
                                        new OpSpec("monitor", map("interval", "10s")))))
                .contains("two 'monitor' operations with interval 10s"));
        assertEquals(
                "resource x meta resource-stickiness: 'lots' is not a score (an integer, INFINITY or -INFINITY)",
                refusal(
                        cib,
                        new CibEdit.ResourceCreate(
                                "x",
                                "ocf:heartbeat:Dummy",
                                map(),
                                List.of(),
                                map("resource-stickiness", "lots"),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                false,
                                false)));
        assertEquals(
                "group VIP: 'VIP' is a primitive, not a group; choose another group name",
                refusal(
                        cib,
                        new CibEdit.ResourceCreate(
                                "x",
                                "ocf:heartbeat:Dummy",
                                map(),
                                List.of(),
                                map(),
                                Optional.of("VIP"),
                                Optional.empty(),
                                Optional.empty(),
                                false,
                                false,
                                false)));
    }

    @Test
    void forceSkipsTheAgentChecks() throws Exception {
        Cib after = apply(
                webCluster(),
                new CibEdit.ResourceCreate(
                        "x",
                        "ocf:vendor:Special",
                        map("a", "b"),
                        List.of(),
                        map(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        false,
                        true));
        assertEquals("ocf:vendor:Special", primitive(after, "x").agent());
    }

    @Test
    void unknownParametersAreWarnings() throws Exception {
        CibEditor.EditOutcome o =
                outcome(webCluster(), create("d", "ocf:heartbeat:Dummy", map("colour", "red"), List.of()));
        assertTrue(o.changed());
        assertEquals(1, o.warnings().size(), o.warnings().toString());
        assertTrue(
                o.warnings().get(0).contains("unknown parameter 'colour'"),
                o.warnings().get(0));
    }

    @Test
    void deleteRemovesTheConstraintsNamingIt() throws Exception {
        CibEditor.EditOutcome o = outcome(webCluster(), new CibEdit.ResourceDelete("VIP"));
        Cib after = o.cib();
        assertTrue(Resources.find(after.resources(), "VIP").isEmpty());
        assertEquals(
                List.of("WebSite-avoids-slow-disks"),
                after.constraints().stream().map(c -> c.id()).toList());
        assertEquals(
                "Deleted primitive 'VIP'; removed constraints: WebSite-with-VIP, VIP-then-WebSite, VIP-prefers-node1",
                o.message());
        // still in the status: the engine stops it as an orphan
        assertEquals(webCluster().status(), after.status());
    }

    @Test
    void deleteRemovesTicketConstraintsNamingItAndKeepsTicketStates() throws Exception {
        Cib cib = webCluster()
                .withConstraints(List.of(
                        new Constraint.Ticket(
                                "VIP-needs-T", Optional.of("VIP"), Optional.empty(), "T", Optional.empty(), List.of()),
                        new Constraint.Ticket(
                                "both-need-T",
                                Optional.empty(),
                                Optional.empty(),
                                "T",
                                Optional.of(Constraint.LossPolicy.FREEZE),
                                List.of(new Constraint.ResourceSet(
                                        "both",
                                        List.of("VIP", "WebSite"),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty())))));
        cib = cib.withStatus(new Status(
                cib.status().nodeStates(),
                List.of(new Status.TicketState("T", true, false, Optional.of(1700000000L), Map.of()))));
        CibEditor.EditOutcome o = outcome(cib, new CibEdit.ResourceDelete("VIP"));
        assertEquals("Deleted primitive 'VIP'; removed constraints: VIP-needs-T", o.message());
        Constraint.Ticket kept = (Constraint.Ticket) o.cib().constraints().get(0);
        assertEquals(List.of("WebSite"), kept.sets().get(0).resources(), "the set keeps its other member");
        assertEquals(cib.status().tickets(), o.cib().status().tickets());
    }

    @Test
    void deletingTheLastGroupMemberDeletesTheGroup() throws Exception {
        Cib cib =
                apply(webCluster(), new CibEdit.GroupAdd("g", List.of("WebSite"), Optional.empty(), Optional.empty()));
        Cib after = apply(cib, new CibEdit.ResourceDelete("WebSite"));
        assertTrue(Resources.find(after.resources(), "g").isEmpty());
        assertEquals(
                "no resource 'nope' in the CIB (resources: fence-all, VIP); see hapc resource show",
                refusal(after, new CibEdit.ResourceDelete("nope")));
    }

    @Test
    void updateChangesParamsMetaAndReplacesOpsOfTheSameAction() throws Exception {
        Cib after = apply(
                webCluster(),
                new CibEdit.ResourceUpdate(
                        "VIP",
                        map("cidr_netmask", "", "nic", "eth1"),
                        List.of(new OpSpec("monitor", map("interval", "10s"))),
                        map("migration-threshold", "3")));
        Resource.Primitive p = primitive(after, "VIP");
        assertEquals(
                map("ip", "198.18.77.100", "nic", "eth1"),
                p.instanceSets().get(0).values());
        assertEquals(
                List.of(10_000L),
                p.operations().stream().map(Operation::intervalMs).toList());
        assertEquals(map("migration-threshold", "3"), p.metaSets().get(0).values());
        assertEquals(
                "resource VIP: ocf:heartbeat:IPaddr2: required parameter 'ip' is missing (ip parameter); add ip=VALUE"
                        + " (hapc resource describe ocf:heartbeat:IPaddr2 lists the parameters)",
                refusal(after, new CibEdit.ResourceUpdate("VIP", map("ip", ""), List.of(), map())));
    }

    @Test
    void disableAndEnableSetAndRemoveTargetRole() throws Exception {
        Cib disabled = apply(webCluster(), new CibEdit.ResourceDisable(List.of("WebSite")));
        assertEquals(
                Optional.of("Stopped"),
                NvSets.value(primitive(disabled, "WebSite").metaSets(), "target-role"));
        Cib enabled = apply(disabled, new CibEdit.ResourceEnable(List.of("WebSite")));
        assertEquals(List.of(), primitive(enabled, "WebSite").metaSets(), "the emptied meta set goes");
        CibEditor.EditOutcome again = outcome(enabled, new CibEdit.ResourceEnable(List.of("WebSite")));
        assertFalse(again.changed());
        assertEquals(enabled.version(), again.cib().version(), "nothing changed: same version");
    }

    @Test
    void referencesInConstraintsSurviveUnrelatedEdits() throws Exception {
        Cib after = apply(webCluster(), new CibEdit.ResourceDisable(List.of("VIP")));
        assertTrue(constraint(after, "WebSite-with-VIP").isPresent());
    }

    /** Found by CibEditSequencesTest: an empty meta value was stored as "" and the engine, reading it as a score, refused the edit. */
    @Test
    void anEmptyMetaValueInACreateLeavesTheNameUnset() throws Exception {
        Cib cib = Fixtures.apply(
                Fixtures.webCluster(),
                new CibEdit.ResourceCreate(
                        "r1",
                        "ocf:heartbeat:Dummy",
                        java.util.Map.of(),
                        java.util.List.of(),
                        Fixtures.map("migration-threshold", "", "resource-stickiness", "50"),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        true,
                        false,
                        false));
        assertEquals(
                Fixtures.map("resource-stickiness", "50", "target-role", "Stopped"),
                NvSets.merged(Fixtures.primitive(cib, "r1").metaSets()));
        Cib cloned = Fixtures.apply(
                cib, new CibEdit.CloneCreate("r1", java.util.Optional.empty(), Fixtures.map("clone-max", "")));
        assertEquals(
                java.util.Map.of(),
                NvSets.merged(Fixtures.resource(cloned, "r1-clone").metaSets()));
    }
}
