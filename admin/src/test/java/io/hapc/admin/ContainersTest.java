package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.constraint;
import static io.hapc.admin.Fixtures.map;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.resource;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Resource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** resource group add, clone, promotable. */
class ContainersTest {
    private static List<String> ids(List<Resource> resources) {
        return resources.stream().map(Resource::id).toList();
    }

    @Test
    void groupAddCreatesTheGroupWhereItsFirstMemberWas() throws Exception {
        Cib after = apply(
                webCluster(),
                new CibEdit.GroupAdd("web", List.of("VIP", "WebSite"), Optional.empty(), Optional.empty()));
        assertEquals(List.of("fence-all", "web"), ids(after.resources()));
        assertEquals(
                List.of("VIP", "WebSite"),
                ((Resource.Group) resource(after, "web"))
                        .members().stream().map(Resource::id).toList());
        assertTrue(constraint(after, "WebSite-with-VIP").isPresent(), "constraints on members stay");
    }

    @Test
    void groupAddMovesMembersBetweenGroupsAndDropsAnEmptiedGroup() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.GroupAdd("a", List.of("VIP"), Optional.empty(), Optional.empty()));
        cib = apply(cib, new CibEdit.GroupAdd("b", List.of("WebSite"), Optional.empty(), Optional.empty()));
        CibEditor.EditOutcome o =
                outcome(cib, new CibEdit.GroupAdd("b", List.of("VIP"), Optional.of("WebSite"), Optional.empty()));
        assertEquals(List.of("fence-all", "b"), ids(o.cib().resources()));
        assertEquals(
                List.of("VIP", "WebSite"),
                ((Resource.Group) resource(o.cib(), "b"))
                        .members().stream().map(Resource::id).toList());
        assertTrue(
                o.warnings().contains("group 'a' is empty now and was removed"),
                o.warnings().toString());
    }

    @Test
    void groupAddRefusals() throws Exception {
        Cib cib = webCluster();
        assertEquals(
                "group web: 'fence-all' is a fencing device; fencing devices are not grouped",
                refusal(cib, new CibEdit.GroupAdd("web", List.of("fence-all"), Optional.empty(), Optional.empty())));
        assertEquals(
                "group web: --before WebSite: 'WebSite' is not one of the group's other members (it has none)",
                refusal(cib, new CibEdit.GroupAdd("web", List.of("VIP"), Optional.of("WebSite"), Optional.empty())));
        assertEquals(
                "group VIP: 'VIP' is a primitive, not a group; choose another group name",
                refusal(cib, new CibEdit.GroupAdd("VIP", List.of("WebSite"), Optional.empty(), Optional.empty())));
        Cib grouped =
                apply(cib, new CibEdit.GroupAdd("web", List.of("VIP", "WebSite"), Optional.empty(), Optional.empty()));
        assertEquals(
                "group g2: 'web' is a group; groups hold primitives only",
                refusal(grouped, new CibEdit.GroupAdd("g2", List.of("web"), Optional.empty(), Optional.empty())));
    }

    @Test
    void cloneWrapsTheResourceAndConstraintsFollowIt() throws Exception {
        CibEditor.EditOutcome o =
                outcome(webCluster(), new CibEdit.CloneCreate("WebSite", Optional.empty(), map("clone-max", "2")));
        Resource.Clone c = (Resource.Clone) resource(o.cib(), "WebSite-clone");
        assertEquals("WebSite", c.child().id());
        assertEquals(map("clone-max", "2"), c.metaSets().get(0).values());
        Constraint.Colocation col =
                (Constraint.Colocation) constraint(o.cib(), "WebSite-with-VIP").orElseThrow();
        assertEquals(Optional.of("WebSite-clone"), col.rsc());
        assertTrue(
                o.message()
                        .contains(
                                "constraints now naming the clone: WebSite-with-VIP, VIP-then-WebSite, WebSite-avoids-slow-disks"),
                o.message());
    }

    @Test
    void promotableSetsTheMetaAndWarnsWhenTheAgentCannotPromote() throws Exception {
        CibEditor.EditOutcome o =
                outcome(webCluster(), new CibEdit.PromotableCreate("VIP", Optional.of("vips"), map()));
        Resource.Clone c = (Resource.Clone) resource(o.cib(), "vips");
        assertEquals(map("promotable", "true"), c.metaSets().get(0).values());
        assertEquals(
                List.of("'VIP' (ocf:heartbeat:IPaddr2) has no promote action: it can never be promoted"), o.warnings());
    }

    @Test
    void cloneRefusals() throws Exception {
        Cib cib = apply(
                webCluster(),
                new CibEdit.GroupAdd("web", List.of("VIP", "WebSite"), Optional.empty(), Optional.empty()));
        assertEquals(
                "'VIP' is a member of group 'web'; clone the whole group: hapc resource clone web",
                refusal(cib, new CibEdit.CloneCreate("VIP", Optional.empty(), map())));
        assertEquals(
                "'fence-all' is a fencing device; fencing devices are not cloned",
                refusal(cib, new CibEdit.CloneCreate("fence-all", Optional.empty(), map())));
        Cib cloned = apply(cib, new CibEdit.CloneCreate("web", Optional.empty(), map("interleave", "true")));
        assertEquals(
                "'web' is already in clone 'web-clone'",
                refusal(cloned, new CibEdit.PromotableCreate("web", Optional.empty(), map())));
        assertEquals(
                "clone c meta interleave: 'maybe' is not a boolean (true or false)",
                refusal(cib, new CibEdit.CloneCreate("web", Optional.of("c"), map("interleave", "maybe"))));
    }
}
