package io.hapc.model.xml;

import io.hapc.model.cib.Acls;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibChange;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a {@link Cib} as Pacemaker CIB XML. What the model keeps survives a round trip:
 * {@code CibXmlReader.read(write(cib))} equals {@code cib} (validate-with defaults to pacemaker-3.9).
 * What the model does not keep (set ids of location resource sets, nvpair ids, comments) is regenerated.
 */
public final class CibXmlWriter {
    static final String DEFAULT_SCHEMA = "pacemaker-3.9";
    /** hapc's configuration section for admin rule files (not in Pacemaker's schema; only hapc reads it). */
    static final String RULES_SECTION = "hapc-rules";

    static final String RULE_FILE = "rule-file";

    private CibXmlWriter() {}

    /**
     * The CIB as XML. A character XML 1.0 cannot carry (a control character other than tab, line feed
     * and carriage return, U+FFFE, U+FFFF, half a surrogate pair) is written as U+FFFD: such text can
     * only come from outside the configuration checks (an agent's exit reason), and a CIB that cannot
     * be read back would leave the next DC without one. {@link #unwritable} finds them first.
     */
    public static String write(Cib cib) {
        String xml = render(cib);
        if (firstUnwritable(xml) < 0) return xml;
        StringBuilder out = new StringBuilder(xml.length());
        for (int i = 0; i < xml.length(); i++) out.append(writable(xml, i) ? xml.charAt(i) : '\uFFFD');
        return out.toString();
    }

    /** "U+0007 (control character) at line 81: <nvpair … value=\"bad\x07bell\"/>" for the first such character, if any. */
    public static java.util.Optional<String> unwritable(Cib cib) {
        String xml = render(cib);
        int at = firstUnwritable(xml);
        if (at < 0) return java.util.Optional.empty();
        int lineStart = xml.lastIndexOf('\n', at) + 1;
        int lineEnd = xml.indexOf('\n', at);
        long line = xml.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        String text =
                xml.substring(lineStart, lineEnd < 0 ? xml.length() : lineEnd).strip();
        return java.util.Optional.of(String.format(
                "U+%04X at line %d of the CIB: %s",
                (int) xml.charAt(at), line, io.hapc.model.cib.ControlCharacters.printable(text)));
    }

    private static int firstUnwritable(String xml) {
        for (int i = 0; i < xml.length(); i++) if (!writable(xml, i)) return i;
        return -1;
    }

    /** XML 1.0's Char production. */
    private static boolean writable(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
        if (c == 0xFFFE || c == 0xFFFF) return false;
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        return true;
    }

