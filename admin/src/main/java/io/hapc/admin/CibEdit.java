package io.hapc.admin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hapc.model.cib.Attributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One change to the CIB, as one pcs-style command asks for it. Edits say what the admin wants, not
 * how the XML changes: {@link CibEditor} turns an edit into a new CIB on the DC, against the CIB the
 * DC holds at that moment, and validates the result. Values are kept as the admin typed them
 * (scores, durations) and checked by the editor, so one refusal message serves every client.
 *
 * <p>Maps are name → value in the order given; in updates an empty value removes the name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "edit")
@JsonSubTypes({
    @JsonSubTypes.Type(value = CibEdit.PropertySet.class, name = "property-set"),
    @JsonSubTypes.Type(value = CibEdit.PropertyUnset.class, name = "property-unset"),
    @JsonSubTypes.Type(value = CibEdit.ResourceCreate.class, name = "resource-create"),
    @JsonSubTypes.Type(value = CibEdit.ResourceDelete.class, name = "resource-delete"),
    @JsonSubTypes.Type(value = CibEdit.ResourceUpdate.class, name = "resource-update"),
    @JsonSubTypes.Type(value = CibEdit.ResourceEnable.class, name = "resource-enable"),
    @JsonSubTypes.Type(value = CibEdit.ResourceDisable.class, name = "resource-disable"),
    @JsonSubTypes.Type(value = CibEdit.ResourceMove.class, name = "resource-move"),
    @JsonSubTypes.Type(value = CibEdit.ResourceBan.class, name = "resource-ban"),
    @JsonSubTypes.Type(value = CibEdit.ResourceClear.class, name = "resource-clear"),
    @JsonSubTypes.Type(value = CibEdit.ResourceCleanup.class, name = "resource-cleanup"),
    @JsonSubTypes.Type(value = CibEdit.GroupAdd.class, name = "group-add"),
    @JsonSubTypes.Type(value = CibEdit.CloneCreate.class, name = "clone"),
    @JsonSubTypes.Type(value = CibEdit.PromotableCreate.class, name = "promotable"),
    @JsonSubTypes.Type(value = CibEdit.ResourceDefaultsSet.class, name = "resource-defaults"),
    @JsonSubTypes.Type(value = CibEdit.OpDefaultsSet.class, name = "op-defaults"),
    @JsonSubTypes.Type(value = CibEdit.LocationPrefers.class, name = "location-prefers"),
    @JsonSubTypes.Type(value = CibEdit.LocationAvoids.class, name = "location-avoids"),
    @JsonSubTypes.Type(value = CibEdit.LocationAdd.class, name = "location-add"),
    @JsonSubTypes.Type(value = CibEdit.ColocationAdd.class, name = "colocation-add"),
    @JsonSubTypes.Type(value = CibEdit.ColocationRemove.class, name = "colocation-remove"),
    @JsonSubTypes.Type(value = CibEdit.OrderAdd.class, name = "order-add"),
    @JsonSubTypes.Type(value = CibEdit.OrderRemove.class, name = "order-remove"),
    @JsonSubTypes.Type(value = CibEdit.ConstraintRemove.class, name = "constraint-remove"),
    @JsonSubTypes.Type(value = CibEdit.NodeStandby.class, name = "node-standby"),
    @JsonSubTypes.Type(value = CibEdit.NodeMaintenance.class, name = "node-maintenance"),
    @JsonSubTypes.Type(value = CibEdit.NodeAttributeSet.class, name = "node-attribute"),
    @JsonSubTypes.Type(value = CibEdit.NodeTransientAttributeSet.class, name = "node-transient-attribute"),
    @JsonSubTypes.Type(value = CibEdit.NodeDelete.class, name = "node-delete"),
    @JsonSubTypes.Type(value = CibEdit.StonithCreate.class, name = "stonith-create"),
    @JsonSubTypes.Type(value = CibEdit.StonithDelete.class, name = "stonith-delete"),
    @JsonSubTypes.Type(value = CibEdit.RuleAdd.class, name = "rule-add"),
    @JsonSubTypes.Type(value = CibEdit.RuleRemove.class, name = "rule-remove"),
    @JsonSubTypes.Type(value = CibEdit.AclRoleCreate.class, name = "acl-role-create"),
    @JsonSubTypes.Type(value = CibEdit.AclRoleDelete.class, name = "acl-role-delete"),
    @JsonSubTypes.Type(value = CibEdit.AclPermissionAdd.class, name = "acl-permission-add"),
    @JsonSubTypes.Type(value = CibEdit.AclTargetCreate.class, name = "acl-user-create"),
    @JsonSubTypes.Type(value = CibEdit.AclTargetDelete.class, name = "acl-user-delete"),
    @JsonSubTypes.Type(value = CibEdit.CheckpointRestore.class, name = "checkpoint-restore"),
})
public sealed interface CibEdit {

