package io.hapc.cli.status;

import io.hapc.engine.cluster.ClusterView;
import io.hapc.engine.cluster.NodeView;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.report.ClusterStates;
import io.hapc.engine.report.ResourceState;
import io.hapc.engine.report.StatusFormatter;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibChange;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * `hapc status` as text, laid out as `pcs status` lays it out: cluster name, warnings, summary,
 * node list, resources (the engine's own status lines), and with --full node attributes, fail
 * counts and failed operations.
 */
public final class StatusText {
    private StatusText() {}

    public static String render(Cib cib, ClusterView view, Optional<String> dc, boolean full) {
        return render(cib, view, dc, full, List.of());
    }

    /** With the warnings of the DC's last decision (see {@link io.hapc.cli.daemon.DaemonOptions#warnings()}). */
    public static String render(
            Cib cib, ClusterView view, Optional<String> dc, boolean full, List<String> ruleWarnings) {
        return render(cib, view, dc, full, ruleWarnings, "");
    }

    /** … with the daemon's transport (`zookeeper`, `heartbeat`) as the stack; blank: not known. */
    public static String render(
            Cib cib, ClusterView view, Optional<String> dc, boolean full, List<String> ruleWarnings, String transport) {
        StringBuilder sb = new StringBuilder();
        sb.append("Cluster name:")
                .append(ClusterFacts.clusterName(cib).map(n -> " " + n).orElse(""))
                .append('\n');
        List<String> warnings = ClusterFacts.warnings(view, ruleWarnings);
        if (!warnings.isEmpty()) {
            sb.append("\nWARNINGS:\n");
            warnings.forEach(w -> sb.append(w).append('\n'));
        }
        sb.append("\nCluster Summary:\n");
        sb.append("  * Stack: hapc")
                .append(transport.isBlank() ? "" : " (" + transport + ")")
                .append('\n');
        sb.append("  * Current DC: ")
                .append(dc.map(n -> n + " - partition " + (view.quorate() ? "with" : "WITHOUT") + " quorum")
                        .orElse("NONE"))
                .append('\n');
        sb.append("  * Last updated: ")
                .append(CibChange.at(view.now(), "", "", Optional.empty()).written())
                .append('\n');
        cib.lastChange()
                .ifPresent(c ->
                        sb.append("  * Last change:  ").append(c.describe()).append('\n'));
        sb.append("  * ")
                .append(view.nodes().size())
                .append(view.nodes().size() == 1 ? " node" : " nodes")
                .append(" configured\n");
        List<ResourceView> configured =
                view.primitivesById().values().stream().filter(r -> !r.orphan()).toList();
        long disabled = configured.stream()
                .filter(r -> r.meta().targetRole().map(t -> t == Role.STOPPED).orElse(false))
                .count();
        sb.append("  * ")
                .append(configured.size())
                .append(configured.size() == 1 ? " resource instance" : " resource instances")
                .append(" configured")
                .append(disabled > 0 ? " (" + disabled + " DISABLED)" : "")
                .append('\n');
        sb.append("\nNode List:\n");
        sb.append(StatusFormatter.nodeList(view, Set.of(), "  "));
        sb.append("\nFull List of Resources:\n");
        Map<String, List<ResourceState>> states = ClusterStates.current(view);
        String resources = StatusFormatter.resourceList(view, states, "  ");
        sb.append(resources.isEmpty() ? "  * No resources\n" : resources);
        if (full) appendFull(sb, cib, view);
        // as pcs status: failed actions always, with the agent's own reason
        List<String> failed = ClusterFacts.failedOperations(cib);
        if (!failed.isEmpty()) {
            sb.append("\nFailed Resource Actions:\n");
            failed.forEach(f -> sb.append("  * ").append(f).append('\n'));
        }
        return sb.toString();
    }

    private static void appendFull(StringBuilder sb, Cib cib, ClusterView view) {
        StringBuilder attributes = new StringBuilder();
        for (NodeView n : view.nodes()) {
            List<String> lines = new ArrayList<>();
            n.attributes().forEach((k, v) -> {
                if (!k.startsWith("#") && !io.hapc.model.cib.FailureAttribute.isFailureAttribute(k)) {
                    lines.add("    * " + k + ": " + v);
                }
            });
            if (!lines.isEmpty()) {
                attributes
                        .append("  * Node: ")
                        .append(n.name())
                        .append(" (")
                        .append(n.id())
                        .append("):\n");
                lines.forEach(l -> attributes.append(l).append('\n'));
            }
        }
        if (attributes.length() > 0) sb.append("\nNode Attributes:\n").append(attributes);
        StringBuilder migration = new StringBuilder();
        for (NodeView n : view.nodes()) {
            List<String> lines = new ArrayList<>();
            for (ResourceView r : view.primitivesById().values()) {
                Integer count = r.failCounts().get(n.name());
                if (count == null || count == 0) continue;
                lines.add("    * " + r.id() + ": migration-threshold="
                        + io.hapc.model.cib.Score.format(r.meta().migrationThreshold())
                        + " fail-count=" + io.hapc.model.cib.Score.format(count)
                        + Optional.ofNullable(r.lastFailures().get(n.name()))
                                .map(t -> " last-failure='" + java.time.Instant.ofEpochSecond(t) + "'")
                                .orElse(""));
            }
            if (!lines.isEmpty()) {
                migration
                        .append("  * Node: ")
                        .append(n.name())
                        .append(" (")
                        .append(n.id())
                        .append("):\n");
                lines.forEach(l -> migration.append(l).append('\n'));
            }
        }
        if (migration.length() > 0) sb.append("\nMigration Summary:\n").append(migration);
    }

    /** Text of one recorded operation failure, laid out as crm_mon lays it out; a timeout reads as one. */
    static String failure(String node, Status.OperationRecord op) {
        String key = op.id().isEmpty() ? op.operation() + "_" + op.intervalMs() : op.id();
        boolean timedOut = op.opStatus() == OP_STATUS_TIMED_OUT;
        StringBuilder sb = new StringBuilder(key)
                .append(" on ")
                .append(node)
                .append(" '")
                .append(timedOut ? "Timed Out" : rcMeaning(op.rcCode()))
                .append("' (")
                .append(op.rcCode())
                .append("): call=")
                .append(op.callId())
                .append(", status='")
                .append(opStatus(op.opStatus()))
                .append('\'');
        op.exitReason()
                .filter(r -> !r.isBlank())
                .ifPresent(r -> sb.append(", exitreason='").append(r).append('\''));
        if (op.lastRcChange() > 0) {
            sb.append(", last-rc-change='")
                    .append(java.time.Instant.ofEpochSecond(op.lastRcChange()))
                    .append('\'');
        }
        return sb.toString();
    }

    private static final int OP_STATUS_TIMED_OUT = 2;

    /** The executor's status of an operation, as the CIB records it (op-status). */
    private static String opStatus(int status) {
        return switch (status) {
            case 0 -> "complete";
            case 1 -> "Cancelled";
            case OP_STATUS_TIMED_OUT -> "Timed Out";
            case 3 -> "NOT SUPPORTED";
            case 4 -> "Error";
            case 5 -> "Not installed";
            default -> "status " + status;
        };
    }

    private static String rcMeaning(int rc) {
        return switch (rc) {
            case 0 -> "ok";
            case 1 -> "error";
            case 2 -> "invalid parameter";
            case 3 -> "unimplemented feature";
            case 4 -> "insufficient privileges";
            case 5 -> "not installed";
            case 6 -> "not configured";
            case 7 -> "not running";
            case 8 -> "promoted";
            case 9 -> "promoted (failed)";
            default -> "error";
        };
    }
}
