package io.hapc.cli.constraint;

import static io.hapc.cli.EditMapping.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pcs-style constraint arguments → the edit sent to the daemon. */
class ConstraintEditMappingTest {
    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void location() {
        assertEquals(
                new CibEdit.LocationPrefers("WebSite", map("node1", "50", "node2", "")),
                edit("constraint", "location", "WebSite", "prefers", "node1=50", "node2"));
        assertEquals(
                new CibEdit.LocationAvoids("WebSite", map("node3", "")),
                edit("constraint", "location", "WebSite", "avoids", "node3"));
        assertEquals(
                new CibEdit.LocationAdd("l1", "WebSite", "node1", "100", Optional.of("exclusive")),
                edit("constraint", "location", "add", "l1", "WebSite", "node1", "100", "resource-discovery=exclusive"));
        assertEquals(
                new CibEdit.LocationAdd("l2", "WebSite", "node1", "-INFINITY", Optional.empty()),
                edit("constraint", "location", "add", "l2", "WebSite", "node1", "score=-INFINITY"));
        assertEquals(
                new CibEdit.LocationAdd("l3", "WebSite", "node1", "-100", Optional.empty()),
                edit("constraint", "location", "add", "l3", "WebSite", "node1", "--", "-100"));
        assertEquals(new CibEdit.ConstraintRemove(List.of("l1")), edit("constraint", "location", "remove", "l1"));
        assertEquals(
                "constraint location: expected RSC prefers|avoids NODE[=SCORE]… (or location add ID RSC NODE SCORE, location remove ID)",
                assertThrows(CommandFailure.class, () -> edit("constraint", "location", "WebSite", "likes", "node1"))
                        .getMessage());
    }

    @Test
    void colocation() {
        assertEquals(
                new CibEdit.ColocationAdd(
                        Optional.empty(), Optional.empty(), "WebSite", Optional.empty(), "VIP", Optional.empty()),
                edit("constraint", "colocation", "add", "WebSite", "with", "VIP"));
        assertEquals(
                new CibEdit.ColocationAdd(
                        Optional.of("c1"),
                        Optional.of("Promoted"),
                        "db",
                        Optional.of("Started"),
                        "VIP",
                        Optional.of("500")),
                edit("constraint", "colocation", "add", "Promoted", "db", "with", "Started", "VIP", "500", "id=c1"));
        assertEquals(
                new CibEdit.ColocationAdd(
                        Optional.empty(), Optional.empty(), "a", Optional.empty(), "b", Optional.of("-INFINITY")),
                edit("constraint", "colocation", "add", "a", "with", "b", "score=-INFINITY"));
        assertEquals(
                new CibEdit.ColocationRemove("WebSite", "VIP"),
                edit("constraint", "colocation", "remove", "WebSite", "VIP"));
        assertEquals(
                "constraint colocation add: expected [ROLE] RSC with [ROLE] WITH-RSC [SCORE]",
                assertThrows(CommandFailure.class, () -> edit("constraint", "colocation", "add", "a", "b"))
                        .getMessage());
    }

    @Test
    void negativeScoresNeedNoEscaping() {
        assertEquals(
                new CibEdit.LocationAdd("l4", "WebSite", "node1", "-INFINITY", Optional.empty()),
                edit("constraint", "location", "add", "l4", "WebSite", "node1", "-INFINITY"));
        assertEquals(
                new CibEdit.ColocationAdd(
                        Optional.empty(), Optional.empty(), "a", Optional.empty(), "b", Optional.of("-100")),
                edit("constraint", "colocation", "add", "a", "with", "b", "-100"));
    }

    @Test
    void order() {
        CibEdit plain = new CibEdit.OrderAdd(
                Optional.empty(),
                Optional.empty(),
                "VIP",
                Optional.empty(),
                "WebSite",
                Optional.empty(),
                Optional.empty());
        assertEquals(plain, edit("constraint", "order", "VIP", "then", "WebSite"));
        assertEquals(plain, edit("constraint", "order", "add", "VIP", "then", "WebSite"));
        assertEquals(
                new CibEdit.OrderAdd(
                        Optional.of("o1"),
                        Optional.of("promote"),
                        "db",
                        Optional.of("start"),
                        "app",
                        Optional.of("Optional"),
                        Optional.of("false")),
                edit(
                        "constraint",
                        "order",
                        "promote",
                        "db",
                        "then",
                        "start",
                        "app",
                        "kind=Optional",
                        "symmetrical=false",
                        "id=o1"));
        assertEquals(new CibEdit.OrderRemove(List.of("VIP")), edit("constraint", "order", "remove", "VIP"));
        assertEquals(new CibEdit.ConstraintRemove(List.of("a", "b")), edit("constraint", "remove", "a", "b"));
        assertEquals(new CibEdit.ConstraintRemove(List.of("a")), edit("constraint", "delete", "a"));
    }
}
