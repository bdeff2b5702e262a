package io.hapc.admin;

import static io.hapc.admin.Fixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every edit crosses the daemon socket as JSON and comes back equal. */
class CibEditJsonTest {
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    static Stream<CibEdit> examples() {
        List<OpSpec> ops = List.of(
                new OpSpec("monitor", map("interval", "30s", "timeout", "20s")),
                new OpSpec("start", map("timeout", "60s")));
        return Stream.of(
                new CibEdit.PropertySet(map("stonith-enabled", "false", "cluster-name", "web")),
                new CibEdit.PropertyUnset(List.of("no-quorum-policy")),
                new CibEdit.ResourceCreate(
                        "VIP2",
                        "ocf:heartbeat:IPaddr2",
                        map("ip", "10.0.0.1"),
                        ops,
                        map("resource-stickiness", "100"),
                        Optional.of("web"),
                        Optional.empty(),
                        Optional.of("VIP"),
                        true,
                        false,
                        false),
                new CibEdit.ResourceDelete("VIP"),
                new CibEdit.ResourceUpdate("VIP", map("cidr_netmask", ""), ops, map("priority", "10")),
                new CibEdit.ResourceEnable(List.of("VIP", "WebSite")),
                new CibEdit.ResourceDisable(List.of("VIP")),
                new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.of("PT1H"), false),
                new CibEdit.ResourceBan("VIP", Optional.empty(), Optional.empty(), true),
                new CibEdit.ResourceClear("VIP", Optional.of("node2")),
                new CibEdit.ResourceCleanup(Optional.of("VIP"), Optional.empty()),
                new CibEdit.GroupAdd("web", List.of("VIP", "WebSite"), Optional.empty(), Optional.empty()),
                new CibEdit.CloneCreate("VIP", Optional.of("vips"), map("clone-max", "2")),
                new CibEdit.PromotableCreate("db", Optional.empty(), map()),
                new CibEdit.ResourceDefaultsSet(map("resource-stickiness", "100")),
                new CibEdit.OpDefaultsSet(map("timeout", "60s")),
                new CibEdit.LocationPrefers("VIP", map("node1", "", "node2", "50")),
                new CibEdit.LocationAvoids("VIP", map("node3", "INFINITY")),
                new CibEdit.LocationAdd("loc1", "VIP", "node1", "100", Optional.of("exclusive")),
                new CibEdit.ColocationAdd(
                        Optional.empty(), Optional.of("Promoted"), "db", Optional.empty(), "VIP", Optional.of("-100")),
                new CibEdit.ColocationRemove("WebSite", "VIP"),
                new CibEdit.OrderAdd(
                        Optional.of("o1"),
                        Optional.of("promote"),
                        "db",
                        Optional.of("start"),
                        "VIP",
                        Optional.of("Optional"),
                        Optional.of("false")),
                new CibEdit.OrderRemove(List.of("VIP")),
                new CibEdit.ConstraintRemove(List.of("VIP-prefers-node1")),
                new CibEdit.NodeStandby(List.of("node1"), false, true),
                new CibEdit.NodeMaintenance(List.of(), true, false),
                new CibEdit.NodeAttributeSet("node3", map("disk", "fast", "rack", "")),
                new CibEdit.NodeTransientAttributeSet("node3", map("master-db", "10", "old", "")),
                new CibEdit.NodeDelete("node3"),
                new CibEdit.StonithCreate(
                        "fence1",
                        "fence_dummy",
                        map("pcmk_host_map", "node1:1;node2:2"),
                        List.of(),
                        map(),
                        false,
                        true),
                new CibEdit.StonithDelete("fence1"),
                new CibEdit.RuleAdd("slow-disks.drl", "package admin.rules\n// <x> & \"y\"\n", true),
                new CibEdit.RuleRemove("slow-disks.drl"),
                new CibEdit.AclRoleCreate(
                        "operator", Optional.of("web"), List.of(new CibEdit.AclPermissionSpec("write", "id", "VIP"))),
                new CibEdit.AclRoleDelete("operator"),
                new CibEdit.AclPermissionAdd(
                        "operator", List.of(new CibEdit.AclPermissionSpec("deny", "xpath", "/cib/status"))),
                new CibEdit.AclTargetCreate("alice", List.of("operator")),
                new CibEdit.AclTargetDelete("alice"),
                new CibEdit.CheckpointRestore(3, "<cib admin_epoch=\"0\" epoch=\"7\"><configuration/></cib>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void roundTripsThroughTheProtocolMapper(CibEdit edit) throws Exception {
        String text = JSON.writeValueAsString(new AdminRequest.Edit(edit));
        AdminRequest back = JSON.readValue(text, AdminRequest.class);
        assertEquals(new AdminRequest.Edit(edit), back, text);
        JsonNode node = JSON.readTree(text).get("edit");
        assertTrue(node.get("edit").isTextual(), "the edit type travels as 'edit': " + text);
    }

    @Test
    void everyEditTypeHasAnExampleAndAName() {
        Set<Class<?>> covered = examples().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> all =
                Arrays.stream(CibEdit.class.getPermittedSubclasses()).collect(Collectors.toSet());
        assertEquals(all, covered);
        com.fasterxml.jackson.annotation.JsonSubTypes types =
                CibEdit.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
        assertEquals(
                all,
                Arrays.stream(types.value())
                        .map(com.fasterxml.jackson.annotation.JsonSubTypes.Type::value)
                        .collect(Collectors.toSet()));
    }

    @Test
    void missingOptionalFieldsReadAsEmpty() throws Exception {
        CibEdit e = JSON.readValue("{\"edit\":\"resource-move\",\"id\":\"VIP\"}", CibEdit.class);
        assertEquals(new CibEdit.ResourceMove("VIP", Optional.empty(), Optional.empty(), false), e);
        CibEdit c = JSON.readValue(
                "{\"edit\":\"resource-create\",\"id\":\"d\",\"agent\":\"ocf:heartbeat:Dummy\"}", CibEdit.class);
        assertEquals(List.of(), ((CibEdit.ResourceCreate) c).ops());
        assertEquals(java.util.Map.of(), ((CibEdit.ResourceCreate) c).params());
    }

    @Test
    void parameterOrderSurvives() throws Exception {
        CibEdit e = new CibEdit.PropertySet(map("z", "1", "a", "2", "m", "3"));
        CibEdit back = JSON.readValue(JSON.writeValueAsString(e), CibEdit.class);
        assertEquals(
                List.of("z", "a", "m"),
                List.copyOf(((CibEdit.PropertySet) back).values().keySet()));
    }
}
