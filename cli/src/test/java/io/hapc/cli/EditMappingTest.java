package io.hapc.cli;

import static io.hapc.cli.EditMapping.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hapc.admin.CibEdit;
import io.hapc.admin.OpSpec;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.cli.stonith.StonithFenceCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** property, node, stonith and rules arguments → the edit (or request) sent to the daemon. */
class EditMappingTest {
    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void rulesDisableStoresARuleFileThatSwitchesTheBuiltInRuleOff() {
        assertEquals(
                new CibEdit.RuleAdd(
                        "disable-stickiness-prefer-the-current-node.drl",
                        "package admin.disabled\n// hapc: disables \"stickiness: prefer the current node\"\n",
                        false),
                edit("rules", "disable", "stickiness: prefer the current node"));
    }

    @Test
    void property() {
        assertEquals(
                new CibEdit.PropertySet(map("stonith-enabled", "false", "cluster-name", "web")),
                edit("property", "set", "stonith-enabled=false", "cluster-name=web"));
        assertEquals(
                new CibEdit.PropertyUnset(List.of("no-quorum-policy")), edit("property", "unset", "no-quorum-policy"));
    }

    @Test
    void nodes() {
        assertEquals(
                new CibEdit.NodeStandby(List.of("node1", "node2"), false, true),
                edit("node", "standby", "node1", "node2"));
        assertEquals(new CibEdit.NodeStandby(List.of(), true, false), edit("node", "unstandby", "--all"));
        assertEquals(new CibEdit.NodeMaintenance(List.of("node3"), false, true), edit("node", "maintenance", "node3"));
        assertEquals(new CibEdit.NodeMaintenance(List.of(), true, false), edit("node", "unmaintenance", "--all"));
        assertEquals(
                new CibEdit.NodeAttributeSet("node3", map("disk", "slow", "rack", "")),
                edit("node", "attribute", "node3", "disk=slow", "rack="));
    }

    @Test
    void acl() {
        assertEquals(
                new CibEdit.AclRoleCreate(
                        "operator",
                        java.util.Optional.of("web team"),
                        List.of(
                                new CibEdit.AclPermissionSpec("read", "xpath", "/cib"),
                                new CibEdit.AclPermissionSpec("write", "id", "Web"))),
                edit(
                        "acl",
                        "role",
                        "create",
                        "operator",
                        "description=web team",
                        "read",
                        "xpath",
                        "/cib",
                        "write",
                        "id",
                        "Web"));
        assertEquals(
                new CibEdit.AclTargetCreate("alice", List.of("operator", "viewer")),
                edit("acl", "user", "create", "alice", "operator", "viewer"));
        assertEquals(
                new CibEdit.AclPermissionAdd("operator", List.of(new CibEdit.AclPermissionSpec("deny", "id", "VIP"))),
                edit("acl", "permission", "add", "operator", "deny", "id", "VIP"));
        assertEquals(new CibEdit.PropertySet(map("enable-acl", "true")), edit("acl", "enable"));
        var f = org.junit.jupiter.api.Assertions.assertThrows(
                ExitCodes.CommandFailure.class, () -> edit("acl", "role", "create", "r", "read", "xpath"));
        assertEquals(
                "acl role create r: permissions come in threes: read|write|deny xpath XPATH, or read|write|deny id ID "
                        + "(got: read xpath)",
                f.getMessage());
    }

    @Test
    void stonith() {
        assertEquals(
                new CibEdit.StonithCreate(
                        "f1",
                        "fence_ipmilan",
                        map("ip", "192.0.2.1", "pcmk_host_list", "node1"),
                        List.of(new OpSpec("monitor", map("interval", "120s"))),
                        map(),
                        true,
                        false),
                edit(
                        "stonith",
                        "create",
                        "f1",
                        "fence_ipmilan",
                        "ip=192.0.2.1",
                        "pcmk_host_list=node1",
                        "op",
                        "monitor",
                        "interval=120s",
                        "--disabled"));
        assertEquals(new CibEdit.StonithDelete("f1"), edit("stonith", "delete", "f1"));
        CommandLine.ParseResult r = HapcCommand.newCommandLine().parseArgs("stonith", "fence", "node2", "--off");
        StonithFenceCommand fence =
                (StonithFenceCommand) r.subcommand().subcommand().commandSpec().userObject();
        assertEquals(new AdminRequest.Fence("node2", "off"), fence.request());
    }

    /** Issue 8, finding 5: refused before anything is sent, naming the device, parameter, character and position. */
    @Test
    void controlCharactersInParametersAreInvalidInput() {
        var f = org.junit.jupiter.api.Assertions.assertThrows(
                ExitCodes.CommandFailure.class,
                () -> edit("stonith", "create", "sd", "fence_dummy", "status_file=/tmp/s\naction=off"));
        assertEquals(ExitCodes.INVALID_INPUT, f.exitCode());
        org.junit.jupiter.api.Assertions.assertTrue(
                f.getMessage()
                        .startsWith(
                                "stonith create sd: parameter 'status_file' has the control character U+000A (line feed) at character 7"),
                f.getMessage());
        var meta = org.junit.jupiter.api.Assertions.assertThrows(
                ExitCodes.CommandFailure.class,
                () -> edit("resource", "create", "d", "ocf:heartbeat:Dummy", "meta", "description=a\tb"));
        org.junit.jupiter.api.Assertions.assertTrue(
                meta.getMessage().contains("meta attribute 'description' has the control character U+0009"),
                meta.getMessage());
    }

    @Test
    void rules(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("slow-disks.drl");
        Files.writeString(file, "package admin.rules\n");
        assertEquals(
                new CibEdit.RuleAdd("slow-disks.drl", "package admin.rules\n", false),
                edit("rules", "add", file.toString()));
        assertEquals(
                new CibEdit.RuleAdd("other.drl", "package admin.rules\n", true),
                edit("rules", "add", file.toString(), "--name", "other.drl", "--replace"));
        assertEquals(new CibEdit.RuleRemove("slow-disks.drl"), edit("rules", "remove", "slow-disks.drl"));
    }
}
