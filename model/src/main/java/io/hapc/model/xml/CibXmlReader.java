package io.hapc.model.xml;

import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibChange;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Durations;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.RuleFile;
import io.hapc.model.cib.Score;
import io.hapc.model.cib.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Pacemaker CIB XML document into the immutable {@link Cib} model. Either the whole
 * document loads or a {@link CibFormatException} names the line, element and attribute at fault.
 * Old and new Pacemaker names (master/promoted, Slave/Unpromoted, stonith-enabled/fencing-enabled)
 * are all accepted; id-ref references are resolved.
 *
 * <p>Resource templates and tags are resolved here, so the model and the engine never see them: a
 * primitive with {@code template="T"} becomes a plain primitive carrying T's class, provider, type,
 * attribute sets and operations (its own values win), and a constraint naming a template or a tag
 * names the primitives it stands for (see {@link TemplatesAndTags}). hapc therefore writes back the
 * resolved form, not the {@code <template>} and {@code <tags>} elements.
 */
public final class CibXmlReader {
    private static final Set<String> IGNORED_CONFIGURATION = Set.of("fencing-topology", "alerts");
    /** Pacemaker lets an nvpair set refer to a set of another kind (a shared instance_attributes used as meta). */
    private static final Set<String> NV_SET_KINDS =
            Set.of("meta_attributes", "instance_attributes", "cluster_property_set", "utilization");
    /** op XML attributes the Operation record has its own components for; the rest are op meta attributes. */
    private static final Set<String> OP_COMPONENTS =
            Set.of("id", "name", "interval", "timeout", "on-fail", "role", "enabled", "description");

    private final String source;
    private final Map<String, XmlElement> byId = new HashMap<>();
    private TemplatesAndTags templatesAndTags = TemplatesAndTags.NONE;
    /** validate-with="none": no schema stands behind the document, so Pacemaker resets some bad values instead. */
    private boolean unvalidated;

    private CibXmlReader(String source) {
        this.source = source;
    }