    private static String render(Cib cib) {
        XmlNode root = new XmlNode("cib")
                .attr("validate-with", cib.validateWith().orElse(DEFAULT_SCHEMA))
                .attr("admin_epoch", Long.toString(cib.version().adminEpoch()))
                .attr("epoch", Long.toString(cib.version().epoch()))
                .attr("num_updates", Long.toString(cib.version().numUpdates()))
                .attr("have-quorum", cib.haveQuorum() ? "1" : "0")
                .attr("no-quorum-panic", cib.noQuorumPanic() ? Optional.of("1") : Optional.empty())
                .attr("dc-uuid", cib.dcUuid())
                .attr("execution-date", cib.executionDate())
                .attr("cib-last-written", cib.lastChange().map(CibChange::written))
                .attr("update-origin", cib.lastChange().flatMap(CibChange::origin))
                .attr("update-client", cib.lastChange().flatMap(CibChange::client))
                .attr("update-user", cib.lastChange().flatMap(CibChange::user));
        XmlNode conf = new XmlNode("configuration");
        conf.add(sets(new XmlNode("crm_config"), "cluster_property_set", cib.propertySets()));
        XmlNode nodes = new XmlNode("nodes");
        cib.nodes().forEach(n -> nodes.add(node(n)));
        conf.add(nodes);
        XmlNode resources = new XmlNode("resources");
        cib.resources().forEach(r -> resources.add(resource(r)));
        conf.add(resources);
        XmlNode constraints = new XmlNode("constraints");
        cib.constraints().forEach(c -> constraints.add(constraint(c)));
        conf.add(constraints);
        if (!cib.rscDefaults().isEmpty())
            conf.add(sets(new XmlNode("rsc_defaults"), "meta_attributes", cib.rscDefaults()));
        if (!cib.opDefaults().isEmpty())
            conf.add(sets(new XmlNode("op_defaults"), "meta_attributes", cib.opDefaults()));
        if (!cib.acls().isEmpty()) {
            XmlNode acls = new XmlNode("acls");
            for (Acls.Target t : cib.acls().targets()) {
                XmlNode target = new XmlNode("acl_target").attr("id", t.id());
                t.roles().forEach(r -> target.add(new XmlNode("role").attr("id", r)));
                acls.add(target);
            }
            for (Acls.RoleDef r : cib.acls().roles()) {
                XmlNode role = new XmlNode("acl_role").attr("id", r.id()).attr("description", r.description());
                for (Acls.Permission p : r.permissions()) {
                    role.add(new XmlNode("acl_permission")
                            .attr("id", p.id())
                            .attr("kind", p.kind().xml())
                            .attr("xpath", p.xpath())
                            .attr("reference", p.reference()));
                }
                acls.add(role);
            }
            conf.add(acls);
        }
        if (!cib.ruleFiles().isEmpty()) {
            XmlNode rules = new XmlNode(RULES_SECTION);
            for (RuleFile f : cib.ruleFiles())
                rules.add(new XmlNode(RULE_FILE).attr("name", f.name()).cdata(f.source()));
            conf.add(rules);
        }
        root.add(conf);
        XmlNode status = new XmlNode("status");
        cib.status().nodeStates().forEach(s -> status.add(nodeState(s)));
        if (!cib.status().tickets().isEmpty()) {
            XmlNode tickets = new XmlNode("tickets");
            cib.status().tickets().forEach(t -> tickets.add(ticketState(t)));
            status.add(tickets);
        }
        root.add(status);
        StringBuilder out = new StringBuilder();
        root.appendTo(out, 0);
        return out.toString();
    }

    // ---- nvpair sets ---------------------------------------------------------------------------------

    private static XmlNode sets(XmlNode parent, String kind, List<NvSet> sets) {
        sets.forEach(s -> parent.add(nvSet(kind, s)));
        return parent;
    }

    private static XmlNode nvSet(String kind, NvSet set) {
        XmlNode e = new XmlNode(kind).attr("id", set.id());
        if (set.score() != 0) e.attr("score", Score.format(set.score()));
        set.rule().ifPresent(r -> e.add(rule(r)));
        nvpairs(e, set.id(), set.values());
        return e;
    }

    /** nvpair ids are not in the model: "<set id>-<name>" keeps them unique per set. */
    private static void nvpairs(XmlNode set, String setId, Map<String, String> values) {
        values.forEach((name, value) -> set.add(new XmlNode("nvpair")
                .attr("id", setId + "-" + name)
                .attr("name", name)
                .attr("value", value)));
    }

    private static XmlNode node(Node n) {
        XmlNode e =
                new XmlNode("node").attr("id", n.id()).attr("uname", n.uname()).attr("type", n.type());
        sets(e, "instance_attributes", n.attributeSets());
        return sets(e, "utilization", n.utilizationSets());
    }

    // ---- resources -----------------------------------------------------------------------------------

