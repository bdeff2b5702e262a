package io.hapc.model.cib;

import java.util.List;
import java.util.Optional;

/**
 * The CIB's access control lists (Pacemaker's `acls` section), enforced when the cluster property
 * `enable-acl` is true: users (`acl_target`) have roles (`acl_role`), each a list of permissions —
 * read, write or deny — on a part of the CIB named by an XPath or by an element's id.
 */
public record Acls(List<Target> targets, List<RoleDef> roles) {
    public static final Acls NONE = new Acls(List.of(), List.of());

    public Acls {
        targets = List.copyOf(targets);
        roles = List.copyOf(roles);
    }

    public boolean isEmpty() {
        return targets.isEmpty() && roles.isEmpty();
    }

    public Optional<Target> target(String id) {
        return targets.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<RoleDef> role(String id) {
        return roles.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** `acl_target id=USER` with its `role id=…` references, in order. */
    public record Target(String id, List<String> roles) {
        public Target {
            roles = List.copyOf(roles);
        }
    }

    /** `acl_role id=… description=…` and its permissions, in order. */
    public record RoleDef(String id, Optional<String> description, List<Permission> permissions) {
        public RoleDef {
            permissions = List.copyOf(permissions);
        }
    }

    public enum Kind {
        READ,
        WRITE,
        DENY;

        public String xml() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** `acl_permission id=… kind=read|write|deny` with `xpath=…` or `reference=ID` (exactly one of them). */
    public record Permission(String id, Kind kind, Optional<String> xpath, Optional<String> reference) {
        public Permission {
            if (xpath.isPresent() == reference.isPresent()) {
                throw new IllegalArgumentException("acl_permission " + id + ": give either xpath or reference, not "
                        + (xpath.isPresent() ? "both" : "neither"));
            }
        }
    }
}
