package io.hapc.model.xml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves Pacemaker resource templates and tags on the parsed XML, before the model is built.
 *
 * <ul>
 *   <li>A primitive with {@code template="T"} takes T's class, provider and type; its own attribute
 *   sets come first (so its values win, sets being "first one wins"), then T's. Its operations are
 *   its own plus T's operations whose name and role it does not define itself.</li>
 *   <li>A constraint naming a template (every primitive using it, in document order) or a tag (its
 *   obj_refs, in order): inside a resource_set the reference is replaced in place by those ids; as
 *   rsc / with-rsc / first / then the constraint becomes a set constraint — one set per such
 *   attribute, the expanded one non-sequential, a plain resource a one-member set — with the role
 *   or action attribute moved onto its set. A location only converts the attribute that names a
 *   template or tag.</li>
 * </ul>
 */
final class TemplatesAndTags {
    static final TemplatesAndTags NONE = new TemplatesAndTags(Map.of(), Map.of());

    /** Elements an obj_ref or a template reference may name. */
    private static final Set<String> RESOURCE_ELEMENTS =
            Set.of("primitive", "group", "clone", "master", "bundle", "template");

    private final Map<String, XmlElement> templates;
    /** Template or tag id → the resource ids it stands for. */
    private final Map<String, List<String>> expansions;

    private TemplatesAndTags(Map<String, XmlElement> templates, Map<String, List<String>> expansions) {
        this.templates = templates;
        this.expansions = expansions;
    }

    static TemplatesAndTags of(XmlElement cib) {
        Optional<XmlElement> conf = cib.child("configuration");
        if (conf.isEmpty()) return NONE;
        Map<String, XmlElement> templates = new LinkedHashMap<>();
        Map<String, XmlElement> resources = new LinkedHashMap<>();
        List<XmlElement> primitives = new ArrayList<>();
        for (XmlElement section : conf.get().children("resources")) collect(section, templates, resources, primitives);
        Map<String, List<String>> expansions = new LinkedHashMap<>();
        templates.keySet().forEach(t -> expansions.put(t, new ArrayList<>()));
        for (XmlElement p : primitives) {
            Optional<String> t = p.attr("template");
            if (t.isEmpty()) continue;
            if (!templates.containsKey(t.get())) {
                throw new CibXmlReader.Bad(
                        p,
                        "attribute 'template' value '" + t.get()
                                + "' names no <template> in <resources> (define the template, or write class, provider and type)");
            }
            expansions.get(t.get()).add(p.attr("id").orElse(""));
        }
        for (XmlElement section : conf.get().children("tags")) {
            for (XmlElement tag : section.children()) {
                if (!tag.name().equals("tag")) throw new CibXmlReader.Bad(tag, "only <tag> elements belong in <tags>");
                String id = tag.attr("id")
                        .filter(v -> !v.isBlank())
                        .orElseThrow(() -> new CibXmlReader.Bad(tag, "missing required attribute 'id'"));
                if (resources.containsKey(id)) {
                    throw new CibXmlReader.Bad(
                            tag, "tag id '" + id + "' is already the id of a resource (ids are unique)");
                }
                List<String> refs = new ArrayList<>();
                for (XmlElement ref : tag.children("obj_ref")) {
                    String r = ref.attr("id")
                            .filter(v -> !v.isBlank())
                            .orElseThrow(() -> new CibXmlReader.Bad(ref, "missing required attribute 'id'"));
                    if (!resources.containsKey(r)) {
                        throw new CibXmlReader.Bad(
                                ref,
                                "attribute 'id' value '" + r + "' names no resource (tag '" + id
                                        + "' may list only resources defined in <resources>)");
                    }
                    refs.add(r);
                }
                if (expansions.putIfAbsent(id, refs) != null) {
                    throw new CibXmlReader.Bad(tag, "a second tag or template with id '" + id + "'");
                }
            }
        }
        return new TemplatesAndTags(templates, expansions);
    }

    private static void collect(
            XmlElement e,
            Map<String, XmlElement> templates,
            Map<String, XmlElement> resources,
            List<XmlElement> primitives) {
        for (XmlElement c : e.children()) {
            if (!RESOURCE_ELEMENTS.contains(c.name())) continue;
            c.attr("id").ifPresent(id -> resources.putIfAbsent(id, c));
            if (c.name().equals("template")) c.attr("id").ifPresent(id -> templates.putIfAbsent(id, c));
            if (c.name().equals("primitive")) primitives.add(c);
            collect(c, templates, resources, primitives);
        }
    }

    // ---- templates ----------------------------------------------------------------------------------