    private static XmlNode resource(Resource r) {
        if (r instanceof Resource.Primitive p) return primitive(p);
        if (r instanceof Resource.Group g) {
            XmlNode e = sets(new XmlNode("group").attr("id", g.id()), "meta_attributes", g.metaSets());
            sets(e, "instance_attributes", g.instanceSets());
            g.members().forEach(m -> e.add(primitive(m)));
            return e;
        }
        if (r instanceof Resource.Bundle b) return bundle(b);
        Resource.Clone c = (Resource.Clone) r;
        XmlNode e = sets(
                new XmlNode(c.promotableElement() ? "master" : "clone").attr("id", c.id()),
                "meta_attributes",
                c.metaSets());
        sets(e, "instance_attributes", c.instanceSets());
        return e.add(resource(c.child()));
    }

    private static XmlNode bundle(Resource.Bundle b) {
        XmlNode e = sets(new XmlNode("bundle").attr("id", b.id()), "meta_attributes", b.metaSets());
        XmlNode runtime = new XmlNode(b.container().runtime());
        b.container().attributes().forEach(runtime::attr);
        e.add(runtime);
        b.network().ifPresent(n -> {
            XmlNode net = new XmlNode("network");
            n.attributes().forEach(net::attr);
            n.portMappings().forEach(pm -> {
                XmlNode m = new XmlNode("port-mapping");
                pm.attributes().forEach(m::attr);
                net.add(m);
            });
            e.add(net);
        });
        if (!b.storage().isEmpty()) {
            XmlNode storage = new XmlNode("storage");
            b.storage().forEach(sm -> {
                XmlNode m = new XmlNode("storage-mapping");
                sm.attributes().forEach(m::attr);
                storage.add(m);
            });
            e.add(storage);
        }
        b.primitive().ifPresent(p -> e.add(primitive(p)));
        return e;
    }

    private static XmlNode primitive(Resource.Primitive p) {
        XmlNode e = new XmlNode("primitive")
                .attr("id", p.id())
                .attr("class", p.standard())
                .attr("provider", p.provider())
                .attr("type", p.type());
        sets(e, "instance_attributes", p.instanceSets());
        sets(e, "meta_attributes", p.metaSets());
        sets(e, "utilization", p.utilizationSets());
        if (!p.operations().isEmpty()) {
            XmlNode ops = new XmlNode("operations");
            p.operations().forEach(o -> ops.add(operation(o)));
            e.add(ops);
        }
        return e;
    }

    private static XmlNode operation(Operation o) {
        XmlNode e = new XmlNode("op")
                .attr("id", o.id())
                .attr("name", o.name())
                .attr("interval", Durations.format(o.intervalMs()))
                .attr("timeout", o.timeoutMs().map(Durations::format))
                .attr("on-fail", o.onFail())
                .attr("role", o.role().map(Role::display));
        if (!o.enabled()) e.attr("enabled", "false");
        // The op's own instance attributes (agent parameters) are written back as such; the rest as meta.
        Map<String, String> metaValues = new java.util.LinkedHashMap<>(o.attributes());
        o.instanceAttributes().forEach((k, v) -> metaValues.remove(k, v));
        if (!metaValues.isEmpty()) {
            XmlNode meta = new XmlNode("meta_attributes").attr("id", o.id() + "-meta");
            nvpairs(meta, o.id() + "-meta", metaValues);
            e.add(meta);
        }
        if (!o.instanceAttributes().isEmpty()) {
            XmlNode params = new XmlNode("instance_attributes").attr("id", o.id() + "-params");
            nvpairs(params, o.id() + "-params", o.instanceAttributes());
            e.add(params);
        }
        return e;
    }

    // ---- constraints ---------------------------------------------------------------------------------