    // ---- cluster properties ---------------------------------------------------------------------

    /** `property set NAME=VALUE…`: cluster options in crm_config (an empty value unsets). */
    record PropertySet(Map<String, String> values) implements CibEdit {
        public PropertySet {
            values = Attributes.copy(values);
        }
    }

    /** `property unset NAME…`. */
    record PropertyUnset(List<String> names) implements CibEdit {
        public PropertyUnset {
            names = list(names);
        }
    }

    // ---- resources --------------------------------------------------------------------------------

    /**
     * `resource create ID AGENT [NAME=VALUE…] [op ACTION OPTION=VALUE…]… [meta NAME=VALUE…]
     * [--group G [--before R | --after R]] [--disabled] [--no-default-ops] [--force]`.
     * agent is `standard:provider:type` (ocf) or `standard:type`; without --no-default-ops the
     * agent's default start/stop/monitor operations are added where none is given; --force skips
     * the agent meta-data checks (for an agent not installed on the DC).
     */
    record ResourceCreate(
            String id,
            String agent,
            Map<String, String> params,
            List<OpSpec> ops,
            Map<String, String> meta,
            Optional<String> group,
            Optional<String> before,
            Optional<String> after,
            boolean disabled,
            boolean noDefaultOps,
            boolean force)
            implements CibEdit {
        public ResourceCreate {
            params = Attributes.copy(params);
            ops = list(ops);
            meta = Attributes.copy(meta);
            group = opt(group);
            before = opt(before);
            after = opt(after);
        }
    }

    /** `resource delete ID`: a primitive, group (with its members) or clone (with its child), and the constraints naming them. */
    record ResourceDelete(String id) implements CibEdit {}

    /**
     * `resource update ID [NAME=VALUE…] [op ACTION OPTION=VALUE…]… [meta NAME=VALUE…]`: an empty
     * value removes a parameter or meta attribute; the ops given replace the resource's ops of the
     * same action.
     */
    record ResourceUpdate(String id, Map<String, String> params, List<OpSpec> ops, Map<String, String> meta)
            implements CibEdit {
        public ResourceUpdate {
            params = Attributes.copy(params);
            ops = list(ops);
            meta = Attributes.copy(meta);
        }
    }

    /** `resource enable ID…`: removes target-role=Stopped. */
    record ResourceEnable(List<String> ids) implements CibEdit {
        public ResourceEnable {
            ids = list(ids);
        }
    }

    /** `resource disable ID…`: target-role=Stopped. */
    record ResourceDisable(List<String> ids) implements CibEdit {
        public ResourceDisable {
            ids = list(ids);
        }
    }

    /**
     * `resource move ID [NODE] [lifetime=DURATION] [--promoted]`: location constraint
     * cli-prefer-ID (INFINITY on NODE, expiring after lifetime); without NODE, a ban from the node
     * the resource runs on now.
     */
    record ResourceMove(String id, Optional<String> node, Optional<String> lifetime, boolean promoted)
            implements CibEdit {
        public ResourceMove {
            node = opt(node);
            lifetime = opt(lifetime);
        }
    }

    /** `resource ban ID [NODE] [lifetime=DURATION] [--promoted]`: cli-ban-ID-on-NODE, -INFINITY. */
    record ResourceBan(String id, Optional<String> node, Optional<String> lifetime, boolean promoted)
            implements CibEdit {
        public ResourceBan {
            node = opt(node);
            lifetime = opt(lifetime);
        }
    }

    /** `resource clear ID [NODE]`: removes the cli-prefer/cli-ban constraints move and ban made. */
    record ResourceClear(String id, Optional<String> node) implements CibEdit {
        public ResourceClear {
            node = opt(node);
        }
    }

