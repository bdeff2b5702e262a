package io.hapc.daemon.dc;

import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Durations;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Operation;
import io.hapc.model.cib.Resource;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status.ResourceHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns "run ACTION of RESOURCE" into everything the node needs to run it: the agent, its
 * parameters, meta attributes (with resource defaults), the operation's timeout and the rc that
 * means success. Clone instances ("db:1") use their primitive's definition.
 */
public final class AgentCalls {
    private static final long DEFAULT_TIMEOUT_MS = 20_000;
    private final Cib cib;
    private final Map<String, Resource.Primitive> primitives = new LinkedHashMap<>();
    private final Map<String, Resource> parents = new LinkedHashMap<>();

    public AgentCalls(Cib cib) {
        this.cib = cib;
        for (Resource r : cib.resources()) collect(r, null);
    }

    private void collect(Resource r, Resource parent) {
        if (r instanceof Resource.Primitive p) {
            primitives.put(p.id(), p);
            if (parent != null) parents.put(p.id(), parent);
        } else if (r instanceof Resource.Group g) {
            g.members().forEach(m -> collect(m, parent == null ? g : parent));
        } else if (r instanceof Resource.Clone c) {
            collect(c.child(), c);
        }
    }

    public Optional<Resource.Primitive> primitive(String resourceId) {
        return Optional.ofNullable(primitives.get(baseId(resourceId)));
    }

    /** Every primitive that is not a fencing device, as the nodes probe them. */
    public List<AgentCall> probes() {
        List<AgentCall> out = new ArrayList<>();
        for (Resource.Primitive p : primitives.values()) {
            if (p.standard().equals("stonith")) continue;
            if (parents.get(p.id()) instanceof Resource.Clone) continue; // instances are probed by name when placed
            out.add(call(p.id(), "monitor", 0, Optional.empty()).orElseThrow());
        }
        return out;
    }

    /** The stop of every configured primitive, for a node that must stop what it runs on its own. */
    public Map<String, AgentCall> stops(List<String> resourceIds) {
        Map<String, AgentCall> out = new LinkedHashMap<>();
        for (String id : resourceIds) call(id, "stop", 0, Optional.empty()).ifPresent(c -> out.put(id, c));
        return out;
    }

    public Optional<AgentCall> call(String resourceId, String action, long intervalMs, Optional<Role> role) {
        Resource.Primitive p = primitives.get(baseId(resourceId));
        if (p == null) return Optional.empty();
        Map<String, String> params = new LinkedHashMap<>();
        for (NvSet s : p.instanceSets()) s.values().forEach(params::putIfAbsent);
        Map<String, String> meta = new LinkedHashMap<>();
        for (NvSet s : p.metaSets()) s.values().forEach(meta::putIfAbsent);
        Resource parent = parents.get(p.id());
        if (parent != null) for (NvSet s : parent.metaSets()) s.values().forEach(meta::putIfAbsent);
        for (NvSet s : cib.rscDefaults()) s.values().forEach(meta::putIfAbsent);
        Optional<Operation> op = p.operations().stream()
                .filter(o -> o.name().equals(action) && o.intervalMs() == intervalMs)
                .findFirst();
        long timeout = op.flatMap(Operation::timeoutMs)
                .orElseGet(() -> opDefaultTimeout().orElse(DEFAULT_TIMEOUT_MS));
        boolean promotedMonitor = action.equals("monitor")
                && intervalMs > 0
                && op.flatMap(Operation::role)
                        .or(() -> role)
                        .map(r -> r == Role.PROMOTED)
                        .orElse(false);
        int expectedRc = action.equals("monitor") && intervalMs == 0 ? 7 : promotedMonitor ? 8 : 0;
        String agent = p.agent();
        return Optional.of(new AgentCall(resourceId, agent, action, intervalMs, timeout, expectedRc, params, meta));
    }

    /**
     * The stop of a resource that is no longer configured, from the agent its lrm history records
     * (class, provider, type). It carries no parameters: the node stops it with those it last
     * started it with, as Pacemaker's controller does.
     */
    public Optional<AgentCall> orphanStop(ResourceHistory history) {
        if (history.standard() == null
                || history.standard().isBlank()
                || history.type() == null
                || history.type().isBlank()) {
            return Optional.empty();
        }
        String agent = history.provider()
                .map(p -> history.standard() + ":" + p + ":" + history.type())
                .orElse(history.standard() + ":" + history.type());
        long timeout = opDefaultTimeout().orElse(DEFAULT_TIMEOUT_MS);
        return Optional.of(new AgentCall(history.id(), agent, "stop", 0, timeout, 0, Map.of(), Map.of()));
    }

    private Optional<Long> opDefaultTimeout() {
        for (NvSet s : cib.opDefaults()) {
            String t = s.values().get("timeout");
            if (t != null) {
                try {
                    return Optional.of(Durations.parseMillis(t));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static String baseId(String resourceId) {
        int colon = resourceId.lastIndexOf(':');
        return colon > 0 ? resourceId.substring(0, colon) : resourceId;
    }
}
