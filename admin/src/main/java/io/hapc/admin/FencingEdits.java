package io.hapc.admin;

import io.hapc.agents.AgentId;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** stonith create: a primitive of class stonith, with Pacemaker's host-mapping parameters checked. */
final class FencingEdits {
    private FencingEdits() {}

    /** Fence agents' own target parameters: Pacemaker fills them in for each node it fences. */
    private static final Set<String> SUPPLIED = Set.of("port", "plug", "nodename", "action");

    private static final Set<String> HOST_CHECK = Set.of("static-list", "dynamic-list", "status", "none");

    static Cib create(Cib cib, CibEdit.StonithCreate e, EditContext ctx, Notes notes) throws InvalidEditException {
        String where = "fencing device " + e.id();
        Ids.requireNew(e.id(), "fencing device", cib);
        String type = e.agent() == null
                ? ""
                : e.agent().startsWith("stonith:") ? e.agent().substring("stonith:".length()) : e.agent();
        if (!type.matches("fence_[A-Za-z0-9_]+")) {
            throw new InvalidEditException(where + ": '" + e.agent() + "' is not a fence agent (expected fence_NAME, "
                    + "e.g. fence_ipmilan; hapc stonith list shows the installed ones)");
        }
        AgentId agent = new AgentId("stonith", Optional.empty(), type);
        Optional<AgentMetadata> md = Optional.empty();
        if (!e.force()) {
            md = Optional.of(AgentChecks.metadata(ctx, agent, where));
            AgentChecks.checkParams(
                    agent,
                    md.get(),
                    e.params(),
                    SUPPLIED,
                    p -> p.startsWith("pcmk_") || p.equals("priority"),
                    where,
                    notes);
        }
        checkHostParameters(cib, e.params(), where, notes);
        Values.checkMeta(e.meta(), where + " meta");
        Set<String> taken = Ids.all(cib);
        taken.add(e.id());
        // Fence agents advertise no useful defaults for Pacemaker: monitor every 60s as pcs does.
        List<Operation> ops = AgentChecks.operations(e.id(), e.ops(), Optional.empty(), false, taken, notes);
        Map<String, String> meta = Values.setOnly(e.meta());
        if (e.disabled()) meta.put("target-role", "Stopped");
        Resource.Primitive p = new Resource.Primitive(
                e.id(),
                "stonith",
                Optional.empty(),
                type,
                e.params().isEmpty()
                        ? List.of()
                        : List.of(NvSet.of(Ids.fresh(e.id() + "-instance_attributes", taken), e.params())),
                meta.isEmpty() ? List.of() : List.of(NvSet.of(Ids.fresh(e.id() + "-meta_attributes", taken), meta)),
                List.of(),
                ops);
        List<Resource> resources = new ArrayList<>(cib.resources());
        resources.add(p);
        notes.message("Fencing device '" + e.id() + "' (" + type + ") created" + (e.disabled() ? ", disabled" : ""));
        return cib.withResources(resources);
    }

    /** pcmk_host_list, pcmk_host_map, pcmk_host_check and pcmk_delay_* as Pacemaker reads them. */
    static void checkHostParameters(Cib cib, Map<String, String> params, String where, Notes notes)
            throws InvalidEditException {
        Set<String> nodes = new java.util.HashSet<>();
        cib.nodes().stream().map(Node::uname).forEach(nodes::add);
        String list = params.get("pcmk_host_list");
        if (list != null) {
            for (String n : list.trim().split("[\\s,;]+")) {
                if (!n.isEmpty() && !nodes.contains(n))
                    notes.warn(where + ": pcmk_host_list names '" + n + "', which is not a cluster node");
            }
        }
        String map = params.get("pcmk_host_map");
        if (map != null) {
            for (String entry : map.trim().split("[\\s,;]+")) {
                if (entry.isEmpty()) continue;
                int sep = Math.max(entry.indexOf(':'), entry.indexOf('='));
                if (sep <= 0 || sep == entry.length() - 1) {
                    throw new InvalidEditException(where + ": pcmk_host_map entry '" + entry
                            + "' is not NODE:PORT (e.g. pcmk_host_map=\"node1:1;node2:2\")");
                }
                String node = entry.substring(0, sep);
                if (!nodes.contains(node))
                    notes.warn(where + ": pcmk_host_map names '" + node + "', which is not a cluster node");
            }
        }
        String check = params.get("pcmk_host_check");
        if (check != null && !HOST_CHECK.contains(check)) {
            throw new InvalidEditException(
                    where + ": pcmk_host_check=" + check + ": expected one of static-list, dynamic-list, status, none");
        }
        for (String delay : List.of("pcmk_delay_base", "pcmk_delay_max")) {
            String v = params.get(delay);
            if (v == null) continue;
            if (v.contains(":") && delay.equals("pcmk_delay_base")) {
                // per-node form "node1:5s;node2:0s"
                for (String entry : v.trim().split("[\\s,;]+")) {
                    int sep = entry.indexOf(':');
                    if (sep <= 0)
                        throw new InvalidEditException(
                                where + ": pcmk_delay_base entry '" + entry + "' is not NODE:DELAY");
                    Values.durationMs(
                            entry.substring(sep + 1), where + " pcmk_delay_base for " + entry.substring(0, sep));
                }
            } else {
                Values.durationMs(v, where + " " + delay);
            }
        }
    }
}
