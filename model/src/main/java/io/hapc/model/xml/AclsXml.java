package io.hapc.model.xml;

import static io.hapc.model.xml.XmlValues.required;

import io.hapc.model.cib.Acls;
import java.util.ArrayList;
import java.util.List;

/** The CIB's acls section. */
final class AclsXml {
    private AclsXml() {}

    /** Pacemaker's ACLs: acl_target (or the older acl_user) with role references, acl_role with acl_permission. */
    static Acls acls(XmlElement section) {
        List<Acls.Target> targets = new ArrayList<>();
        List<Acls.RoleDef> roles = new ArrayList<>();
        for (XmlElement e : section.children()) {
            switch (e.name()) {
                case "acl_target", "acl_user" ->
                    targets.add(new Acls.Target(
                            e.attr("id")
                                    .or(() -> e.attr("name"))
                                    .orElseThrow(() -> new CibXmlReader.Bad(e, "<" + e.name() + "> needs an id")),
                            e.children("role").stream()
                                    .map(r -> required(r, "id"))
                                    .toList()));
                case "acl_role" -> {
                    List<Acls.Permission> permissions = new ArrayList<>();
                    for (XmlElement p : e.children("acl_permission")) {
                        String kind = required(p, "kind");
                        Acls.Kind k;
                        try {
                            k = Acls.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
                        } catch (IllegalArgumentException x) {
                            throw new CibXmlReader.Bad(
                                    p, "acl_permission kind '" + kind + "': expected read, write or deny");
                        }
                        if (p.attr("xpath").isPresent() == p.attr("reference").isPresent()) {
                            throw new CibXmlReader.Bad(
                                    p,
                                    "acl_permission " + p.attr("id").orElse("")
                                            + ": give xpath or reference (one of them)");
                        }
                        permissions.add(
                                new Acls.Permission(required(p, "id"), k, p.attr("xpath"), p.attr("reference")));
                    }
                    roles.add(new Acls.RoleDef(required(e, "id"), e.attr("description"), permissions));
                }
                case "acl_group" -> {} // groups of users are not supported: their members get no roles from them
                default -> {} // older schemas' elements (acl_user children read/write/deny): not enforced
            }
        }
        return new Acls(targets, roles);
    }
}
