package io.hapc.cli.resource;

import io.hapc.model.cib.Durations;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource's configuration as `pcs resource config` prints it ("Resource: VIP (class=ocf
 * provider=heartbeat type=IPaddr2)", Attributes, Meta Attrs, Operations), and the same as JSON.
 */
public final class ResourceConfigText {
    private ResourceConfigText() {}

    public static String text(Resource r) {
        StringBuilder sb = new StringBuilder();
        append(sb, r, "");
        return sb.toString();
    }

    private static void append(StringBuilder sb, Resource r, String indent) {
        if (r instanceof Resource.Primitive p) {
            sb.append(indent)
                    .append(p.standard().equals("stonith") ? "Fencing Device: " : "Resource: ")
                    .append(p.id())
                    .append(" (class=")
                    .append(p.standard())
                    .append(p.provider().map(x -> " provider=" + x).orElse(""))
                    .append(" type=")
                    .append(p.type())
                    .append(")\n");
            nv(sb, indent + "  Attributes:", p.instanceSets());
            nv(sb, indent + "  Meta Attrs:", p.metaSets());
            nv(sb, indent + "  Utilization:", p.utilizationSets());
            if (!p.operations().isEmpty()) {
                sb.append(indent).append("  Operations:\n");
                for (Operation o : p.operations())
                    sb.append(indent).append("    ").append(operation(o)).append('\n');
            }
        } else if (r instanceof Resource.Group g) {
            sb.append(indent).append("Group: ").append(g.id()).append('\n');
            nv(sb, indent + "  Meta Attrs:", g.metaSets());
            for (Resource.Primitive m : g.members()) append(sb, m, indent + "  ");
        } else if (r instanceof Resource.Clone c) {
            sb.append(indent)
                    .append("Clone: ")
                    .append(c.id())
                    .append(c.promotableElement() ? " (promotable)" : "")
                    .append('\n');
            nv(sb, indent + "  Meta Attrs:", c.metaSets());
            append(sb, c.child(), indent + "  ");
        }
    }

    private static void nv(StringBuilder sb, String label, List<NvSet> sets) {
        for (NvSet s : sets) {
            if (s.values().isEmpty()) continue;
            List<String> pairs = new ArrayList<>();
            s.values().forEach((k, v) -> pairs.add(k + "=" + (v.contains(" ") || v.isEmpty() ? "\"" + v + "\"" : v)));
            sb.append(label)
                    .append(' ')
                    .append(String.join(" ", pairs))
                    .append(s.rule().isPresent() ? " (rule " + s.rule().get().id() + ")" : "")
                    .append('\n');
        }
    }

    static String operation(Operation o) {
        StringBuilder sb = new StringBuilder(o.name())
                .append(" interval=")
                .append(o.intervalMs() == 0 ? "0s" : Durations.format(o.intervalMs()));
        o.timeoutMs().ifPresent(t -> sb.append(" timeout=").append(Durations.format(t)));
        o.onFail().ifPresent(f -> sb.append(" on-fail=").append(f));
        o.role().ifPresent(r -> sb.append(" role=").append(r.display()));
        if (!o.enabled()) sb.append(" enabled=false");
        o.attributes().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.append(" (").append(o.id()).append(')').toString();
    }

    /** The JSON form: id, kind, agent, params, meta, operations, members/child. */
    public static Map<String, Object> json(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        if (r instanceof Resource.Primitive p) {
            m.put("kind", p.standard().equals("stonith") ? "stonith" : "primitive");
            m.put("agent", p.agent());
            m.put("params", merged(p.instanceSets()));
            m.put("meta", merged(p.metaSets()));
            m.put(
                    "operations",
                    p.operations().stream()
                            .map(o -> {
                                Map<String, Object> op = new LinkedHashMap<>();
                                op.put("id", o.id());
                                op.put("name", o.name());
                                op.put("intervalMs", o.intervalMs());
                                op.put("timeoutMs", o.timeoutMs().orElse(null));
                                op.put("onFail", o.onFail().orElse(null));
                                op.put("role", o.role().map(x -> x.display()).orElse(null));
                                op.put("enabled", o.enabled());
                                op.put("options", o.attributes());
                                return op;
                            })
                            .toList());
        } else if (r instanceof Resource.Group g) {
            m.put("kind", "group");
            m.put("meta", merged(g.metaSets()));
            m.put("members", g.members().stream().map(ResourceConfigText::json).toList());
        } else if (r instanceof Resource.Clone c) {
            m.put("kind", "clone");
            m.put("meta", merged(c.metaSets()));
            m.put("child", json(c.child()));
        }
        return m;
    }

    private static Map<String, String> merged(List<NvSet> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        sets.forEach(s -> s.values().forEach(out::putIfAbsent));
        return out;
    }
}
