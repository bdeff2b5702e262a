package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.constraint;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Score;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** constraint location / colocation / order add and remove. */
class ConstraintEditsTest {
    @Test
    void prefersAndAvoidsWritePcsStyleConstraintsAndReplaceTheirOwn() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.LocationPrefers("WebSite", map("node2", "", "node3", "50")));
        Constraint.Location l = (Constraint.Location)
                constraint(cib, "location-WebSite-node2-INFINITY").orElseThrow();
        assertEquals(Optional.of(Score.INFINITY), l.score());
        assertEquals(
                Optional.of(50),
                ((Constraint.Location)
                                constraint(cib, "location-WebSite-node3-50").orElseThrow())
                        .score());
        CibEditor.EditOutcome o = outcome(cib, new CibEdit.LocationAvoids("WebSite", map("node3", "")));
        assertTrue(constraint(o.cib(), "location-WebSite-node3-50").isEmpty());
        assertEquals(
                Optional.of(Score.MINUS_INFINITY),
                ((Constraint.Location) constraint(o.cib(), "location-WebSite-node3--INFINITY")
                                .orElseThrow())
                        .score());
        assertEquals(
                "Added location-WebSite-node3--INFINITY (node3 -INFINITY); replaced location-WebSite-node3-50",
                o.message());
    }

    @Test
    void locationAdd() throws Exception {
        Cib cib = apply(
                webCluster(), new CibEdit.LocationAdd("web-on-2", "WebSite", "node2", "200", Optional.of("never")));
        Constraint.Location l =
                (Constraint.Location) constraint(cib, "web-on-2").orElseThrow();
        assertEquals(Optional.of(200), l.score());
        assertEquals(Optional.of("never"), l.resourceDiscovery());
        assertEquals(
                "constraint location add x: resource-discovery=sometimes: expected always, never or exclusive",
                refusal(webCluster(), new CibEdit.LocationAdd("x", "WebSite", "node2", "1", Optional.of("sometimes"))));
        assertEquals(
                "constraint location add x score: 'high' is not a score (an integer, INFINITY or -INFINITY)",
                refusal(webCluster(), new CibEdit.LocationAdd("x", "WebSite", "node2", "high", Optional.empty())));
        assertEquals(
                "the id 'VIP-prefers-node1' is already used in the CIB; choose another constraint id",
                refusal(
                        webCluster(),
                        new CibEdit.LocationAdd("VIP-prefers-node1", "WebSite", "node2", "1", Optional.empty())));
        assertEquals(
                "no resource 'Web' in the CIB (resources: fence-all, VIP, WebSite); see hapc resource show",
                refusal(webCluster(), new CibEdit.LocationPrefers("Web", map("node1", ""))));
        assertEquals(
                "constraint location WebSite prefers: no node 'node4' in the CIB (nodes: node1, node2, node3)",
                refusal(webCluster(), new CibEdit.LocationPrefers("WebSite", map("node4", ""))));
    }

    @Test
    void colocationAddDefaultsToInfinityAndRefusesLoops() throws Exception {
        Cib cib = apply(
                webCluster(),
                new CibEdit.ResourceCreate(
                        "db",
                        "ocf:heartbeat:Dummy",
                        map(),
                        List.of(),
                        map(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        false,
                        false));
        cib = apply(
                cib,
                new CibEdit.ColocationAdd(
                        Optional.empty(), Optional.empty(), "db", Optional.empty(), "WebSite", Optional.empty()));
        Constraint.Colocation c = (Constraint.Colocation)
                constraint(cib, "colocation-db-WebSite-INFINITY").orElseThrow();
        assertEquals(Score.INFINITY, c.score());
        assertEquals(Optional.of("db"), c.rsc());
        String loop = refusal(
                cib,
                new CibEdit.ColocationAdd(
                        Optional.of("back"), Optional.empty(), "VIP", Optional.empty(), "db", Optional.of("100")));
        assertEquals(
                "colocation loop: VIP with db (back), db with WebSite (colocation-db-WebSite-INFINITY), "
                        + "WebSite with VIP (WebSite-with-VIP); a resource cannot be placed relative to itself "
                        + "(remove one of them: hapc constraint remove ID)",
                loop);
        assertEquals(
                "constraint colocation add VIP with VIP: a resource cannot be colocated with itself",
                refusal(
                        cib,
                        new CibEdit.ColocationAdd(
                                Optional.empty(), Optional.empty(), "VIP", Optional.empty(), "VIP", Optional.empty())));
    }

    @Test
    void colocationLoopThroughAGroupIsRefused() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.ConstraintRemove(List.of("WebSite-with-VIP")));
        cib = apply(cib, new CibEdit.GroupAdd("g", List.of("VIP", "WebSite"), Optional.empty(), Optional.empty()));
        String loop = refusal(
                cib,
                new CibEdit.ColocationAdd(
                        Optional.empty(), Optional.empty(), "VIP", Optional.empty(), "WebSite", Optional.empty()));
        assertTrue(
                loop.startsWith(
                        "colocation loop: VIP with WebSite (colocation-VIP-WebSite-INFINITY), WebSite with VIP (group g)"),
                loop);
    }

    @Test
    void colocationWithRolesAndWarnings() throws Exception {
        CibEditor.EditOutcome o = outcome(
                webCluster(),
                new CibEdit.ColocationAdd(
                        Optional.of("c1"),
                        Optional.of("Master"),
                        "WebSite",
                        Optional.empty(),
                        "VIP",
                        Optional.of("-50")));
        Constraint.Colocation c =
                (Constraint.Colocation) constraint(o.cib(), "c1").orElseThrow();
        assertEquals(Optional.of(Role.PROMOTED), c.rscRole());
        assertEquals(-50, c.score());
        assertEquals(1, o.warnings().size());
        assertTrue(o.warnings().get(0).contains("role Promoted given for 'WebSite', which is not a promotable clone"));
        assertTrue(refusal(
                        webCluster(),
                        new CibEdit.ColocationAdd(
                                Optional.empty(),
                                Optional.of("Leader"),
                                "WebSite",
                                Optional.empty(),
                                "VIP",
                                Optional.empty()))
                .contains("unknown role 'Leader'"));
    }

    @Test
    void orderAddWritesBothActions() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.ConstraintRemove(List.of("VIP-then-WebSite")));
        CibEditor.EditOutcome o = outcome(
                cib,
                new CibEdit.OrderAdd(
                        Optional.empty(),
                        Optional.empty(),
                        "VIP",
                        Optional.empty(),
                        "WebSite",
                        Optional.of("optional"),
                        Optional.of("false")));
        Constraint.Order order = (Constraint.Order)
                constraint(o.cib(), "order-VIP-WebSite-optional").orElseThrow();
        assertEquals(Optional.of("start"), order.firstAction());
        assertEquals(Optional.of("start"), order.thenAction());
        assertEquals(Optional.of("Optional"), order.kind());
        assertEquals(Optional.of(false), order.symmetrical());
        assertEquals(
                "Adding VIP WebSite (kind: Optional) (Options: first-action=start then-action=start symmetrical=false)"
                        + " [id order-VIP-WebSite-optional]",
                o.message());
        assertEquals(
                "constraint order VIP then WebSite: kind=Sometimes: expected Mandatory, Optional or Serialize",
                refusal(
                        cib,
                        new CibEdit.OrderAdd(
                                Optional.empty(),
                                Optional.empty(),
                                "VIP",
                                Optional.empty(),
                                "WebSite",
                                Optional.of("Sometimes"),
                                Optional.empty())));
        assertEquals(
                "constraint order VIP then WebSite: 'launch' is not an action (start, stop, promote, demote)",
                refusal(
                        cib,
                        new CibEdit.OrderAdd(
                                Optional.empty(),
                                Optional.of("launch"),
                                "VIP",
                                Optional.empty(),
                                "WebSite",
                                Optional.empty(),
                                Optional.empty())));
    }

    @Test
    void removals() throws Exception {
        Cib cib = apply(
                webCluster(), new CibEdit.ConstraintRemove(List.of("VIP-prefers-node1", "WebSite-avoids-slow-disks")));
        assertEquals(
                List.of("WebSite-with-VIP", "VIP-then-WebSite"),
                cib.constraints().stream().map(Constraint::id).toList());
        assertEquals(
                "constraint remove: no constraint 'nope' in the CIB (constraints: WebSite-with-VIP, VIP-then-WebSite)",
                refusal(cib, new CibEdit.ConstraintRemove(List.of("nope"))));
        Cib noColocation = apply(cib, new CibEdit.ColocationRemove("WebSite", "VIP"));
        assertEquals(
                List.of("VIP-then-WebSite"),
                noColocation.constraints().stream().map(Constraint::id).toList());
        assertTrue(refusal(noColocation, new CibEdit.ColocationRemove("WebSite", "VIP"))
                .startsWith("constraint colocation remove: no colocation of 'WebSite' with 'VIP'"));
        Cib none = apply(noColocation, new CibEdit.OrderRemove(List.of("WebSite")));
        assertEquals(List.of(), none.constraints());
        assertEquals(
                "constraint order remove: VIP is in no order constraint (hapc constraint list shows them)",
                refusal(none, new CibEdit.OrderRemove(List.of("VIP"))));
    }
}
