package io.hapc.admin;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentId;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Constraint;
import io.hapc.model.cib.Resource;
import io.hapc.model.xml.CibXmlReader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The CIBs and context the editor tests share: examples/web-cluster.xml, a fixed time, known agents. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final CibEditor EDITOR = new CibEditor();
    /** One compiler for the whole test run: rule files compile once per distinct set. */
    private static final EditContext.RuleCompiler RULES = EditContext.RuleCompiler.memoizing();

    private Fixtures() {}

    static Cib webCluster() {
        try {
            return CibXmlReader.read(
                    Path.of(System.getProperty("hapc.root.dir", "..")).resolve("examples/web-cluster.xml"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read examples/web-cluster.xml", e);
        }
    }

    static EditContext ctx() {
        return new EditContext(NOW, Fixtures::metadata, RULES);
    }

    /** Meta-data of the agents the tests use, as their real meta-data describes them (the parts that matter). */
    static AgentMetadata metadata(AgentId agent) {
        return switch (agent.toString()) {
            case "ocf:heartbeat:Dummy" ->
                md(
                        "Dummy",
                        List.of(param("state", false), param("fake", false)),
                        List.of(
                                action("start", "20s", null, null), action("stop", "20s", null, null),
                                action("monitor", "20s", "10s", null), action("meta-data", "5s", null, null)));
            case "ocf:heartbeat:IPaddr2" ->
                md(
                        "IPaddr2",
                        List.of(param("ip", true), param("cidr_netmask", false)),
                        List.of(
                                action("start", "20s", null, null),
                                action("stop", "20s", null, null),
                                action("monitor", "20s", "10s", null)));
            case "ocf:heartbeat:apache" ->
                md(
                        "apache",
                        List.of(param("configfile", false)),
                        List.of(
                                action("start", "40s", null, null),
                                action("stop", "60s", null, null),
                                action("monitor", "20s", "10s", null)));
            case "ocf:pacemaker:Stateful" ->
                md(
                        "Stateful",
                        List.of(param("state", false)),
                        List.of(
                                action("start", "20s", null, null), action("stop", "20s", null, null),
                                action("monitor", "20s", "10s", "Promoted"),
                                        action("monitor", "20s", "11s", "Unpromoted"),
                                action("promote", "10s", null, null), action("demote", "10s", null, null)));
            case "stonith:fence_dummy" ->
                md(
                        "fence_dummy",
                        List.of(param("plug", true), param("random_sleep_range", false)),
                        List.of(action("off", null, null, null), action("monitor", null, null, null)));
            case "systemd:nginx" ->
                md(
                        "nginx",
                        List.of(),
                        List.of(
                                action("start", null, null, null),
                                action("stop", null, null, null),
                                action("monitor", null, null, null)));
            default -> throw new AgentException("unknown agent " + agent + ": not installed");
        };
    }

    private static AgentMetadata md(
            String name, List<AgentMetadata.Parameter> params, List<AgentMetadata.Action> actions) {
        return new AgentMetadata(name, name + " agent", "", params, actions);
    }

    private static AgentMetadata.Parameter param(String name, boolean required) {
        return new AgentMetadata.Parameter(name, required, false, Optional.empty(), name + " parameter", "string");
    }

    private static AgentMetadata.Action action(String name, String timeout, String interval, String role) {
        return new AgentMetadata.Action(
                name, Optional.ofNullable(timeout), Optional.ofNullable(interval), Optional.ofNullable(role));
    }

    static Cib apply(Cib cib, CibEdit edit) throws InvalidEditException {
        return EDITOR.apply(cib, edit, ctx());
    }

    static CibEditor.EditOutcome outcome(Cib cib, CibEdit edit) throws InvalidEditException {
        return EDITOR.edit(cib, edit, ctx());
    }

    /** The refusal's message (the test fails when the edit is accepted). */
    static String refusal(Cib cib, CibEdit edit) {
        return assertThrows(InvalidEditException.class, () -> apply(cib, edit)).getMessage();
    }

    static Resource resource(Cib cib, String id) {
        return Resources.find(cib.resources(), id)
                .orElseThrow(() -> new AssertionError("no resource " + id))
                .resource();
    }

    static Resource.Primitive primitive(Cib cib, String id) {
        return (Resource.Primitive) resource(cib, id);
    }

    static Optional<Constraint> constraint(Cib cib, String id) {
        return cib.constraints().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
