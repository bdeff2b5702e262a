package io.hapc.cli.resource;

import static io.hapc.cli.EditMapping.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hapc.admin.CibEdit;
import io.hapc.admin.OpSpec;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pcs-style resource arguments → the edit sent to the daemon. */
class ResourceEditMappingTest {
    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void createWithParamsOpsMetaAndGroup() {
        CibEdit e = edit(
                "resource",
                "create",
                "VIP",
                "ocf:heartbeat:IPaddr2",
                "ip=192.0.2.10",
                "cidr_netmask=24",
                "op",
                "monitor",
                "interval=30s",
                "timeout=20s",
                "start",
                "timeout=60s",
                "meta",
                "resource-stickiness=100",
                "--group",
                "web",
                "--after",
                "fs",
                "--disabled");
        assertEquals(
                new CibEdit.ResourceCreate(
                        "VIP",
                        "ocf:heartbeat:IPaddr2",
                        map("ip", "192.0.2.10", "cidr_netmask", "24"),
                        List.of(
                                new OpSpec("monitor", map("interval", "30s", "timeout", "20s")),
                                new OpSpec("start", map("timeout", "60s"))),
                        map("resource-stickiness", "100"),
                        Optional.of("web"),
                        Optional.empty(),
                        Optional.of("fs"),
                        true,
                        false,
                        false),
                e);
    }

    @Test
    void createWithRepeatedOpKeywordsAndMetaFirst() {
        CibEdit e = edit(
                "resource",
                "create",
                "d",
                "ocf:heartbeat:Dummy",
                "meta",
                "priority=3",
                "op",
                "monitor",
                "interval=10s",
                "op",
                "stop",
                "timeout=30s",
                "--no-default-ops",
                "--force");
        assertEquals(
                new CibEdit.ResourceCreate(
                        "d",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(
                                new OpSpec("monitor", map("interval", "10s")),
                                new OpSpec("stop", map("timeout", "30s"))),
                        map("priority", "3"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        true,
                        true),
                e);
    }

    @Test
    void badArgumentsAreInvalidInput() {
        CommandFailure f = assertThrows(
                CommandFailure.class, () -> edit("resource", "create", "d", "ocf:heartbeat:Dummy", "clone"));
        assertEquals(ExitCodes.INVALID_INPUT, f.exitCode());
        assertEquals("resource create d: 'clone' is not NAME=VALUE", f.getMessage());
        assertEquals(
                "resource create d: 'op' must be followed by an action, e.g. op monitor interval=30s",
                assertThrows(
                                CommandFailure.class,
                                () -> edit("resource", "create", "d", "ocf:heartbeat:Dummy", "op", "interval=1s"))
                        .getMessage());
    }

    @Test
    void updateMetaDeleteEnableDisable() {
        assertEquals(
                new CibEdit.ResourceUpdate(
                        "VIP",
                        map("cidr_netmask", ""),
                        List.of(new OpSpec("monitor", map("interval", "5s"))),
                        map("priority", "1")),
                edit(
                        "resource",
                        "update",
                        "VIP",
                        "cidr_netmask=",
                        "op",
                        "monitor",
                        "interval=5s",
                        "meta",
                        "priority=1"));
        assertEquals(
                new CibEdit.ResourceUpdate("web", map(), List.of(), map("resource-stickiness", "50")),
                edit("resource", "meta", "web", "resource-stickiness=50"));
        assertEquals(new CibEdit.ResourceDelete("VIP"), edit("resource", "delete", "VIP"));
        assertEquals(new CibEdit.ResourceDelete("VIP"), edit("resource", "remove", "VIP"));
        assertEquals(new CibEdit.ResourceEnable(List.of("a", "b")), edit("resource", "enable", "a", "b"));
        assertEquals(new CibEdit.ResourceDisable(List.of("a")), edit("resource", "disable", "a"));
    }

    @Test
    void moveBanClearCleanup() {
        assertEquals(
                new CibEdit.ResourceMove("VIP", Optional.of("node2"), Optional.of("PT1H"), false),
                edit("resource", "move", "VIP", "node2", "lifetime=PT1H"));
        assertEquals(
                new CibEdit.ResourceMove("VIP", Optional.empty(), Optional.of("30min"), true),
                edit("resource", "move", "VIP", "--lifetime", "30min", "--promoted"));
        assertEquals(
                new CibEdit.ResourceBan("VIP", Optional.of("node1"), Optional.empty(), false),
                edit("resource", "ban", "VIP", "node1"));
        assertEquals(new CibEdit.ResourceClear("VIP", Optional.of("node1")), edit("resource", "clear", "VIP", "node1"));
        assertEquals(
                new CibEdit.ResourceCleanup(Optional.of("VIP"), Optional.of("node1")),
                edit("resource", "cleanup", "VIP", "node=node1"));
        assertEquals(new CibEdit.ResourceCleanup(Optional.empty(), Optional.empty()), edit("resource", "cleanup"));
        assertEquals(
                "resource move VIP: one node only ('node1' and 'node2')",
                assertThrows(CommandFailure.class, () -> edit("resource", "move", "VIP", "node1", "node2"))
                        .getMessage());
    }

    @Test
    void groupsClonesAndDefaults() {
        assertEquals(
                new CibEdit.GroupAdd("web", List.of("fs", "VIP"), Optional.of("WebSite"), Optional.empty()),
                edit("resource", "group", "add", "web", "fs", "VIP", "--before", "WebSite"));
        assertEquals(
                new CibEdit.CloneCreate("ping", Optional.empty(), map("clone-max", "2", "interleave", "true")),
                edit("resource", "clone", "ping", "clone-max=2", "interleave=true"));
        assertEquals(
                new CibEdit.PromotableCreate("db", Optional.of("db-ms"), map("promoted-max", "1")),
                edit("resource", "promotable", "db", "db-ms", "promoted-max=1"));
        assertEquals(
                new CibEdit.ResourceDefaultsSet(map("resource-stickiness", "100")),
                edit("resource", "defaults", "update", "resource-stickiness=100"));
        assertEquals(
                new CibEdit.ResourceDefaultsSet(map("migration-threshold", "3")),
                edit("resource", "defaults", "migration-threshold=3"));
        assertEquals(
                new CibEdit.OpDefaultsSet(map("timeout", "60s")),
                edit("resource", "op", "defaults", "update", "timeout=60s"));
    }
}
