package io.hapc.cli.config;

import io.hapc.cli.constraint.ConstraintListCommand;
import io.hapc.cli.constraint.ConstraintText;
import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.cli.property.PropertyShowCommand;
import io.hapc.cli.resource.DefaultsArgs;
import io.hapc.cli.resource.ResourceConfigText;
import io.hapc.cli.resource.ResourceShowCommand;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `hapc config`, as `pcs config`: the whole configuration in one read (no status). */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description =
                "The cluster's whole configuration: nodes, resources, fencing devices, constraints, defaults, properties.",
        subcommands = ConfigCheckpointCommand.class)
public final class ConfigCommand implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    @Override
    public Integer call() {
        Cib cib = read.daemon().fetch().cib();
        read.print(() -> json(cib), () -> text(cib));
        return 0;
    }

    static String text(Cib cib) {
        Map<String, String> properties = PropertyShowCommand.properties(cib);
        StringBuilder sb = new StringBuilder();
        sb.append("Cluster Name: ")
                .append(properties.getOrDefault("cluster-name", ""))
                .append('\n');
        sb.append("Nodes:\n ")
                .append(String.join(" ", cib.nodes().stream().map(Node::uname).toList()))
                .append("\n\n");
        sb.append("Resources:\n").append(indent(ResourceShowCommand.render(cib, List.of(), true, false, false)));
        sb.append("\nStonith Devices:\n").append(indent(ResourceShowCommand.render(cib, List.of(), true, false, true)));
        sb.append('\n').append(ConstraintText.text(cib));
        sb.append('\n').append(DefaultsArgs.text("Resources Defaults", cib.rscDefaults()));
        sb.append('\n').append(DefaultsArgs.text("Operations Defaults", cib.opDefaults()));
        sb.append('\n').append(PropertyShowCommand.text(properties));
        return sb.toString();
    }

    private static String indent(String block) {
        return block.lines()
                .map(l -> "  " + l)
                .reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append)
                .toString();
    }

    /** {"clusterName", "nodes", "resources", "stonith", "constraints", "resourceDefaults", "operationDefaults", "properties"}. */
    static Map<String, Object> json(Cib cib) {
        Map<String, String> properties = PropertyShowCommand.properties(cib);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("clusterName", properties.get("cluster-name"));
        root.put("nodes", cib.nodes().stream().map(Node::uname).toList());
        root.put(
                "resources",
                cib.resources().stream()
                        .filter(r -> !ResourceShowCommand.isFencing(r))
                        .map(ResourceConfigText::json)
                        .toList());
        root.put(
                "stonith",
                cib.resources().stream()
                        .filter(ResourceShowCommand::isFencing)
                        .map(ResourceConfigText::json)
                        .toList());
        root.put("constraints", ConstraintListCommand.json(cib));
        root.put("resourceDefaults", merged(cib.rscDefaults()));
        root.put("operationDefaults", merged(cib.opDefaults()));
        root.put("properties", properties);
        return root;
    }

    private static Map<String, String> merged(List<NvSet> sets) {
        Map<String, String> out = new LinkedHashMap<>();
        sets.forEach(s -> s.values().forEach(out::putIfAbsent));
        return out;
    }
}