    private static XmlNode constraint(Constraint c) {
        if (c instanceof Constraint.Location l) return location(l);
        if (c instanceof Constraint.Colocation col) {
            XmlNode e = new XmlNode("rsc_colocation")
                    .attr("id", col.id())
                    .attr("rsc", col.rsc())
                    .attr("with-rsc", col.withRsc())
                    .attr("score", Score.format(col.score()))
                    .attr("rsc-role", col.rscRole().map(Role::display))
                    .attr("with-rsc-role", col.withRscRole().map(Role::display))
                    .attr("node-attribute", col.nodeAttribute())
                    .attr("influence", col.influence());
            col.sets().forEach(s -> e.add(resourceSet(s)));
            return e;
        }
        if (c instanceof Constraint.Ticket t) {
            XmlNode e = new XmlNode("rsc_ticket")
                    .attr("id", t.id())
                    .attr("rsc", t.rsc())
                    .attr("rsc-role", t.rscRole().map(Role::display))
                    .attr("ticket", t.ticket())
                    .attr("loss-policy", t.lossPolicy().map(Constraint.LossPolicy::xml));
            t.sets().forEach(s -> e.add(resourceSet(s)));
            return e;
        }
        Constraint.Order o = (Constraint.Order) c;
        XmlNode e = new XmlNode("rsc_order")
                .attr("id", o.id())
                .attr("first", o.first())
                .attr("then", o.then())
                .attr("first-action", o.firstAction())
                .attr("then-action", o.thenAction())
                .attr("kind", o.kind())
                .attr("score", o.score().map(Score::format))
                .attr("symmetrical", o.symmetrical())
                .attr("require-all", o.requireAll());
        o.sets().forEach(s -> e.add(resourceSet(s)));
        return e;
    }

    private static XmlNode location(Constraint.Location l) {
        XmlNode e = new XmlNode("rsc_location")
                .attr("id", l.id())
                .attr("rsc", l.rsc())
                .attr("rsc-pattern", l.rscPattern())
                .attr("node", l.node())
                .attr("score", l.score().map(Score::format))
                .attr("role", l.role().map(Role::display))
                .attr("resource-discovery", l.resourceDiscovery());
        if (!l.resourceSets().isEmpty()) {
            // The model keeps a location's set members, not its set ids.
            XmlNode set = new XmlNode("resource_set").attr("id", l.id() + "-set");
            l.resourceSets().forEach(r -> set.add(new XmlNode("resource_ref").attr("id", r)));
            e.add(set);
        }
        l.rules().forEach(r -> e.add(rule(r)));
        return e;
    }

    private static XmlNode resourceSet(Constraint.ResourceSet s) {
        XmlNode e = new XmlNode("resource_set")
                .attr("id", s.id())
                .attr("sequential", s.sequential())
                .attr("require-all", s.requireAll())
                .attr("action", s.action())
                .attr("role", s.role().map(Role::display))
                .attr("kind", s.kind())
                .attr("score", s.score().map(Score::format));
        s.resources().forEach(r -> e.add(new XmlNode("resource_ref").attr("id", r)));
        return e;
    }

    // ---- rules ---------------------------------------------------------------------------------------

    private static XmlNode rule(Rule r) {
        XmlNode e = new XmlNode("rule")
                .attr("id", r.id())
                .attr("score", r.score().map(Score::format))
                .attr("score-attribute", r.scoreAttribute())
                .attr("boolean-op", r.booleanOp().name().toLowerCase(Locale.ROOT))
                .attr("role", r.role().map(Role::display));
        r.expressions().forEach(x -> e.add(expression(x)));
        return e;
    }

    private static XmlNode expression(RuleExpression x) {
        if (x instanceof Rule r) return rule(r);
        if (x instanceof RuleExpression.AttributeExpression a) {
            return new XmlNode("expression")
                    .attr("id", a.id())
                    .attr("attribute", a.attribute())
                    .attr("operation", a.operation())
                    .attr("value", a.value())
                    .attr("type", a.type())
                    .attr("value-source", a.valueSource());
        }
        if (x instanceof RuleExpression.DateExpression d) {
            XmlNode e = new XmlNode("date_expression")
                    .attr("id", d.id())
                    .attr("operation", d.operation())
                    .attr("start", d.start())
                    .attr("end", d.end());
            d.spec().ifPresent(s -> e.add(dateSpec("date_spec", s)));
            d.duration().ifPresent(s -> e.add(dateSpec("duration", s)));
            return e;
        }
        if (x instanceof RuleExpression.ResourceExpression r) {
            return new XmlNode("rsc_expression")
                    .attr("id", r.id())
                    .attr("class", r.standard())
                    .attr("provider", r.provider())
                    .attr("type", r.type());
        }
        RuleExpression.OperationExpression o = (RuleExpression.OperationExpression) x;
        return new XmlNode("op_expression")
                .attr("id", o.id())
                .attr("name", o.name())
                .attr("interval", o.intervalMs().map(Durations::format));
    }