    /**
     * `resource cleanup [ID] [--node NODE]` (a status edit): forgets failures — the operation
     * history where an operation failed (so the node re-probes the resource) and the
     * fail-count-* / last-failure-* attributes.
     */
    record ResourceCleanup(Optional<String> id, Optional<String> node) implements CibEdit {
        public ResourceCleanup {
            id = opt(id);
            node = opt(node);
        }
    }

    /** `resource group add G ID… [--before R | --after R]`: creates G when absent; members move out of other groups. */
    record GroupAdd(String group, List<String> resources, Optional<String> before, Optional<String> after)
            implements CibEdit {
        public GroupAdd {
            resources = list(resources);
            before = opt(before);
            after = opt(after);
        }
    }

    /** `resource clone ID [CLONE-ID] [NAME=VALUE…]`: clone meta (clone-max, interleave…). */
    record CloneCreate(String id, Optional<String> cloneId, Map<String, String> meta) implements CibEdit {
        public CloneCreate {
            cloneId = opt(cloneId);
            meta = Attributes.copy(meta);
        }
    }

    /** `resource promotable ID [CLONE-ID] [NAME=VALUE…]`: a clone with promotable=true. */
    record PromotableCreate(String id, Optional<String> cloneId, Map<String, String> meta) implements CibEdit {
        public PromotableCreate {
            cloneId = opt(cloneId);
            meta = Attributes.copy(meta);
        }
    }

    /** `resource defaults [update] NAME=VALUE…` (rsc_defaults; an empty value removes). */
    record ResourceDefaultsSet(Map<String, String> values) implements CibEdit {
        public ResourceDefaultsSet {
            values = Attributes.copy(values);
        }
    }

    /** `resource op defaults [update] NAME=VALUE…` (op_defaults; an empty value removes). */
    record OpDefaultsSet(Map<String, String> values) implements CibEdit {
        public OpDefaultsSet {
            values = Attributes.copy(values);
        }
    }

    // ---- constraints ------------------------------------------------------------------------------

    /** `constraint location RSC prefers NODE[=SCORE]…` (score INFINITY when not given). */
    record LocationPrefers(String resource, Map<String, String> nodeScores) implements CibEdit {
        public LocationPrefers {
            nodeScores = Attributes.copy(nodeScores);
        }
    }

    /** `constraint location RSC avoids NODE[=SCORE]…` (the score is negated; INFINITY when not given). */
    record LocationAvoids(String resource, Map<String, String> nodeScores) implements CibEdit {
        public LocationAvoids {
            nodeScores = Attributes.copy(nodeScores);
        }
    }

    /** `constraint location add ID RSC NODE SCORE [resource-discovery=always|never|exclusive]`. */
    record LocationAdd(String id, String resource, String node, String score, Optional<String> resourceDiscovery)
            implements CibEdit {
        public LocationAdd {
            resourceDiscovery = opt(resourceDiscovery);
        }
    }

    /** `constraint colocation add [ROLE] RSC with [ROLE] WITH-RSC [SCORE] [id=ID]`: RSC (dependent) placed relative to WITH-RSC (primary). */
    record ColocationAdd(
            Optional<String> id,
            Optional<String> role,
            String resource,
            Optional<String> withRole,
            String withResource,
            Optional<String> score)
            implements CibEdit {
        public ColocationAdd {
            id = opt(id);
            role = opt(role);
            withRole = opt(withRole);
            score = opt(score);
        }
    }

    /** `constraint colocation remove RSC WITH-RSC`: the pair colocations between them. */
    record ColocationRemove(String resource, String withResource) implements CibEdit {}

    /** `constraint order [ACTION] FIRST then [ACTION] THEN [kind=…] [symmetrical=…] [id=ID]`. */
    record OrderAdd(
            Optional<String> id,
            Optional<String> firstAction,
            String first,
            Optional<String> thenAction,
            String then,
            Optional<String> kind,
            Optional<String> symmetrical)
            implements CibEdit {
        public OrderAdd {
            id = opt(id);
            firstAction = opt(firstAction);
            thenAction = opt(thenAction);
            kind = opt(kind);
            symmetrical = opt(symmetrical);
        }
    }

    /** `constraint order remove RSC…`: the resources leave every order constraint (pairs naming them go). */
    record OrderRemove(List<String> resources) implements CibEdit {
        public OrderRemove {
            resources = list(resources);
        }
    }

