package io.hapc.model.xml;

import static io.hapc.model.xml.XmlValues.count;
import static io.hapc.model.xml.XmlValues.duration;
import static io.hapc.model.xml.XmlValues.number;
import static io.hapc.model.xml.XmlValues.required;
import static io.hapc.model.xml.XmlValues.role;
import static io.hapc.model.xml.XmlValues.score;

import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibChange;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Rule;
import io.hapc.model.cib.RuleExpression;
import io.hapc.model.cib.RuleFile;
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

    // ---- document ---------------------------------------------------------------------------------

    private Cib cib(XmlElement root) {
        if (!root.name().equals("cib"))
            throw new Bad(root, "the document element must be <cib>, not <" + root.name() + ">");
        unvalidated = root.attr("validate-with")
                .map(v -> v.trim().equalsIgnoreCase("none"))
                .orElse(false);
        ConstraintXmlReader constraintReader = new ConstraintXmlReader(this::resolve, this::rule, unvalidated);
        XmlElement conf = root.child("configuration").orElseThrow(() -> new Bad(root, "missing <configuration>"));
        CibVersion version = new CibVersion(
                number(root, "admin_epoch", 0), number(root, "epoch", 0), number(root, "num_updates", 0));
        boolean quorum = root.attr("have-quorum").map(XmlValues::bool).orElse(false);
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
                    section.children()
                            .forEach(c ->
                                    constraints.add(constraintReader.constraint(templatesAndTags.expandConstraint(c))));
                case "tags" -> {} // resolved by TemplatesAndTags into the constraints that name them
                case "rsc_defaults" -> section.children("meta_attributes").forEach(s -> rscDefaults.add(nvSet(s)));
                case "op_defaults" -> section.children("meta_attributes").forEach(s -> opDefaults.add(nvSet(s)));
                case CibXmlWriter.RULES_SECTION -> ruleFiles.addAll(ruleFiles(section));
                case "acls" -> acls = AclsXml.acls(section);
                default -> {
                    if (!IGNORED_CONFIGURATION.contains(section.name())) {
                        throw new Bad(section, "unsupported configuration section <" + section.name() + ">");
                    }
                }
            }
        }
        Status status = root.child("status")
                .map(new StatusXmlReader(this::sets)::status)
                .orElse(Status.empty());
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
                acls,
                !quorum && root.attr("no-quorum-panic").map(XmlValues::bool).orElse(false));
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
        boolean enabled = e.attr("enabled").map(XmlValues::bool).orElse(true);
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
}
