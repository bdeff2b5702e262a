package io.hapc.cli.pacemaker;

import static io.hapc.cli.pacemaker.PacemakerTools.CRM_EX_NOSUCH;
import static io.hapc.cli.pacemaker.PacemakerTools.CRM_EX_OK;
import static io.hapc.cli.pacemaker.PacemakerTools.CRM_EX_USAGE;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.cli.pacemaker.PacemakerTools.Daemon;
import io.hapc.cli.pacemaker.PacemakerTools.ToolFailure;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Pacemaker's `crm_attribute` as agents call it: query, update or delete a node attribute (transient:
 * `-l reboot`, or in the configuration: `-l forever`), a promotion score (`--promotion`: the transient
 * attribute master-RESOURCE of this node, RESOURCE from OCF_RESOURCE_INSTANCE without its clone
 * instance number), or a cluster property (no node, no lifetime).
 */
@Command(
        name = "crm_attribute",
        mixinStandardHelpOptions = true,
        description = "Pacemaker's crm_attribute, answered by hapc for resource agents (see docs/AGENTS.md).")
final class CrmAttribute implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--name"})
    String name;

    @Option(names = {"-v", "--update", "--attr-value"})
    String value;

    @Option(names = {"-D", "--delete"})
    boolean delete;

    @Option(names = {"-G", "--query"})
    boolean query;

    @Option(names = {"-N", "--node"})
    String node;

    @Option(names = {"-l", "--lifetime"})
    String lifetime;

    @Option(names = {"-t", "--type", "--scope"})
    String type;

    @Option(
            names = {"-p", "--promotion"},
            arity = "0..1",
            fallbackValue = "")
    String promotion;

    @Option(names = {"-q", "--quiet"})
    boolean quiet;

    @Option(names = {"-d", "--default"})
    String defaultValue;

    // Which nvset/id an attribute lands in: hapc keeps one set per node, so these are accepted and not needed.
    @Option(names = {"-i", "--id"})
    String id;

    @Option(names = {"-s", "--set-name"})
    String setName;

    @Option(names = {"-z", "--utilization"})
    boolean utilization;

    private final Daemon daemon;
    private final Map<String, String> env;

    CrmAttribute(Daemon daemon, Map<String, String> env) {
        this.daemon = daemon;
        this.env = env;
    }

    /** Where the attribute lives: a node's status (transient), a node's configuration, or the cluster options. */
    enum Scope {
        STATUS,
        NODES,
        CRM_CONFIG
    }

    /** What the options ask for, before the daemon is asked anything. */
    record Target(Scope scope, String name, Optional<String> node) {}

    Target target() {
        if (utilization) throw new ToolFailure(CRM_EX_USAGE, "--utilization is not supported by hapc");
        String attribute = name;
        Scope scope;
        if (promotion != null) {
            String rsc = promotion.isEmpty() ? env.getOrDefault("OCF_RESOURCE_INSTANCE", "") : promotion;
            if (rsc.isEmpty()) {
                throw new ToolFailure(
                        CRM_EX_USAGE,
                        "--promotion needs a resource: give --promotion=RESOURCE, or run it from an agent "
                                + "(OCF_RESOURCE_INSTANCE)");
            }
            attribute = "master-" + rsc.replaceFirst(":\\d+$", "");
            scope = "forever".equals(lifetime) ? Scope.NODES : Scope.STATUS;
        } else {
            scope = scope();
        }
        if (attribute == null || attribute.isBlank()) {
            throw new ToolFailure(CRM_EX_USAGE, "an attribute name is required (-n NAME)");
        }
        Optional<String> where = Optional.ofNullable(node).filter(n -> !n.isBlank());
        return new Target(scope, attribute, where);
    }

    private Scope scope() {
        if (type != null) {
            return switch (type) {
                case "status" -> Scope.STATUS;
                case "nodes" -> Scope.NODES;
                case "crm_config" -> Scope.CRM_CONFIG;
                default ->
                    throw new ToolFailure(
                            CRM_EX_USAGE,
                            "--type " + type + " is not supported by hapc (status, nodes or crm_config; "
                                    + "resource and operation defaults: hapc resource defaults)");
            };
        }
        if (lifetime != null) {
            return switch (lifetime) {
                case "reboot" -> Scope.STATUS;
                case "forever" -> Scope.NODES;
                default -> throw new ToolFailure(CRM_EX_USAGE, "--lifetime must be reboot or forever, not " + lifetime);
            };
        }
        return node != null ? Scope.NODES : Scope.CRM_CONFIG;
    }

    @Override
    public Integer call() {
        Target t = target();
        if (delete && value != null) throw new ToolFailure(CRM_EX_USAGE, "give --update or --delete, not both");
        String on = t.scope() == Scope.CRM_CONFIG
                ? ""
                : t.node().or(this::localNode).orElseGet(daemon::localNode);
        if (value == null && !delete) return query(t, on);
        String v = delete ? "" : value;
        CibEdit edit = switch (t.scope()) {
            case STATUS -> new CibEdit.NodeTransientAttributeSet(on, Map.of(t.name(), v));
            case NODES -> new CibEdit.NodeAttributeSet(on, Map.of(t.name(), v));
            case CRM_CONFIG ->
                delete ? new CibEdit.PropertyUnset(List.of(t.name())) : new CibEdit.PropertySet(Map.of(t.name(), v));
        };
        AdminReply r = daemon.call(new AdminRequest.Edit(edit));
        if (!r.ok()) throw new ToolFailure(Daemon.failure(r), r.message());
        return CRM_EX_OK;
    }

    /** The agent's node as hapcd told it (OCF_RESKEY_CRM_meta_on_node), without asking the daemon. */
    private Optional<String> localNode() {
        return Optional.ofNullable(env.get("OCF_RESKEY_CRM_meta_on_node")).filter(n -> !n.isBlank());
    }

    private int query(Target t, String on) {
        Cib cib = daemon.cib();
        Optional<String> found = lookup(cib, t, on).or(() -> Optional.ofNullable(defaultValue));
        PrintWriter out = spec.commandLine().getOut();
        if (found.isEmpty()) {
            throw new ToolFailure(
                    CRM_EX_NOSUCH,
                    "Error performing operation: No such device or address (no attribute " + t.name()
                            + (t.scope() == Scope.CRM_CONFIG ? "" : " on " + on) + ")");
        }
        if (quiet) out.println(found.get());
        else
            out.println("scope=" + t.scope().name().toLowerCase(java.util.Locale.ROOT) + "  name=" + t.name()
                    + " value=" + found.get());
        out.flush();
        return CRM_EX_OK;
    }

    static Optional<String> lookup(Cib cib, Target t, String on) {
        return switch (t.scope()) {
            case CRM_CONFIG -> cib.property(t.name());
            case NODES ->
                cib.nodes().stream()
                        .filter(n -> n.uname().equals(on))
                        .findFirst()
                        .flatMap(n -> Optional.ofNullable(configured(n).get(t.name())));
            case STATUS ->
                cib.status().nodeStates().stream()
                        .filter(s -> s.uname().orElse(s.id()).equals(on))
                        .findFirst()
                        .flatMap(
                                s -> Optional.ofNullable(s.transientAttributes().get(t.name())));
        };
    }

    private static Map<String, String> configured(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (NvSet s : n.attributeSets()) s.values().forEach(out::putIfAbsent);
        return out;
    }
}