    private static XmlNode dateSpec(String name, RuleExpression.DateSpec spec) {
        XmlNode e = new XmlNode(name).attr("id", spec.id());
        spec.fields().forEach(e::attr);
        return e;
    }

    // ---- status --------------------------------------------------------------------------------------

    private static XmlNode nodeState(Status.NodeRecord s) {
        XmlNode e = new XmlNode("node_state")
                .attr("id", s.id())
                .attr("uname", s.uname())
                .attr("in_ccm", s.inCcm())
                .attr("crmd", s.crmd())
                .attr("join", s.join())
                .attr("expected", s.expected())
                .attr("shutdown", s.shutdown())
                .attr("node_fenced", s.nodeFenced());
        if (!s.transientAttributes().isEmpty()) {
            XmlNode attrs = new XmlNode("instance_attributes").attr("id", "status-" + s.id());
            nvpairs(attrs, "status-" + s.id(), s.transientAttributes());
            e.add(new XmlNode("transient_attributes").attr("id", s.id()).add(attrs));
        }
        if (!s.resources().isEmpty()) {
            XmlNode lrmResources = new XmlNode("lrm_resources");
            s.resources().forEach(h -> lrmResources.add(history(h)));
            e.add(new XmlNode("lrm").attr("id", s.id()).add(lrmResources));
        }
        return e;
    }

    private static XmlNode ticketState(Status.TicketState t) {
        XmlNode e = new XmlNode("ticket_state").attr("id", t.id()).attr("granted", Boolean.toString(t.granted()));
        if (t.standby()) e.attr("standby", "true");
        e.attr("last-granted", t.lastGranted().map(String::valueOf));
        t.otherAttributes().forEach(e::attr);
        return e;
    }

    private static XmlNode history(Status.ResourceHistory h) {
        XmlNode e = new XmlNode("lrm_resource")
                .attr("id", h.id())
                .attr("class", h.standard())
                .attr("provider", h.provider())
                .attr("type", h.type())
                .attr("shutdown-lock", h.shutdownLock().map(String::valueOf));
        for (Status.OperationRecord o : h.operations()) {
            e.add(new XmlNode("lrm_rsc_op")
                    .attr("id", o.id())
                    .attr("operation", o.operation())
                    .attr("interval", Long.toString(o.intervalMs()))
                    .attr("call-id", Integer.toString(o.callId()))
                    .attr("rc-code", Integer.toString(o.rcCode()))
                    .attr("op-status", Integer.toString(o.opStatus()))
                    .attr("transition-key", o.transitionKey())
                    .attr("op-digest", o.opDigest())
                    .attr("last-rc-change", Long.toString(o.lastRcChange()))
                    .attr("exit-reason", o.exitReason())
                    .attr("on_node", o.onNode())
                    .attr("op-restart-digest", o.digests().restart())
                    .attr("op-force-restart", o.digests().forceRestart())
                    .attr("op-secure-digest", o.digests().secure())
                    .attr("op-secure-params", o.digests().secureParams())
                    .attr("crm_feature_set", o.digests().featureSet())
                    .attr("migrate_source", o.migration().map(Status.Migration::source))
                    .attr("migrate_target", o.migration().map(Status.Migration::target)));
        }
        return e;
    }
}
