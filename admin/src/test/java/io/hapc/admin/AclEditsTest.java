package io.hapc.admin;

import static io.hapc.admin.Fixtures.apply;
import static io.hapc.admin.Fixtures.outcome;
import static io.hapc.admin.Fixtures.refusal;
import static io.hapc.admin.Fixtures.webCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.model.xml.CibXmlWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** hapc acl role|user|permission: the acls section, as pcs acl writes it. */
class AclEditsTest {
    private static CibEdit.AclPermissionSpec perm(String kind, String scope, String value) {
        return new CibEdit.AclPermissionSpec(kind, scope, value);
    }

    @Test
    void rolesAndUsersAreWrittenAsPacemakerAclsAndReadBack() throws Exception {
        Cib cib = apply(
                webCluster(),
                new CibEdit.AclRoleCreate(
                        "operator",
                        Optional.of("runs the web"),
                        List.of(
                                perm("read", "xpath", "/cib"),
                                perm("write", "id", "WebSite"),
                                perm("deny", "id", "VIP"))));
        cib = apply(cib, new CibEdit.AclTargetCreate("alice", List.of("operator")));
        String xml = CibXmlWriter.write(cib);
        assertTrue(xml.contains("<acl_target id=\"alice\">") && xml.contains("<role id=\"operator\"/>"), xml);
        assertTrue(xml.contains("<acl_permission id=\"operator-write\" kind=\"write\" reference=\"WebSite\"/>"), xml);
        assertTrue(xml.contains("<acl_permission id=\"operator-read\" kind=\"read\" xpath=\"/cib\"/>"), xml);
        Acls back = CibXmlReader.read(xml, "test").acls();
        assertEquals(cib.acls(), back);
        assertEquals(List.of("operator"), back.target("alice").orElseThrow().roles());
    }

    @Test
    void refusalsSayWhatIsWrongAndChangeNothing() throws Exception {
        Cib cib = apply(webCluster(), new CibEdit.AclRoleCreate("operator", Optional.empty(), List.of()));
        assertEquals(
                "acl user create bob: no ACL role 'admins' (roles: operator; create it with hapc acl role create admins …)",
                refusal(cib, new CibEdit.AclTargetCreate("bob", List.of("admins"))));
        assertEquals(
                "ACL role operator: permission 'read xpath cib': an XPath starts with '/' (e.g. /cib/configuration/resources)",
                refusal(cib, new CibEdit.AclPermissionAdd("operator", List.of(perm("read", "xpath", "cib")))));
        assertEquals(
                "ACL role operator: permission 'grant id VIP': the kind must be read, write or deny",
                refusal(cib, new CibEdit.AclPermissionAdd("operator", List.of(perm("grant", "id", "VIP")))));
        assertTrue(refusal(cib, new CibEdit.AclRoleCreate("VIP", Optional.empty(), List.of()))
                .contains("already used"));
    }

    @Test
    void deletingARoleTakesItFromItsUsers() throws Exception {
        Cib cib = apply(
                webCluster(),
                new CibEdit.AclRoleCreate("operator", Optional.empty(), List.of(perm("write", "id", "VIP"))));
        cib = apply(cib, new CibEdit.AclTargetCreate("alice", List.of("operator")));
        CibEditor.EditOutcome o = outcome(cib, new CibEdit.AclRoleDelete("operator"));
        assertEquals("ACL role operator deleted (and taken from alice)", o.message());
        assertEquals(List.of(), o.cib().acls().target("alice").orElseThrow().roles());
        assertEquals(cib.version().nextEpoch(), o.cib().version());
    }
}