    /** `constraint remove ID…` (also `location remove ID`). */
    record ConstraintRemove(List<String> ids) implements CibEdit {
        public ConstraintRemove {
            ids = list(ids);
        }
    }

    // ---- nodes ------------------------------------------------------------------------------------

    /** `node standby|unstandby NODE… | --all`: node attribute standby=on in the nodes section (removed when off). */
    record NodeStandby(List<String> nodes, boolean all, boolean on) implements CibEdit {
        public NodeStandby {
            nodes = list(nodes);
        }
    }

    /** `node maintenance|unmaintenance NODE… | --all`: node attribute maintenance=on. */
    record NodeMaintenance(List<String> nodes, boolean all, boolean on) implements CibEdit {
        public NodeMaintenance {
            nodes = list(nodes);
        }
    }

    /** `node attribute NODE NAME=VALUE…` (an empty value removes the attribute). */
    record NodeAttributeSet(String node, Map<String, String> values) implements CibEdit {
        public NodeAttributeSet {
            values = Attributes.copy(values);
        }
    }

    /**
     * `node attribute NODE NAME=VALUE… --lifetime reboot`, and what agents set with crm_attribute
     * (promotion scores): transient attributes in the node's status, gone when the node leaves
     * the cluster or is fenced (an empty value removes one).
     */
    record NodeTransientAttributeSet(String node, Map<String, String> values) implements CibEdit {
        public NodeTransientAttributeSet {
            values = Attributes.copy(values);
        }
    }

    /**
     * `cluster node remove NODE` (its CIB part): the node leaves the nodes section and the status;
     * refused while it is an online member (it is stopped first).
     */
    record NodeDelete(String node) implements CibEdit {}

    // ---- fencing ----------------------------------------------------------------------------------

    /**
     * `stonith create ID AGENT [NAME=VALUE…] [op …] [meta …] [--disabled] [--force]`: a primitive of
     * class stonith; params include pcmk_host_list, pcmk_host_map, pcmk_host_check, pcmk_delay_*.
     */
    record StonithCreate(
            String id,
            String agent,
            Map<String, String> params,
            List<OpSpec> ops,
            Map<String, String> meta,
            boolean disabled,
            boolean force)
            implements CibEdit {
        public StonithCreate {
            params = Attributes.copy(params);
            ops = list(ops);
            meta = Attributes.copy(meta);
        }
    }

    /** `stonith delete ID`. */
    record StonithDelete(String id) implements CibEdit {}

    // ---- admin rules ------------------------------------------------------------------------------

    /** `rules add FILE.drl [--name NAME] [--replace]`: stores a rule file in the CIB; it must compile with the built-in rules. */
    record RuleAdd(String name, String source, boolean replace) implements CibEdit {}

    /** `rules remove NAME`. */
    record RuleRemove(String name) implements CibEdit {}

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    private static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    // ---- access control lists (pcs acl) -----------------------------------------------------------

    /** One permission as `pcs acl` writes it: `read|write|deny xpath XPATH` or `read|write|deny id ID`. */
    record AclPermissionSpec(String kind, String scope, String value) {}

    /** `acl role create ROLE [description=TEXT] [read|write|deny xpath X | id ID]…`. */
    record AclRoleCreate(String id, Optional<String> description, List<AclPermissionSpec> permissions)
            implements CibEdit {
        public AclRoleCreate {
            permissions = list(permissions);
        }
    }

    /** `acl role delete ROLE`: also out of every user's roles. */
    record AclRoleDelete(String id) implements CibEdit {}

    /** `acl permission add ROLE read|write|deny xpath X | id ID…`. */
    record AclPermissionAdd(String role, List<AclPermissionSpec> permissions) implements CibEdit {
        public AclPermissionAdd {
            permissions = list(permissions);
        }
    }

    /** `acl user create USER [ROLE…]`: an acl_target. */
    record AclTargetCreate(String id, List<String> roles) implements CibEdit {
        public AclTargetCreate {
            roles = list(roles);
        }
    }

    /** `acl user delete USER`. */
    record AclTargetDelete(String id) implements CibEdit {}

    /**
     * `config checkpoint restore N`: the configuration becomes checkpoint N's (`xml`, as the node that
     * keeps it gave it), as one CIB replacement on the DC: validated whole, a new epoch; the status stays live.
     */
    record CheckpointRestore(int checkpoint, String xml) implements CibEdit {}
}
