package io.hapc.engine.scenario;

import io.hapc.engine.Decision;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.actions.SummaryLine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.xml.CibXmlReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds small CIBs for rule tests: nodes, resources (XML snippets), constraints, properties and
 * "runs on" status, then decides once with the built-in rules at a fixed time.
 */
final class Scenario {
    private static final PolicyRules RULES = PolicyRules.builtIn();
    private final List<String> nodes = new ArrayList<>();
    private final List<String> nodeXml = new ArrayList<>();
    private final List<String> resources = new ArrayList<>();
    private final List<String> constraints = new ArrayList<>();
    private final List<String> properties = new ArrayList<>(List.of("fencing-enabled=false"));
    private final List<String> defaults = new ArrayList<>();
    private final List<String[]> running = new ArrayList<>();
    private final List<String> transients = new ArrayList<>();
    private final List<String> lost = new ArrayList<>();
    private final List<String> tickets = new ArrayList<>();
    private boolean quorum = true;
    private boolean quorumLost = false;
    private final java.util.Map<String, String> recordedAgents = new java.util.HashMap<>();
    private Instant now = Instant.parse("2026-06-01T12:00:00Z");

    static Scenario nodes(String... names) {
        Scenario s = new Scenario();
        for (String n : names) {
            s.nodes.add(n);
            s.nodeXml.add("<node id=\"" + n + "\" uname=\"" + n + "\"/>");
        }
        return s;
    }

    Scenario nodeXml(String name, String xml) {
        nodeXml.set(nodes.indexOf(name), xml);
        return this;
    }

