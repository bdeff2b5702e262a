package io.hapc.cli.status;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Status;
import io.hapc.model.status.OperationHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What status shows besides the engine's lines: the cluster's name, warnings, recorded failures. */
final class ClusterFacts {
    private ClusterFacts() {}

    static Optional<String> clusterName(Cib cib) {
        for (NvSet s : cib.propertySets()) {
            String v = s.values().get("cluster-name");
            if (v != null && !v.isBlank()) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** The cluster's own warnings, then the rules' (each text once). */
    static List<String> warnings(ClusterView view, List<String> ruleWarnings) {
        List<String> out = new ArrayList<>();
        if (view.options().fencingEnabled() && !view.hasFencingDevice()) {
            out.add("No stonith devices and stonith-enabled is not false");
        }
        if (view.options().maintenanceMode()) out.add("Resource management is disabled: maintenance-mode is on");
        if (view.options().stopAllResources()) out.add("stop-all-resources is on: every resource is stopped");
        // What the DC reports about itself (e.g. a transition that makes no progress), kept as attributes of its node.
        view.nodes()
                .forEach(n -> n.attributes().forEach((k, v) -> {
                    if (k.startsWith(io.hapc.daemon.dc.DesignatedController.WARNING_PREFIX))
                        out.add("DC " + n.name() + ": " + v);
                }));
        ruleWarnings.stream().filter(w -> !out.contains(w)).forEach(out::add);
        return out;
    }

    /** Recorded operations that failed (newest call last), as "OP on NODE returned '…' (rc)". */
    static List<String> failedOperations(Cib cib) {
        Map<String, String> names = cib.nodes().stream().collect(Collectors.toMap(Node::id, Node::uname, (a, b) -> a));
        List<String> out = new ArrayList<>();
        for (Status.NodeRecord s : cib.status().nodeStates()) {
            String node = names.getOrDefault(s.id(), s.uname().orElse(s.id()));
            s.resources().stream()
                    .flatMap(h -> h.operations().stream())
                    .filter(OperationHistory::failed)
                    .sorted(OperationHistory.BY_CALL_ID)
                    .map(op -> StatusText.failure(node, op))
                    .forEach(out::add);
        }
        return out;
    }
}
