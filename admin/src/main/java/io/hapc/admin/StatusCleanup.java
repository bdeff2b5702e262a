package io.hapc.admin;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.FailureAttribute;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.Status.NodeRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * resource cleanup, the one status edit: like crm_resource --cleanup, a resource's history on a node
 * goes when an operation in it failed (its node then re-probes it, so the engine learns its real
 * state instead of the failure), and its fail-count-* / last-failure-* attributes go, so
 * migration-threshold counts from zero again.
 */
final class StatusCleanup {
    private StatusCleanup() {}

    static Cib cleanup(Cib cib, CibEdit.ResourceCleanup e, Notes notes) throws InvalidEditException {
        Optional<Node> node = e.node().isPresent()
                ? Optional.of(Nodes.require(cib, e.node().get(), "resource cleanup"))
                : Optional.empty();
        Optional<Set<String>> ids = Optional.empty();
        if (e.id().isPresent()) ids = Optional.of(resourceIds(cib, e.id().get()));
        Map<String, String> unameById = new LinkedHashMap<>();
        cib.nodes().forEach(n -> unameById.put(n.id(), n.uname()));
        List<NodeRecord> states = new ArrayList<>();
        Set<String> dropped = new LinkedHashSet<>();
        int attributes = 0;
        for (NodeRecord s : cib.status().nodeStates()) {
            if (node.isPresent() && !node.get().id().equals(s.id())) {
                states.add(s);
                continue;
            }
            String where = unameById.getOrDefault(s.id(), s.uname().orElse(s.id()));
            List<ResourceHistory> histories = new ArrayList<>();
            for (ResourceHistory h : s.resources()) {
                if (selected(h.id(), ids) && h.operations().stream().anyMatch(OperationHistory::failed)) {
                    dropped.add(h.id() + "@" + where);
                } else {
                    histories.add(h);
                }
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            for (Map.Entry<String, String> a : s.transientAttributes().entrySet()) {
                if (failureAttribute(a.getKey(), ids)) attributes++;
                else attrs.put(a.getKey(), a.getValue());
            }
            states.add(new NodeRecord(
                    s.id(),
                    s.uname(),
                    s.inCcm(),
                    s.crmd(),
                    s.join(),
                    s.expected(),
                    s.shutdown(),
                    attrs,
                    histories,
                    s.nodeFenced()));
        }
        String what = e.id().orElse("all resources")
                + node.map(n -> " on " + n.uname()).orElse("");
        if (dropped.isEmpty() && attributes == 0) {
            notes.message("Nothing to clean up for " + what + ": no failures recorded");
        } else {
            notes.message("Cleaned up " + what + ": "
                    + (dropped.isEmpty()
                            ? ""
                            : "failed history of " + String.join(", ", dropped) + " forgotten (re-probed)")
                    + (dropped.isEmpty() || attributes == 0 ? "" : "; ")
                    + (attributes == 0
                            ? ""
                            : attributes + " fail-count/last-failure attribute" + (attributes == 1 ? "" : "s")
                                    + " removed"));
        }
        return cib.withStatus(cib.status().withNodeStates(states));
    }

    /** The configured ids under `id` (a group's members, a clone's child…), or a resource only the status knows (an orphan). */
    private static Set<String> resourceIds(Cib cib, String id) throws InvalidEditException {
        Optional<Resources.Found> f = Resources.find(cib.resources(), id);
        if (f.isPresent()) return Resources.idsUnder(f.get().resource());
        boolean inStatus = cib.status().nodeStates().stream()
                .flatMap(s -> s.resources().stream())
                .anyMatch(h -> base(h.id()).equals(id) || h.id().equals(id));
        if (inStatus) return Set.of(id);
        throw new InvalidEditException(
                "resource cleanup: no resource '" + id + "' in the CIB (" + Resources.known(cib) + ")");
    }

    private static boolean selected(String historyId, Optional<Set<String>> ids) {
        return ids.map(s -> s.contains(historyId) || s.contains(base(historyId)))
                .orElse(true);
    }

    /** fail-count-RSC[#op_interval] and last-failure-RSC[#op_interval] of a selected resource (or instance). */
    private static boolean failureAttribute(String name, Optional<Set<String>> ids) {
        return FailureAttribute.parse(name)
                .map(a -> selected(a.resource(), ids))
                .orElse(false);
    }

    /** "rsc:2" → "rsc" (clone instance numbers). */
    private static String base(String id) {
        int colon = id.lastIndexOf(':');
        return colon > 0 && id.substring(colon + 1).matches("\\d+") ? id.substring(0, colon) : id;
    }
}
