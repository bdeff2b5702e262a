package io.hapc.admin.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.NvSet;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessControlTest {
    private final AccessControl acl = new AccessControl(Set.of("root", "hacluster"));

    private static Cib cib(boolean enabled) throws Exception {
        Cib web = CibXmlReader.read(
                Path.of(System.getProperty("hapc.root.dir", "..")).resolve("examples/web-cluster.xml"));
        Acls acls = new Acls(
                List.of(
                        new Acls.Target("alice", List.of("operator")),
                        new Acls.Target("viewer", List.of("readonly")),
                        new Acls.Target("nobody", List.of())),
                List.of(
                        new Acls.RoleDef(
                                "operator",
                                Optional.empty(),
                                List.of(
                                        new Acls.Permission(
                                                "op-r", Acls.Kind.READ, Optional.of("/cib"), Optional.empty()),
                                        new Acls.Permission(
                                                "op-w", Acls.Kind.WRITE, Optional.empty(), Optional.of("WebSite")),
                                        new Acls.Permission(
                                                "op-c",
                                                Acls.Kind.WRITE,
                                                Optional.of("/cib/configuration/constraints"),
                                                Optional.empty()),
                                        new Acls.Permission(
                                                "op-d",
                                                Acls.Kind.DENY,
                                                Optional.of("//primitive[@id='VIP']"),
                                                Optional.empty()))),
                        new Acls.RoleDef(
                                "readonly",
                                Optional.empty(),
                                List.of(new Acls.Permission(
                                        "ro-r", Acls.Kind.READ, Optional.of("/cib"), Optional.empty())))));
        Cib c = web.withAcls(acls);
        return enabled
                ? c.withPropertySets(
                        List.of(new NvSet("cib-bootstrap-options", Map.of("enable-acl", "true"), Optional.empty(), 0)))
                : c;
    }

    private static AdminRequest edit(CibEdit e) {
        return new AdminRequest.Edit(e);
    }

    @Test
    void aDaemonRunningAsRootOrHaclusterHasTheStandardFullUsersOnce() {
        // Set.of refused the duplicate and no hapcd running as root could start its admin gate.
        for (String processUser : java.util.List.of("root", "hacluster", "hapc")) {
            AccessControl standard = AccessControl.standard(processUser);
            assertTrue(standard.alwaysFull("root")
                    && standard.alwaysFull("hacluster")
                    && standard.alwaysFull(processUser));
            assertFalse(standard.alwaysFull("alice"));
        }
    }

    @Test
    void disabledAclsOrAlwaysFullUsersAreNeverRefused() throws Exception {
        AdminRequest delete = edit(new CibEdit.ResourceDelete("VIP"));
        assertEquals(Optional.empty(), acl.refusal(cib(false), "viewer", delete));
        assertEquals(Optional.empty(), acl.refusal(cib(true), "root", delete));
        assertEquals(Optional.empty(), acl.refusal(cib(true), "hacluster", new AdminRequest.StopNodes(List.of())));
    }

    @Test
    void aReadOnlyRoleReadsButMayNotWrite() throws Exception {
        assertEquals(Optional.empty(), acl.refusal(cib(true), "viewer", new AdminRequest.GetCib()));
        assertEquals(
                Optional.of("permission denied (enable-acl=true): viewer (role readonly) may not write 'WebSite' (in "
                        + "/cib/configuration/resources): no write permission on it; an always-full user can grant it: hapc acl permission add "
                        + "readonly write id WebSite (or write xpath /cib/configuration/resources)"),
                acl.refusal(cib(true), "viewer", edit(new CibEdit.ResourceDisable(List.of("WebSite")))));
    }

    @Test
    void writeByIdOrXpathDenyWinsAndAdminOnlyRequests() throws Exception {
        Cib cib = cib(true);
        assertEquals(
                Optional.empty(), acl.refusal(cib, "alice", edit(new CibEdit.ResourceDisable(List.of("WebSite")))));
        assertEquals(
                Optional.empty(),
                acl.refusal(cib, "alice", edit(new CibEdit.LocationPrefers("WebSite", Map.of("node1", "50")))));
        assertEquals(
                Optional.of(
                        "permission denied (enable-acl=true): alice may not write 'VIP' (in /cib/configuration/constraints): "
                                + "role operator denies it (permission op-d, deny xpath //primitive[@id='VIP'])"),
                acl.refusal(cib, "alice", edit(new CibEdit.LocationPrefers("VIP", Map.of("node1", "50")))));
        assertEquals(
                Optional.of(
                        "permission denied (enable-acl=true): alice may not stop-nodes: that is for root and hacluster only"),
                acl.refusal(cib, "alice", new AdminRequest.StopNodes(List.of("node1"))));
        assertEquals(
                Optional.of(
                        "permission denied (enable-acl=true): alice may not admin rule files: that is for root and hacluster only"),
                acl.refusal(cib, "alice", edit(new CibEdit.RuleRemove("x.drl"))));
        assertEquals(
                Optional.of(
                        "permission denied (enable-acl=true): mallory has no ACL (no acl_target): an always-full user must "
                                + "grant one with `hapc acl user create mallory ROLE…`"),
                acl.refusal(cib, "mallory", new AdminRequest.GetCib()));
        assertEquals(
                Optional.of(
                        "permission denied (enable-acl=true): nobody (no roles) may not read the CIB: no read permission"),
                acl.refusal(cib, "nobody", new AdminRequest.GetCib()));
    }

    @Test
    void checkpointsAreReadsAndARestoreWritesTheWholeConfiguration() throws Exception {
        Cib cib = cib(true);
        assertEquals(Optional.empty(), acl.refusal(cib, "viewer", new AdminRequest.CheckpointList()));
        assertEquals(Optional.empty(), acl.refusal(cib, "viewer", new AdminRequest.CheckpointGet(2)));
        String same = io.hapc.model.xml.CibXmlWriter.write(cib);
        AdminRequest restore = edit(new CibEdit.CheckpointRestore(2, same));
        assertEquals(
                Optional.of(
                        "permission denied (enable-acl=true): alice (role operator) may not write /cib/configuration: no "
                                + "write permission on it; an always-full user can grant it: hapc acl permission add operator write xpath "
                                + "/cib/configuration"),
                acl.refusal(cib, "alice", restore));
        Cib writer = cib.withAcls(new Acls(
                List.of(new Acls.Target("alice", List.of("admin"))),
                List.of(new Acls.RoleDef(
                        "admin",
                        Optional.empty(),
                        List.of(new Acls.Permission("all", Acls.Kind.WRITE, Optional.of("/cib"), Optional.empty()))))));
        assertEquals(Optional.empty(), acl.refusal(writer, "alice", restore));
        // Admin rule files stay the always-full users' business, restored ones too.
        String withRules = io.hapc.model.xml.CibXmlWriter.write(
                writer.withRuleFiles(List.of(new io.hapc.model.cib.RuleFile("x.drl", "package admin.rules\n"))));
        assertEquals(
                Optional.of(
                        "permission denied (enable-acl=true): alice may not restore a checkpoint whose admin rule files "
                                + "differ from the current ones: that is for root and hacluster only"),
                acl.refusal(writer, "alice", edit(new CibEdit.CheckpointRestore(1, withRules))));
    }
}