    /** The primitive as if written out in full: the template's definition under the primitive's own. */
    XmlElement inherit(XmlElement primitive) {
        Optional<String> name = primitive.attr("template");
        if (name.isEmpty()) return primitive;
        XmlElement template = templates.get(name.get());
        if (template == null) {
            throw new CibXmlReader.Bad(
                    primitive, "attribute 'template' value '" + name.get() + "' names no <template> in <resources>");
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String a : List.of("class", "provider", "type")) template.attr(a).ifPresent(v -> attrs.put(a, v));
        primitive.attributes().forEach((k, v) -> {
            if (!k.equals("template")) attrs.put(k, v);
        });
        List<XmlElement> children = new ArrayList<>();
        primitive.children().stream()
                .filter(c -> !c.name().equals("operations"))
                .forEach(children::add);
        template.children().stream().filter(c -> !c.name().equals("operations")).forEach(children::add);
        List<XmlElement> ops = new ArrayList<>();
        primitive.children("operations").forEach(o -> ops.addAll(o.children("op")));
        Set<String> own = new java.util.HashSet<>();
        ops.forEach(op -> own.add(opKey(op)));
        template.children("operations")
                .forEach(o -> o.children("op").stream()
                        .filter(op -> !own.contains(opKey(op)))
                        .forEach(ops::add));
        if (!ops.isEmpty()) {
            int line = primitive.child("operations").map(XmlElement::line).orElse(primitive.line());
            children.add(new XmlElement("operations", Map.of(), List.copyOf(ops), line, ""));
        }
        return new XmlElement(primitive.name(), attrs, List.copyOf(children), primitive.line(), primitive.text());
    }

    /** A primitive's own op replaces the template's op of the same name and role (as the corpus shows). */
    private static String opKey(XmlElement op) {
        String role = op.attr("role").orElse("").toLowerCase(Locale.ROOT);
        return op.attr("name").orElse("") + "\u0000" + role;
    }

    // ---- constraints --------------------------------------------------------------------------------

    private boolean expands(Optional<String> id) {
        return id.isPresent() && expansions.containsKey(id.get());
    }

    /** The constraint with every template and tag it names replaced by the resources they stand for. */
    XmlElement expandConstraint(XmlElement c) {
        if (expansions.isEmpty()) return c;
        List<XmlElement> children = new ArrayList<>();
        for (XmlElement child : c.children())
            children.add(child.name().equals("resource_set") ? expandSet(child) : child);
        Map<String, String> attrs = new LinkedHashMap<>(c.attributes());
        String id = c.attr("id").orElse("");
        switch (c.name()) {
            case "rsc_location" -> {
                if (expands(c.attr("rsc"))) {
                    children.add(set(c, id + "-rsc", attrs.remove("rsc"), Optional.empty(), Optional.empty()));
                }
            }
            case "rsc_colocation" -> {
                if (expands(c.attr("rsc")) || expands(c.attr("with-rsc"))) {
                    toSet(c, attrs, children, "rsc", "role", "rsc-role");
                    toSet(c, attrs, children, "with-rsc", "role", "with-rsc-role");
                }
            }
            case "rsc_order" -> {
                if (expands(c.attr("first")) || expands(c.attr("then"))) {
                    toSet(c, attrs, children, "first", "action", "first-action");
                    toSet(c, attrs, children, "then", "action", "then-action");
                }
            }
            case "rsc_ticket" -> {
                if (expands(c.attr("rsc"))) toSet(c, attrs, children, "rsc", "role", "rsc-role");
            }
            default -> {}
        }
        return new XmlElement(c.name(), attrs, List.copyOf(children), c.line(), c.text());
    }

    private void toSet(
            XmlElement c,
            Map<String, String> attrs,
            List<XmlElement> children,
            String attr,
            String setAttr,
            String movedAttr) {
        String ref = attrs.remove(attr);
        if (ref == null) return;
        Optional<String> moved = Optional.ofNullable(attrs.remove(movedAttr));
        children.add(set(
                c,
                c.attr("id").orElse("") + "-" + attr,
                ref,
                Optional.of(setAttr).filter(a -> moved.isPresent()),
                moved));
    }

    private XmlElement set(XmlElement c, String setId, String ref, Optional<String> setAttr, Optional<String> value) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("id", setId);
        List<String> members = expansions.get(ref);
        // The resources a template or tag stands for are independent of each other.
        if (members != null) attrs.put("sequential", "false");
        if (setAttr.isPresent() && value.isPresent()) attrs.put(setAttr.get(), value.get());
        List<XmlElement> refs = (members == null ? List.of(ref) : members)
                .stream()
                        .map(m -> new XmlElement("resource_ref", Map.of("id", m), List.of(), c.line(), ""))
                        .toList();
        return new XmlElement("resource_set", attrs, refs, c.line(), "");
    }

    private XmlElement expandSet(XmlElement s) {
        if (s.children("resource_ref").stream().noneMatch(r -> expands(r.attr("id")))) return s;
        List<XmlElement> children = new ArrayList<>();
        for (XmlElement r : s.children()) {
            if (r.name().equals("resource_ref") && expands(r.attr("id"))) {
                for (String m : expansions.get(r.attr("id").get())) {
                    children.add(new XmlElement("resource_ref", Map.of("id", m), List.of(), r.line(), ""));
                }
            } else {
                children.add(r);
            }
        }
        return new XmlElement(s.name(), s.attributes(), List.copyOf(children), s.line(), s.text());
    }
}