    public static Cib read(Path file) throws IOException, CibFormatException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static Cib read(String xml, String sourceName) throws CibFormatException {
        return read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), sourceName);
    }

    public static Cib read(InputStream in, String sourceName) throws CibFormatException {
        return read(in, sourceName, XmlLimits.CIB);
    }

    /** Reads within other limits than {@link XmlLimits#CIB} (tests of the limits themselves). */
    public static Cib read(InputStream in, String sourceName, XmlLimits limits) throws CibFormatException {
        XmlElement root = XmlTreeParser.parse(in, sourceName, limits);
        CibXmlReader reader = new CibXmlReader(sourceName);
        reader.index(root);
        try {
            reader.templatesAndTags = TemplatesAndTags.of(root);
            return reader.cib(root);
        } catch (Bad e) {
            throw new CibFormatException(sourceName, e.getMessage(), e.line);
        }
    }

    /** An error deep in the tree; converted to a CibFormatException at the top. */
    static final class Bad extends RuntimeException {
        final int line;

        Bad(XmlElement where, String message) {
            super(where.describe() + ": " + message);
            this.line = where.line();
        }
    }

    private void index(XmlElement e) {
        e.attr("id").ifPresent(id -> {
            if (!e.attributes().containsKey("id-ref")) byId.putIfAbsent(e.name() + "\u0000" + id, e);
            byId.putIfAbsent(id, e);
        });
        e.children().forEach(this::index);
    }

    /** Follows id-ref to the referenced element of the same kind (any nvpair set kind for nvpair sets). */
    private XmlElement resolve(XmlElement e) {
        Optional<String> ref = e.attr("id-ref");
        if (ref.isEmpty()) return e;
        XmlElement target = byId.get(e.name() + "\u0000" + ref.get());
        if (target == null) target = byId.get(ref.get());
        if (target == null || target == e || target.attributes().containsKey("id-ref")) {
            throw new Bad(
                    e,
                    "attribute 'id-ref' value '" + ref.get()
                            + "' refers to no element with that id (define it, or remove the reference)");
        }
        boolean sameKind = target.name().equals(e.name())
                || (NV_SET_KINDS.contains(e.name()) && NV_SET_KINDS.contains(target.name()));
        if (!sameKind) {
            throw new Bad(
                    e,
                    "attribute 'id-ref' value '" + ref.get() + "' refers to a <" + target.name() + "> at line "
                            + target.line() + ", expected a <" + e.name() + ">");
        }
        return target;
    }

    private static String required(XmlElement e, String attr) {
        return e.attr(attr)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new Bad(e, "missing required attribute '" + attr + "'"));
    }

    private static int score(XmlElement e, String attr, String value) {
        try {
            return Score.parse(value);
        } catch (IllegalArgumentException ex) {
            throw new Bad(
                    e,
                    "attribute '" + attr + "' value '" + value
                            + "' is not a score (expected an integer, INFINITY or -INFINITY)");
        }
    }

    private static Optional<Role> role(XmlElement e, String attr) {
        Optional<String> v = e.attr(attr);
        if (v.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Role.parse(v.get()));
        } catch (IllegalArgumentException ex) {
            throw new Bad(e, "attribute '" + attr + "': " + ex.getMessage());
        }
    }

    private static boolean bool(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "on", "1" -> true;
            default -> false;
        };
    }

    private static long number(XmlElement e, String attr, long fallback) {
        Optional<String> v = e.attr(attr);
        if (v.isEmpty() || v.get().isBlank()) return fallback;
        try {
            return Long.parseLong(v.get().trim());
        } catch (NumberFormatException ex) {
            throw new Bad(e, "attribute '" + attr + "' value '" + v.get() + "' is not a number");
        }
    }

    // ---- document ---------------------------------------------------------------------------------

    private Cib cib(XmlElement root) {
        if (!root.name().equals("cib"))
            throw new Bad(root, "the document element must be <cib>, not <" + root.name() + ">");
        unvalidated = root.attr("validate-with")
                .map(v -> v.trim().equalsIgnoreCase("none"))
                .orElse(false);
        XmlElement conf = root.child("configuration").orElseThrow(() -> new Bad(root, "missing <configuration>"));
        CibVersion version = new CibVersion(
                number(root, "admin_epoch", 0), number(root, "epoch", 0), number(root, "num_updates", 0));
        boolean quorum = root.attr("have-quorum").map(CibXmlReader::bool).orElse(false);
        List<NvSet> props = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        List<Constraint> constraints = new ArrayList<>();
        List<NvSet> rscDefaults = new ArrayList<>();
        List<NvSet> opDefaults = new ArrayList<>();
        List<RuleFile> ruleFiles = new ArrayList<>();
        Acls acls = Acls.NONE;
        for (XmlElement section : conf.children()) {
            switch (section.name()) {
                case "crm_config" -> section.children("cluster_property_set").forEach(s -> props.add(nvSet(s)));
                case "nodes" -> section.children("node").forEach(n -> nodes.add(node(n)));
                case "resources" ->
                    section.children().stream()
                            .filter(r -> !r.name().equals("template"))
                            .forEach(r -> resources.add(resource(r)));
                case "constraints" ->
                    section.children().forEach(c -> constraints.add(constraint(templatesAndTags.expandConstraint(c))));
                case "tags" -> {} // resolved by TemplatesAndTags into the constraints that name them
                case "rsc_defaults" -> section.children("meta_attributes").forEach(s -> rscDefaults.add(nvSet(s)));
                case "op_defaults" -> section.children("meta_attributes").forEach(s -> opDefaults.add(nvSet(s)));
                case CibXmlWriter.RULES_SECTION -> ruleFiles.addAll(ruleFiles(section));
                case "acls" -> acls = acls(section);
                default -> {
                    if (!IGNORED_CONFIGURATION.contains(section.name())) {
                        throw new Bad(section, "unsupported configuration section <" + section.name() + ">");
                    }
                }
            }
        }
        Status status = root.child("status").map(this::status).orElse(Status.empty());
        Optional<CibChange> lastChange = root.attr("cib-last-written")
                .map(w -> new CibChange(
                        w, root.attr("update-origin"), root.attr("update-client"), root.attr("update-user")));
        return new Cib(
                version,
                root.attr("validate-with"),
                quorum,
                root.attr("dc-uuid"),
                root.attr("execution-date"),
                props,
                nodes,
                resources,
                constraints,
                rscDefaults,
                opDefaults,
                status,
                ruleFiles,
                lastChange,
                acls);
    }

    /** Pacemaker's ACLs: acl_target (or the older acl_user) with role references, acl_role with acl_permission. */
    private static Acls acls(XmlElement section) {
        List<Acls.Target> targets = new ArrayList<>();
        List<Acls.RoleDef> roles = new ArrayList<>();
        for (XmlElement e : section.children()) {
            switch (e.name()) {
                case "acl_target", "acl_user" ->
                    targets.add(new Acls.Target(
                            e.attr("id")
                                    .or(() -> e.attr("name"))
                                    .orElseThrow(() -> new Bad(e, "<" + e.name() + "> needs an id")),
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
                            throw new Bad(p, "acl_permission kind '" + kind + "': expected read, write or deny");
                        }
                        if (p.attr("xpath").isPresent() == p.attr("reference").isPresent()) {
                            throw new Bad(
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

    /** hapc's own section: admin rule files, each a named CDATA text. Pacemaker never sees it. */
    private static List<RuleFile> ruleFiles(XmlElement section) {
        List<RuleFile> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (XmlElement f : section.children()) {
            if (!f.name().equals(CibXmlWriter.RULE_FILE)) {
                throw new Bad(
                        f,
                        "unexpected <" + f.name() + "> in <" + CibXmlWriter.RULES_SECTION + "> (only <"
                                + CibXmlWriter.RULE_FILE + " name=\"FILE.drl\"> elements belong there)");
            }
            String name = required(f, "name");
            if (!names.add(name))
                throw new Bad(f, "a second rule file named '" + name + "' (rule file names are unique)");
            out.add(new RuleFile(name, f.text()));
        }
        return out;
    }

    private NvSet nvSet(XmlElement raw) {
        XmlElement e = resolve(raw);
        Map<String, String> values = new LinkedHashMap<>();
        List<Rule> rules = new ArrayList<>();
        for (XmlElement c : e.children()) {
            if (c.name().equals("nvpair")) {
                XmlElement p = resolve(c);
                values.putIfAbsent(required(p, "name"), p.attr("value").orElse(""));
            } else if (c.name().equals("rule")) {
                rules.add(rule(c));
            }
        }
        int score = e.attr("score").map(s -> score(e, "score", s)).orElse(0);
        String id = raw.attr("id").orElse(e.attr("id").orElse(""));
        // Pacemaker applies a set when any of its rules passes: several rules are one "or" rule.
        Optional<Rule> rule = rules.size() <= 1
                ? rules.stream().findFirst()
                : Optional.of(new Rule(
                        id + "-rules",
                        Optional.empty(),
                        Optional.empty(),
                        Rule.BooleanOp.OR,
                        Optional.empty(),
                        List.copyOf(rules)));
        return new NvSet(id, values, rule, score);
    }

    private List<NvSet> sets(XmlElement parent, String kind) {
        return parent.children(kind).stream().map(this::nvSet).toList();
    }

    private Node node(XmlElement e) {
        String id = required(e, "id");
        return new Node(
                id,
                e.attr("uname").orElse(id),
                e.attr("type").orElse("member"),
                sets(e, "instance_attributes"),
                sets(e, "utilization"));
    }

    // ---- resources ---------------------------------------------------------------------------------

    private Resource resource(XmlElement e) {
        return switch (e.name()) {
            case "primitive" -> primitive(e);
            case "group" -> group(e);
            case "clone", "master" -> clone(e);
            case "bundle" -> bundle(e);
            default ->
                throw new Bad(
                        e,
                        "unsupported element <" + e.name()
                                + "> in <resources> (hapc supports primitive, template, group, clone, master and bundle)");
        };
    }

    private Resource.Primitive primitive(XmlElement raw) {
        String id = required(raw, "id");
        XmlElement e = templatesAndTags.inherit(raw);
        String standard = required(e, "class");
        String type = required(e, "type");
        if (standard.equals("ocf") && e.attr("provider").isEmpty()) {
            throw new Bad(e, "an ocf primitive needs a 'provider' attribute (e.g. provider=\"heartbeat\")");
        }
        List<Operation> ops = new ArrayList<>();
        e.child("operations").ifPresent(o -> o.children("op").forEach(op -> ops.add(operation(op))));
        return new Resource.Primitive(
                id,
                standard,
                e.attr("provider"),
                type,
                sets(e, "instance_attributes"),
                sets(e, "meta_attributes"),
                sets(e, "utilization"),
                ops);
    }

    private Operation operation(XmlElement raw) {
        XmlElement e = resolve(raw);
        String name = required(e, "name");
        long interval = duration(e, "interval", e.attr("interval").orElse("0"));
        Optional<Long> timeout = e.attr("timeout").map(t -> duration(e, "timeout", t));
        Map<String, String> attrs = new LinkedHashMap<>();
        // Pacemaker reads op options written as XML attributes (start-delay, record-pending...) before nvpairs.
        e.attributes().forEach((k, v) -> {
            if (!OP_COMPONENTS.contains(k)) attrs.put(k, v);
        });
        for (String kind : List.of("meta_attributes", "instance_attributes")) {
            for (NvSet s : sets(e, kind)) s.values().forEach(attrs::putIfAbsent);
        }
        boolean enabled = e.attr("enabled").map(CibXmlReader::bool).orElse(true);
        Map<String, String> params = new LinkedHashMap<>();
        for (NvSet set : sets(e, "instance_attributes")) set.values().forEach(params::putIfAbsent);
        return new Operation(
                e.attr("id").orElse(name + "-" + interval),
                name,
                interval,
                timeout,
                e.attr("on-fail"),
                role(e, "role"),
                enabled,
                attrs,
                params);
    }

    /** Pacemaker durations ("10" = seconds, "10s", "500ms", "2min", "PT10S") in milliseconds. */
    private static long duration(XmlElement e, String attr, String text) {
        try {
            return Durations.parseMillis(text);
        } catch (IllegalArgumentException ex) {
            throw new Bad(
                    e,
                    "attribute '" + attr + "' value '" + text + "' is not a duration (e.g. 10s, 500ms, 2min, PT10S)");
        }
    }

    private Resource.Group group(XmlElement e) {
        String id = required(e, "id");
        List<Resource.Primitive> members = new ArrayList<>();
        for (XmlElement c : e.children()) {
            switch (c.name()) {
                case "primitive" -> members.add(primitive(c));
                case "meta_attributes", "instance_attributes", "utilization" -> {}
                default -> throw new Bad(c, "a group may contain only primitives, not <" + c.name() + ">");
            }
        }
        return new Resource.Group(id, sets(e, "meta_attributes"), members, sets(e, "instance_attributes"));
    }

    private Resource.Clone clone(XmlElement e) {
        String id = required(e, "id");
        List<XmlElement> kids = e.children().stream()
                .filter(c -> !c.name().equals("meta_attributes") && !c.name().equals("instance_attributes"))
                .toList();
        if (kids.size() != 1)
            throw new Bad(e, "a clone must contain exactly one primitive or group, found " + kids.size());
        XmlElement child = kids.get(0);
        Resource r = switch (child.name()) {
            case "primitive" -> primitive(child);
            case "group" -> group(child);
            default -> throw new Bad(child, "a clone may contain a primitive or a group, not <" + child.name() + ">");
        };
        return new Resource.Clone(
                id, sets(e, "meta_attributes"), r, e.name().equals("master"), sets(e, "instance_attributes"));
    }

    private Resource.Bundle bundle(XmlElement e) {
        String id = required(e, "id");
        List<XmlElement> runtimes = e.children().stream()
                .filter(c -> List.of("docker", "podman", "rkt").contains(c.name()))
                .toList();
        if (runtimes.size() != 1) {
            throw new Bad(
                    e,
                    "a bundle needs exactly one container element (<docker>, <podman> or <rkt>), found "
                            + runtimes.size());
        }
        XmlElement rt = runtimes.get(0);
        String image = required(rt, "image");
        int replicas = count(
                rt,
                "replicas",
                rt.attr("replicas")
                        .orElse(rt.attr("promoted-max")
                                .or(() -> rt.attr("masters"))
                                .orElse("1")));
        int perHost =
                count(rt, "replicas-per-host", rt.attr("replicas-per-host").orElse("1"));
        int promotedMax = count(
                rt,
                "promoted-max",
                rt.attr("promoted-max").or(() -> rt.attr("masters")).orElse("0"));
        Resource.Bundle.Container container =
                new Resource.Bundle.Container(rt.name(), image, replicas, perHost, promotedMax, rt.attributes());
        Optional<Resource.Bundle.Network> network = e.child("network")
                .map(n -> new Resource.Bundle.Network(
                        n.attributes(),
                        n.children("port-mapping").stream()
                                .map(m -> new Resource.Bundle.PortMapping(m.attributes()))
                                .toList()));
        List<Resource.Bundle.StorageMapping> storage = e.child("storage")
                .map(s -> s.children("storage-mapping").stream()
                        .map(m -> new Resource.Bundle.StorageMapping(m.attributes()))
                        .toList())
                .orElse(List.of());
        List<XmlElement> inner = e.children().stream()
                .filter(c -> !List.of(
                                "docker",
                                "podman",
                                "rkt",
                                "network",
                                "storage",
                                "meta_attributes",
                                "instance_attributes",
                                "utilization")
                        .contains(c.name()))
                .toList();
        Optional<Resource.Primitive> primitive = Optional.empty();
        for (XmlElement c : inner) {
            if (!c.name().equals("primitive"))
                throw new Bad(c, "a bundle may contain only a primitive, not <" + c.name() + ">");
            if (primitive.isPresent()) throw new Bad(c, "a bundle may contain at most one primitive");
            primitive = Optional.of(primitive(c));
        }
        if (primitive.isPresent() && network.isEmpty()) {
            throw new Bad(
                    e, "a bundle with a primitive needs a <network> element (its control-port reaches the container)");
        }
        return new Resource.Bundle(id, sets(e, "meta_attributes"), container, network, storage, primitive);
    }

    private static int count(XmlElement e, String attr, String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Bad(e, "attribute '" + attr + "' value '" + text + "' is not a non-negative whole number");
    }

    // ---- constraints -------------------------------------------------------------------------------

    private Constraint constraint(XmlElement e) {
        return switch (e.name()) {
            case "rsc_location" -> location(e);
            case "rsc_colocation" -> colocation(e);
            case "rsc_order" -> order(e);
            case "rsc_ticket" -> ticket(e);
            default ->
                throw new Bad(
                        e,
                        "unsupported constraint <" + e.name()
                                + "> (supported: rsc_location, rsc_colocation, rsc_order, rsc_ticket)");
        };
    }

    private Constraint.Location location(XmlElement e) {
        String id = required(e, "id");
        List<String> setMembers = new ArrayList<>();
        for (XmlElement s : e.children("resource_set"))
            s.children("resource_ref").forEach(r -> setMembers.add(required(r, "id")));
        if (e.attr("rsc").isEmpty() && e.attr("rsc-pattern").isEmpty() && setMembers.isEmpty()) {
            throw new Bad(e, "needs 'rsc', 'rsc-pattern' or a resource_set naming what it places");
        }
        List<Rule> rules = e.children("rule").stream().map(this::rule).toList();
        Optional<Integer> score = e.attr("score").map(s -> score(e, "score", s));
        if (e.attr("node").isPresent() && score.isEmpty()) throw new Bad(e, "a location with 'node' needs a 'score'");
        if (e.attr("node").isEmpty() && rules.isEmpty()) throw new Bad(e, "needs 'node' and 'score', or a <rule>");
        return new Constraint.Location(
                id,
                e.attr("rsc"),
                e.attr("rsc-pattern"),
                setMembers,
                e.attr("node"),
                score,
                role(e, "role"),
                e.attr("resource-discovery"),
                rules,
                Optional.empty());
    }

    private Constraint.Colocation colocation(XmlElement e) {
        String id = required(e, "id");
        List<Constraint.ResourceSet> sets = resourceSets(e);
        // Without a score a colocation scores 0 (Pacemaker's default): it orders assignment, nothing more.
        int sc = score(e, "score", e.attr("score").orElse("0"));
        if (sets.isEmpty()) {
            required(e, "rsc");
            required(e, "with-rsc");
        }
        return new Constraint.Colocation(
                id,
                e.attr("rsc"),
                e.attr("with-rsc"),
                sc,
                role(e, "rsc-role"),
                role(e, "with-rsc-role"),
                sets,
                e.attr("node-attribute"),
                e.attr("influence").map(CibXmlReader::bool));
    }

    private Constraint.Order order(XmlElement e) {
        String id = required(e, "id");
        List<Constraint.ResourceSet> sets = resourceSets(e);
        if (sets.isEmpty()) {
            required(e, "first");
            required(e, "then");
        }
        Optional<String> kind = e.attr("kind");
        if (kind.isPresent()
                && !Set.of("mandatory", "optional", "serialize")
                        .contains(kind.get().toLowerCase(Locale.ROOT))) {
            // A schema refuses it; without one Pacemaker resets the order to Mandatory (a configuration error it logs).
            if (!unvalidated) {
                throw new Bad(e, "attribute 'kind' value '" + kind.get() + "' is not Mandatory, Optional or Serialize");
            }
            kind = Optional.of("Mandatory");
        }
        return new Constraint.Order(
                id,
                e.attr("first"),
                e.attr("then"),
                e.attr("first-action"),
                e.attr("then-action"),
                kind,
                e.attr("score").map(s -> score(e, "score", s)),
                e.attr("symmetrical").map(CibXmlReader::bool),
                sets,
                e.attr("require-all").map(CibXmlReader::bool));
    }

    private Constraint.Ticket ticket(XmlElement e) {
        String id = required(e, "id");
        String ticket = required(e, "ticket");
        List<Constraint.ResourceSet> sets = resourceSets(e);
        if (sets.isEmpty() && e.attr("rsc").filter(v -> !v.isBlank()).isEmpty()) {
            throw new Bad(
                    e, "needs 'rsc' or a resource_set naming the resources that depend on ticket '" + ticket + "'");
        }
        Optional<Constraint.LossPolicy> loss = e.attr("loss-policy")
                .map(v -> Constraint.LossPolicy.parse(v)
                        .orElseThrow(() -> new Bad(
                                e,
                                "attribute 'loss-policy' value '" + v
                                        + "' is not stop, demote, fence or freeze (leave it out for stop)")));
        return new Constraint.Ticket(id, e.attr("rsc"), role(e, "rsc-role"), ticket, loss, sets);
    }

    private List<Constraint.ResourceSet> resourceSets(XmlElement e) {
        List<Constraint.ResourceSet> out = new ArrayList<>();
        for (XmlElement raw : e.children("resource_set")) {
            XmlElement s = resolve(raw);
            List<String> refs = s.children("resource_ref").stream()
                    .map(r -> required(r, "id"))
                    .toList();
            out.add(new Constraint.ResourceSet(
                    s.attr("id").orElse(""),
                    refs,
                    s.attr("sequential").map(CibXmlReader::bool),
                    s.attr("require-all").map(CibXmlReader::bool),
                    s.attr("action"),
                    role(s, "role"),
                    s.attr("kind"),
                    s.attr("score").map(v -> score(s, "score", v))));
        }
        return out;
    }

    // ---- rules --------------------------------------------------------------------------------------

    private Rule rule(XmlElement raw) {
        XmlElement e = resolve(raw);
        List<RuleExpression> exprs = new ArrayList<>();
        for (XmlElement c : e.children()) {
            XmlElement x = resolve(c);
            switch (x.name()) {
                case "rule" -> exprs.add(rule(x));
                case "expression" ->
                    exprs.add(new RuleExpression.AttributeExpression(
                            x.attr("id").orElse(""),
                            required(x, "attribute"),
                            required(x, "operation"),
                            x.attr("value"),
                            x.attr("type"),
                            x.attr("value-source")));
                case "date_expression" ->
                    exprs.add(new RuleExpression.DateExpression(
                            x.attr("id").orElse(""),
                            x.attr("operation").orElse("in_range"),
                            x.attr("start"),
                            x.attr("end"),
                            x.child("date_spec").map(this::dateSpec),
                            x.child("duration").map(this::dateSpec)));
                case "rsc_expression" ->
                    exprs.add(new RuleExpression.ResourceExpression(
                            x.attr("id").orElse(""), x.attr("class"), x.attr("provider"), x.attr("type")));
                case "op_expression" ->
                    exprs.add(new RuleExpression.OperationExpression(
                            x.attr("id").orElse(""),
                            required(x, "name"),
                            x.attr("interval").map(i -> duration(x, "interval", i))));
                default ->
                    throw new Bad(
                            x,
                            "unsupported rule element <" + x.name()
                                    + "> (supported: rule, expression, date_expression, rsc_expression, op_expression)");
            }
        }
        String op = e.attr("boolean-op").orElse("and").toLowerCase(Locale.ROOT);
        if (!op.equals("and") && !op.equals("or"))
            throw new Bad(e, "attribute 'boolean-op' must be 'and' or 'or', not '" + op + "'");
        return new Rule(
                e.attr("id").orElse(""),
                e.attr("score").map(s -> score(e, "score", s)),
                e.attr("score-attribute"),
                op.equals("and") ? Rule.BooleanOp.AND : Rule.BooleanOp.OR,
                role(e, "role"),
                exprs);
    }

    private RuleExpression.DateSpec dateSpec(XmlElement e) {
        Map<String, String> fields = new LinkedHashMap<>(e.attributes());
        fields.remove("id");
        return new RuleExpression.DateSpec(e.attr("id").orElse(""), fields);
    }

    // ---- status -------------------------------------------------------------------------------------

    private Status status(XmlElement e) {
        List<Status.NodeRecord> states = new ArrayList<>();
        for (XmlElement ns : e.children("node_state")) {
            // A node_state without an id belongs to no node: Pacemaker skips it, and so does hapc.
            if (ns.attr("id").isEmpty()) continue;
            Map<String, String> transients = new LinkedHashMap<>();
            ns.child("transient_attributes").ifPresent(t -> {
                for (NvSet s : sets(t, "instance_attributes")) s.values().forEach(transients::put);
            });
            List<Status.ResourceHistory> histories = new ArrayList<>();
            ns.child("lrm").flatMap(l -> l.child("lrm_resources")).ifPresent(lr -> {
                for (XmlElement r : lr.children("lrm_resource")) histories.add(history(r));
            });
            states.add(new Status.NodeRecord(
                    required(ns, "id"),
                    ns.attr("uname"),
                    ns.attr("in_ccm"),
                    ns.attr("crmd"),
                    ns.attr("join"),
                    ns.attr("expected"),
                    ns.attr("shutdown"),
                    transients,
                    histories,
                    ns.attr("node_fenced")));
        }
        List<Status.TicketState> tickets = new ArrayList<>();
        Set<String> ticketIds = new java.util.HashSet<>();
        for (XmlElement section : e.children("tickets")) {
            for (XmlElement t : section.children("ticket_state")) {
                Status.TicketState state = ticketState(t);
                if (!ticketIds.add(state.id())) {
                    throw new Bad(t, "a second <ticket_state> for ticket '" + state.id() + "' (one per ticket)");
                }
                tickets.add(state);
            }
        }
        return new Status(states, tickets);
    }

    /** Attributes of ticket_state that the model has components for; the rest are kept as they are. */
    private static final Set<String> TICKET_COMPONENTS = Set.of("id", "granted", "standby", "last-granted");

    private static Status.TicketState ticketState(XmlElement t) {
        Map<String, String> other = new LinkedHashMap<>();
        t.attributes().forEach((k, v) -> {
            if (!TICKET_COMPONENTS.contains(k)) other.put(k, v);
        });
        Optional<Long> lastGranted =
                t.attr("last-granted").filter(v -> !v.isBlank()).map(v -> number(t, "last-granted", 0));
        return new Status.TicketState(
                required(t, "id"),
                t.attr("granted").map(CibXmlReader::bool).orElse(false),
                t.attr("standby").map(CibXmlReader::bool).orElse(false),
                lastGranted,
                other);
    }

    private Status.ResourceHistory history(XmlElement r) {
        List<Status.OperationRecord> ops = new ArrayList<>();
        for (XmlElement op : r.children("lrm_rsc_op")) {
            ops.add(new Status.OperationRecord(
                    op.attr("id").orElse(""),
                    required(op, "operation"),
                    number(op, "interval", 0),
                    (int) number(op, "call-id", 0),
                    (int) number(op, "rc-code", 0),
                    (int) number(op, "op-status", 0),
                    op.attr("transition-key"),
                    op.attr("op-digest"),
                    number(op, "last-rc-change", 0),
                    op.attr("exit-reason"),
                    op.attr("on_node"),
                    new Status.Digests(
                            op.attr("op-restart-digest"),
                            op.attr("op-force-restart"),
                            op.attr("op-secure-digest"),
                            op.attr("op-secure-params"),
                            op.attr("crm_feature_set")),
                    op.attr("migrate_source")
                            .flatMap(src -> op.attr("migrate_target").map(dst -> new Status.Migration(src, dst)))));
        }
        Optional<Long> lock = r.attr("shutdown-lock").flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty(); // not a time: no lock Pacemaker would honour either
            }
        });
        return new Status.ResourceHistory(
                required(r, "id"),
                r.attr("class").orElse("ocf"),
                r.attr("provider"),
                r.attr("type").orElse(""),
                ops,
                lock);
    }
}
