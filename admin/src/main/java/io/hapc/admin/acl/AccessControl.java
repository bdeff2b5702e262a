package io.hapc.admin.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what, once the cluster property `enable-acl` is true (Pacemaker's ACL model, applied
 * to admin requests rather than to raw CIB writes): the always-full users (root, hacluster, the
 * user hapcd runs as) may do everything; any other user needs an `acl_target` whose roles grant it.
 *
 * <ul>
 *   <li>Reads (status, config) need a role with any read or write permission, and no deny of /cib.
 *   <li>An edit needs, for each thing it names (resources, nodes…), a write permission on that id
 *       (`id ID`, Pacemaker's reference) or on an XPath that is a prefix of the section it changes
 *       (e.g. `/cib/configuration/resources`, or `/cib` for all), and no deny matching it: deny wins.
 *   <li>Fencing, stopping nodes, admin rule files, passwords and the cluster's own setup are for the
 *       always-full users only.
 * </ul>
 * A refusal names the user, their roles, the permission missing or the deny that matched, and how to grant it.
 */
public final class AccessControl {
    public static final String PROPERTY = "enable-acl";
    private static final List<String> NAMING_FIELDS =
            List.of("id", "ids", "resource", "resources", "withResource", "first", "then", "node", "nodes", "group");
    private static final ObjectMapper JSON = ProtocolJson.mapper();

    private final Set<String> fullUsers;

    public AccessControl(Set<String> fullUsers) {
        this.fullUsers = Set.copyOf(fullUsers);
    }

    /** root, hacluster and the user this process runs as (often one of the two: hapcd runs as root). */
    public static AccessControl standard() {
        return standard(System.getProperty("user.name"));
    }

    static AccessControl standard(String processUser) {
        return new AccessControl(new java.util.HashSet<>(java.util.List.of("root", "hacluster", processUser)));
    }

    public boolean alwaysFull(String user) {
        return fullUsers.contains(user);
    }

    public static boolean enabled(Cib cib) {
        return cib.property(PROPERTY)
                .map(v -> v.equalsIgnoreCase("true")
                        || v.equals("1")
                        || v.equalsIgnoreCase("yes")
                        || v.equalsIgnoreCase("on"))
                .orElse(false);
    }

    /** What a request needs: to read, to write a part of the CIB, or to be an always-full user. */
    sealed interface Need permits Read, Write, FullOnly {}

    record Read() implements Need {}

    /** Write on `section` (an XPath) for each of `ids` (none: the section itself). */
    record Write(String section, List<String> ids) implements Need {}

    record FullOnly(String why) implements Need {}

    static Need need(AdminRequest request) {
        if (request instanceof AdminRequest.GetCib
                || request instanceof AdminRequest.DaemonInfo
                || request instanceof AdminRequest.GetWarnings
                || request instanceof AdminRequest.GetAvailability
                || request instanceof AdminRequest.HostState
                || request instanceof AdminRequest.CheckpointList
                || request instanceof AdminRequest.CheckpointGet) {
            return new Read();
        }
        if (!(request instanceof AdminRequest.Edit e)) return new FullOnly(kind(request));
        CibEdit edit = e.edit();
        if (edit instanceof CibEdit.RuleAdd || edit instanceof CibEdit.RuleRemove)
            return new FullOnly("admin rule files");
        return new Write(section(edit), named(edit));
    }

    private static String kind(AdminRequest r) {
        return JSON.valueToTree(r).path("type").asText(r.getClass().getSimpleName());
    }

    /** The CIB section an edit changes, as an XPath. */
    static String section(CibEdit edit) {
        String c = "/cib/configuration/";
        if (edit instanceof CibEdit.CheckpointRestore) return "/cib/configuration"; // all of it, replaced whole
        if (edit instanceof CibEdit.PropertySet || edit instanceof CibEdit.PropertyUnset) return c + "crm_config";
        if (edit instanceof CibEdit.ResourceDefaultsSet) return c + "rsc_defaults";
        if (edit instanceof CibEdit.OpDefaultsSet) return c + "op_defaults";
        if (edit instanceof CibEdit.ResourceCleanup || edit instanceof CibEdit.NodeTransientAttributeSet)
            return "/cib/status";
        if (edit instanceof CibEdit.NodeStandby
                || edit instanceof CibEdit.NodeMaintenance
                || edit instanceof CibEdit.NodeAttributeSet
                || edit instanceof CibEdit.NodeDelete) {
            return c + "nodes";
        }
        if (edit instanceof CibEdit.ResourceMove
                || edit instanceof CibEdit.ResourceBan
                || edit instanceof CibEdit.ResourceClear
                || edit instanceof CibEdit.LocationPrefers
                || edit instanceof CibEdit.LocationAvoids
                || edit instanceof CibEdit.LocationAdd
                || edit instanceof CibEdit.ColocationAdd
                || edit instanceof CibEdit.ColocationRemove
                || edit instanceof CibEdit.OrderAdd
                || edit instanceof CibEdit.OrderRemove
                || edit instanceof CibEdit.ConstraintRemove) {
            return c + "constraints";
        }
        if (edit instanceof CibEdit.AclRoleCreate
                || edit instanceof CibEdit.AclRoleDelete
                || edit instanceof CibEdit.AclPermissionAdd
                || edit instanceof CibEdit.AclTargetCreate
                || edit instanceof CibEdit.AclTargetDelete) {
            return c + "acls";
        }
        return c + "resources";
    }

    /** The ids an edit names (resources, nodes, constraints), for `id` permissions. ACL edits name none: they need the section. */
    static List<String> named(CibEdit edit) {
        if (section(edit).endsWith("/acls") || edit instanceof CibEdit.CheckpointRestore) return List.of();
        JsonNode tree = JSON.valueToTree(edit);
        List<String> ids = new ArrayList<>();
        for (String f : NAMING_FIELDS) {
            JsonNode v = tree.get(f);
            if (v == null || v.isNull()) continue;
            if (v.isTextual() && !v.asText().isEmpty()) ids.add(v.asText());
            if (v.isArray()) v.forEach(i -> ids.add(i.asText()));
        }
        if (edit instanceof CibEdit.LocationPrefers p) ids.addAll(p.nodeScores().keySet());
        if (edit instanceof CibEdit.LocationAvoids p) ids.addAll(p.nodeScores().keySet());
        return ids.stream().distinct().toList();
    }

    /** Why `user` may not make `request` on a cluster with this CIB; empty when it may. */
    public Optional<String> refusal(Cib cib, String user, AdminRequest request) {
        if (alwaysFull(user) || !enabled(cib)) return Optional.empty();
        Need need = restoresOtherRules(cib, request)
                ? new FullOnly("restore a checkpoint whose admin rule files differ from the " + "current ones")
                : need(request);
        String prefix = "permission denied (enable-acl=true): " + user;
        if (need instanceof FullOnly f) {
            return Optional.of(prefix + " may not " + f.why() + ": that is for root and hacluster only");
        }
        Optional<Acls.Target> target = cib.acls().target(user);
        if (target.isEmpty()) {
            return Optional.of(prefix + " has no ACL (no acl_target): an always-full user must grant one with "
                    + "`hapc acl user create " + user + " ROLE…`");
        }
        List<Acls.RoleDef> roles = target.get().roles().stream()
                .map(r -> cib.acls().role(r))
                .flatMap(Optional::stream)
                .toList();
        String roleNames = roles.isEmpty()
                ? "no roles"
                : "role" + (roles.size() == 1 ? " " : "s ")
                        + String.join(", ", roles.stream().map(Acls.RoleDef::id).toList());
        if (need instanceof Read) {
            for (Acls.RoleDef r : roles) {
                for (Acls.Permission p : r.permissions()) {
                    if (p.kind() == Acls.Kind.DENY
                            && p.xpath().map(x -> normalize(x).equals("/cib")).orElse(false)) {
                        return Optional.of(prefix + " may not read the CIB: role " + r.id()
                                + " denies /cib (permission " + p.id() + ")");
                    }
                }
            }
            boolean any =
                    roles.stream().flatMap(r -> r.permissions().stream()).anyMatch(p -> p.kind() != Acls.Kind.DENY);
            return any
                    ? Optional.empty()
                    : Optional.of(prefix + " (" + roleNames + ") may not read the CIB: no read permission");
        }
        Write w = (Write) need;
        List<String> targets = w.ids().isEmpty() ? List.of("") : w.ids();
        for (String id : targets) {
            String what = id.isEmpty() ? w.section() : "'" + id + "' (in " + w.section() + ")";
            for (Acls.RoleDef r : roles) {
                for (Acls.Permission p : r.permissions()) {
                    if (p.kind() == Acls.Kind.DENY && matches(p, w.section(), id)) {
                        return Optional.of(prefix + " may not write " + what + ": role " + r.id()
                                + " denies it (permission " + p.id() + ", " + describe(p) + ")");
                    }
                }
            }
            boolean granted = roles.stream()
                    .flatMap(r -> r.permissions().stream())
                    .anyMatch(p -> p.kind() == Acls.Kind.WRITE && matches(p, w.section(), id));
            if (!granted) {
                String grant = id.isEmpty()
                        ? "write xpath " + w.section()
                        : "write id " + id + " (or write xpath " + w.section() + ")";
                return Optional.of(
                        prefix + " (" + roleNames + ") may not write " + what + ": no write permission on it; "
                                + "an always-full user can grant it: hapc acl permission add "
                                + (roles.isEmpty() ? "ROLE" : roles.get(0).id())
                                + " " + grant);
            }
        }
        return Optional.empty();
    }

    /** Admin rule files are for admins only, restored ones too (an unreadable checkpoint is the DC's to refuse). */
    private static boolean restoresOtherRules(Cib cib, AdminRequest request) {
        if (!(request instanceof AdminRequest.Edit e) || !(e.edit() instanceof CibEdit.CheckpointRestore r))
            return false;
        try {
            return !io.hapc.model.xml.CibXmlReader.read(r.xml(), "checkpoint " + r.checkpoint())
                    .ruleFiles()
                    .equals(cib.ruleFiles());
        } catch (io.hapc.model.cib.CibFormatException ex) {
            return false;
        }
    }

    private static String describe(Acls.Permission p) {
        return p.kind().xml() + " "
                + p.xpath()
                        .map(x -> "xpath " + x)
                        .orElseGet(() -> "id " + p.reference().orElseThrow());
    }

    /** A reference matches its id; an XPath matches the sections below it, or the element `//*[@id='ID']` it selects. */
    static boolean matches(Acls.Permission p, String section, String id) {
        if (p.reference().isPresent())
            return !id.isEmpty() && p.reference().get().equals(id);
        String x = normalize(p.xpath().orElseThrow());
        if (!id.isEmpty() && (x.endsWith("[@id='" + id + "']") || x.endsWith("[@id=\"" + id + "\"]"))) return true;
        return section.equals(x) || section.startsWith(x + "/");
    }

    private static String normalize(String xpath) {
        String x = xpath.strip();
        while (x.length() > 1 && x.endsWith("/")) x = x.substring(0, x.length() - 1);
        return x;
    }
}