    /** The agent attributes of the configured primitive `rsc` (a clone instance: its primitive), as the history records them. */
    private String recordedAgent(String rsc) {
        if (recordedAgents.containsKey(rsc)) return recordedAgents.get(rsc);
        String base = rsc.contains(":") ? rsc.substring(0, rsc.lastIndexOf(':')) : rsc;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<primitive\\s[^>]*id=\"" + java.util.regex.Pattern.quote(base) + "\"[^>]*>")
                .matcher(String.join("", resources));
        if (!m.find()) return "class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"";
        StringBuilder out = new StringBuilder();
        for (String attr : List.of("class", "provider", "type")) {
            java.util.regex.Matcher a = java.util.regex.Pattern.compile("\\s" + attr + "=\"([^\"]*)\"")
                    .matcher(m.group());
            if (a.find())
                out.append(out.length() == 0 ? "" : " ")
                        .append(attr)
                        .append("=\"")
                        .append(a.group(1))
                        .append('"');
        }
        return out.toString();
    }

    /** The history records `rsc` as run by another agent (e.g. `class="stonith" type="fence_dummy"`). */
    Scenario recordedAs(String rsc, String agentAttributes) {
        recordedAgents.put(rsc, agentAttributes);
        return this;
    }

    /** A Dummy primitive. */
    Scenario dummy(String id) {
        return resource("<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>");
    }

    Scenario resource(String xml) {
        resources.add(xml);
        return this;
    }

    Scenario constraint(String xml) {
        constraints.add(xml);
        return this;
    }

    Scenario property(String nameValue) {
        properties.removeIf(p -> p.startsWith(nameValue.substring(0, nameValue.indexOf('=') + 1)));
        properties.add(nameValue);
        return this;
    }

    Scenario rscDefault(String nameValue) {
        defaults.add(nameValue);
        return this;
    }

    /** `rsc` was started on `node` (and its last monitor succeeded). */
    Scenario runs(String rsc, String node) {
        running.add(new String[] {rsc, node, "start", "0"});
        return this;
    }

    /** `rsc` ran on `node` and its 10 s monitor then failed with rc. */
    Scenario monitorFailed(String rsc, String node, int rc) {
        running.add(new String[] {rsc, node, "start", "0"});
        running.add(new String[] {rsc, node, "monitor", Integer.toString(rc)});
        return this;
    }

    /** `rsc` was promoted on `node`, then its 10 s monitor in the Promoted role (expecting rc 8) returned rc. */
    Scenario promotedMonitorFailed(String rsc, String node, int rc) {
        promoted(rsc, node);
        running.add(new String[] {rsc, node, "monitor", Integer.toString(rc), "", "8"});
        return this;
    }

    /** A demote of `rsc` on `node` failed (rc 1) after it had been promoted there. */
    Scenario demoteFailed(String rsc, String node) {
        promoted(rsc, node);
        running.add(new String[] {rsc, node, "demote", "1"});
        return this;
    }

    /** `rsc` (a promotable clone instance, e.g. "P:0") was started and promoted on `node`. */
    Scenario promoted(String rsc, String node) {
        running.add(new String[] {rsc, node, "start", "0"});
        running.add(new String[] {rsc, node, "promote", "0"});
        return this;
    }

    /** A ticket_state in the status section, e.g. ticket("T", "granted=\"true\" standby=\"true\""). */
    Scenario ticket(String id, String attributes) {
        tickets.add("<ticket_state id=\"" + id + "\" " + attributes + "/>");
        return this;
    }

    Scenario startFailed(String rsc, String node) {
        running.add(new String[] {rsc, node, "start", "1"});
        return this;
    }

    Scenario stopFailed(String rsc, String node) {
        running.add(new String[] {rsc, node, "start", "0"});
        running.add(new String[] {rsc, node, "stop", "1"});
        return this;
    }

    /** A probe of `rsc` on `node` found it not running. */
    Scenario probedStopped(String rsc, String node) {
        running.add(new String[] {rsc, node, "probe", "7"});
        return this;
    }

    /**
     * `rsc` (started on `source`) began a live migration to `target`: its migrate_to ended with
     * toRc; migrate_from on the target ended with fromRc, or has not run when null.
     */
    Scenario migrated(String rsc, String source, String target, int toRc, Integer fromRc) {
        String nodes = "migrate_source=\"" + source + "\" migrate_target=\"" + target + "\"";
        running.add(new String[] {rsc, source, "start", "0"});
        running.add(new String[] {rsc, source, "migrate_to", Integer.toString(toRc), nodes});
        if (fromRc != null) running.add(new String[] {rsc, target, "migrate_from", Integer.toString(fromRc), nodes});
        return this;
    }

    Scenario transientAttribute(String node, String name, String value) {
        transients.add(node + "\u0000" + name + "\u0000" + value);
        return this;
    }

    Scenario nodeLost(String node) {
        lost.add(node);
        return this;
    }

    /** A partition that lost quorum after having had it (the CIB's no-quorum-panic), the usual way to be without. */
    Scenario withoutQuorum() {
        quorum = false;
        quorumLost = true;
        return this;
    }

    /** A partition that never had quorum (a node booted alone): no no-quorum-panic. */
    Scenario neverQuorate() {
        quorum = false;
        quorumLost = false;
        return this;
    }

    Scenario at(String instant) {
        now = Instant.parse(instant);
        return this;
    }

    String xml() {
        StringBuilder sb = new StringBuilder(
                "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" have-quorum=\"" + (quorum ? "1" : "0")
                        + (quorumLost ? "\" no-quorum-panic=\"1" : "")
                        + "\" validate-with=\"pacemaker-3.9\">\n<configuration>\n<crm_config><cluster_property_set id=\"opts\">");
        for (String p : properties) {
            String[] kv = p.split("=", 2);
            sb.append("<nvpair id=\"opt-")
                    .append(kv[0])
                    .append("\" name=\"")
                    .append(kv[0])
                    .append("\" value=\"")
                    .append(kv[1])
                    .append("\"/>");
        }
        sb.append("</cluster_property_set></crm_config>\n<nodes>");
        nodeXml.forEach(sb::append);
        sb.append("</nodes>\n<resources>");
        resources.forEach(sb::append);
        sb.append("</resources>\n<constraints>");
        constraints.forEach(sb::append);
        sb.append("</constraints>\n<rsc_defaults><meta_attributes id=\"rd\">");
        for (String d : defaults) {
            String[] kv = d.split("=", 2);
            sb.append("<nvpair id=\"rd-")
                    .append(kv[0])
                    .append("\" name=\"")
                    .append(kv[0])
                    .append("\" value=\"")
                    .append(kv[1])
                    .append("\"/>");
        }
        sb.append("</meta_attributes></rsc_defaults>\n</configuration>\n<status>");
        int call = 1;
        for (String n : nodes) {
            boolean gone = lost.contains(n);
            sb.append("<node_state id=\"")
                    .append(n)
                    .append("\" uname=\"")
                    .append(n)
                    .append(
                            gone
                                    ? "\" in_ccm=\"false\" crmd=\"offline\" join=\"down\" expected=\"member\">"
                                    : "\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\">");
            sb.append("<transient_attributes id=\"t-")
                    .append(n)
                    .append("\"><instance_attributes id=\"ta-")
                    .append(n)
                    .append("\">");
            for (String t : transients) {
                String[] p = t.split("\u0000");
                if (p[0].equals(n))
                    sb.append("<nvpair id=\"ta-")
                            .append(n)
                            .append('-')
                            .append(p[1])
                            .append("\" name=\"")
                            .append(p[1])
                            .append("\" value=\"")
                            .append(p[2])
                            .append("\"/>");
            }
            sb.append("</instance_attributes></transient_attributes><lrm id=\"l-")
                    .append(n)
                    .append("\"><lrm_resources>");
            for (String rsc : running.stream()
                    .filter(r -> r[1].equals(n))
                    .map(r -> r[0])
                    .distinct()
                    .toList()) {
                sb.append("<lrm_resource id=\"")
                        .append(rsc)
                        .append("\" ")
                        .append(recordedAgent(rsc))
                        .append(">");
                for (String[] r : running) {
                    if (!r[0].equals(rsc) || !r[1].equals(n)) continue;
                    long interval = r[2].equals("monitor") ? 10000 : 0;
                    boolean probe = r[2].equals("probe");
                    String expected = probe ? "7" : r.length > 5 ? r[5] : "0";
                    sb.append("<lrm_rsc_op id=\"")
                            .append(rsc)
                            .append('_')
                            .append(r[2])
                            .append('_')
                            .append(call)
                            .append("\" operation=\"")
                            .append(probe ? "monitor" : r[2])
                            .append("\" interval=\"")
                            .append(interval)
                            .append("\" call-id=\"")
                            .append(call++)
                            .append("\" rc-code=\"")
                            .append(r[3])
                            .append("\" op-status=\"")
                            .append(r[3].equals(expected) ? "0" : "4")
                            .append("\" transition-key=\"1:1:")
                            .append(expected)
                            .append(":test\"")
                            .append(r.length > 4 ? " " + r[4] : "")
                            .append("/>");
                }
                sb.append("</lrm_resource>");
            }
            sb.append("</lrm_resources></lrm></node_state>");
        }
        if (!tickets.isEmpty())
            sb.append("<tickets>").append(String.join("", tickets)).append("</tickets>");
        sb.append("</status>\n</cib>\n");
        return sb.toString();
    }

    Decision decide() {
        try {
            Cib cib = CibXmlReader.read(xml(), "scenario");
            return new PolicyEngine(RULES, Clock.fixed(now, ZoneOffset.UTC)).decide(cib);
        } catch (Exception e) {
            throw new AssertionError("scenario does not load: " + e.getMessage() + "\n" + xml(), e);
        }
    }

    /** The Transition Summary, one compact line each: "Start rsc1 (node1)", "Stop rsc1 (node1) due to ...". */
    List<String> summary() {
        return summaryOf(decide());
    }

    static List<String> summaryOf(Decision d) {
        return d.transition().summary().stream().map(Scenario::compact).collect(Collectors.toList());
    }

    private static String compact(SummaryLine l) {
        if (l.isFence()) return l.verb() + " " + l.subject() + " '" + l.reason().orElse("") + "'";
        return l.verb() + " " + l.subject() + " (" + l.details() + ")"
                + l.reason().map(r -> " due to " + r).orElse("") + (l.blocked() ? " (blocked)" : "");
    }
}
