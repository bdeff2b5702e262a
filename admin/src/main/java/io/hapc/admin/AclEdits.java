package io.hapc.admin;

import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** `hapc acl role|user|permission …` (as pcs acl): the CIB's acls section. Enforcement is {@link io.hapc.admin.acl.AccessControl}'s. */
final class AclEdits {
    private AclEdits() {}

    static Cib roleCreate(Cib cib, CibEdit.AclRoleCreate e, Notes notes) throws InvalidEditException {
        Ids.requireNew(e.id(), "ACL role", cib);
        List<Acls.Permission> permissions = permissions(cib, e.id(), List.of(), e.permissions());
        List<Acls.RoleDef> roles = new ArrayList<>(cib.acls().roles());
        roles.add(new Acls.RoleDef(e.id(), e.description().filter(d -> !d.isBlank()), permissions));
        notes.message("ACL role " + e.id() + " created"
                + (permissions.isEmpty()
                        ? " (no permissions yet)"
                        : " with " + permissions.size() + (permissions.size() == 1 ? " permission" : " permissions")));
        return cib.withAcls(new Acls(cib.acls().targets(), roles));
    }

    static Cib roleDelete(Cib cib, String id, Notes notes) throws InvalidEditException {
        requireRole(cib, id, "acl role delete");
        List<Acls.Target> targets = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (Acls.Target t : cib.acls().targets()) {
            if (t.roles().contains(id)) users.add(t.id());
            targets.add(new Acls.Target(
                    t.id(), t.roles().stream().filter(r -> !r.equals(id)).toList()));
        }
        notes.message("ACL role " + id + " deleted"
                + (users.isEmpty() ? "" : " (and taken from " + String.join(", ", users) + ")"));
        return cib.withAcls(new Acls(
                targets,
                cib.acls().roles().stream().filter(r -> !r.id().equals(id)).toList()));
    }

    static Cib permissionAdd(Cib cib, CibEdit.AclPermissionAdd e, Notes notes) throws InvalidEditException {
        Acls.RoleDef role = requireRole(cib, e.role(), "acl permission add");
        if (e.permissions().isEmpty()) {
            throw new InvalidEditException(
                    "acl permission add " + e.role() + ": give read|write|deny xpath XPATH or read|write|deny id ID");
        }
        List<Acls.Permission> all = new ArrayList<>(role.permissions());
        all.addAll(permissions(cib, role.id(), role.permissions(), e.permissions()));
        List<Acls.RoleDef> roles = cib.acls().roles().stream()
                .map(r -> r.id().equals(role.id()) ? new Acls.RoleDef(r.id(), r.description(), all) : r)
                .toList();
        notes.message("ACL role " + role.id() + ": " + e.permissions().size()
                + (e.permissions().size() == 1 ? " permission" : " permissions") + " added");
        return cib.withAcls(new Acls(cib.acls().targets(), roles));
    }

    static Cib targetCreate(Cib cib, CibEdit.AclTargetCreate e, Notes notes) throws InvalidEditException {
        if (cib.acls().target(e.id()).isPresent()) {
            throw new InvalidEditException("acl user create " + e.id()
                    + ": that user has ACLs already (acl user delete " + e.id() + " first)");
        }
        Ids.requireNew(e.id(), "ACL user", cib);
        for (String r : e.roles()) requireRole(cib, r, "acl user create " + e.id());
        List<Acls.Target> targets = new ArrayList<>(cib.acls().targets());
        targets.add(new Acls.Target(e.id(), e.roles()));
        notes.message("ACL user " + e.id() + " created"
                + (e.roles().isEmpty()
                        ? " (no roles: denied everything once enable-acl=true)"
                        : " with roles " + String.join(", ", e.roles())));
        return cib.withAcls(new Acls(targets, cib.acls().roles()));
    }

    static Cib targetDelete(Cib cib, String id, Notes notes) throws InvalidEditException {
        if (cib.acls().target(id).isEmpty()) {
            throw new InvalidEditException("acl user delete " + id + ": no such ACL user (users: "
                    + names(cib.acls().targets().stream().map(Acls.Target::id).toList()) + ")");
        }
        notes.message("ACL user " + id + " deleted");
        return cib.withAcls(new Acls(
                cib.acls().targets().stream().filter(t -> !t.id().equals(id)).toList(),
                cib.acls().roles()));
    }

    private static Acls.RoleDef requireRole(Cib cib, String id, String where) throws InvalidEditException {
        Optional<Acls.RoleDef> r = cib.acls().role(id);
        if (r.isEmpty()) {
            throw new InvalidEditException(where + ": no ACL role '" + id + "' (roles: "
                    + names(cib.acls().roles().stream().map(Acls.RoleDef::id).toList())
                    + "; create it with hapc acl role create " + id + " …)");
        }
        return r.get();
    }

    private static String names(List<String> ids) {
        return ids.isEmpty() ? "none" : String.join(", ", ids);
    }

    private static List<Acls.Permission> permissions(
            Cib cib, String role, List<Acls.Permission> existing, List<CibEdit.AclPermissionSpec> specs)
            throws InvalidEditException {
        java.util.Set<String> taken = new java.util.HashSet<>(Ids.all(cib));
        existing.forEach(p -> taken.add(p.id()));
        List<Acls.Permission> out = new ArrayList<>();
        for (CibEdit.AclPermissionSpec s : specs) {
            String where = "ACL role " + role + ": permission '" + s.kind() + " " + s.scope() + " " + s.value() + "'";
            Acls.Kind kind;
            try {
                kind = Acls.Kind.valueOf(s.kind().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new InvalidEditException(where + ": the kind must be read, write or deny");
            }
            if (s.value() == null || s.value().isBlank())
                throw new InvalidEditException(where + ": no " + s.scope() + " given");
            String id = Ids.fresh(role + "-" + kind.xml(), taken);
            taken.add(id);
            switch (s.scope()) {
                case "xpath" -> {
                    if (!s.value().startsWith("/")) {
                        throw new InvalidEditException(
                                where + ": an XPath starts with '/' (e.g. /cib/configuration/resources)");
                    }
                    out.add(new Acls.Permission(id, kind, Optional.of(s.value()), Optional.empty()));
                }
                case "id" -> {
                    Ids.requireValid(s.value(), "referenced");
                    out.add(new Acls.Permission(id, kind, Optional.empty(), Optional.of(s.value())));
                }
                default -> throw new InvalidEditException(where + ": expected xpath XPATH or id ID after " + s.kind());
            }
        }
        return out;
    }
}
