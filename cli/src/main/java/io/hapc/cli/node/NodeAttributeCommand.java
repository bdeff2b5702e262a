package io.hapc.cli.node;

import io.hapc.admin.CibEdit;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.Args;
import io.hapc.cli.daemon.EditCommand;
import io.hapc.cli.daemon.Json;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Node;
import io.hapc.model.cib.NvSet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `hapc node attribute [NODE [NAME=VALUE…]]`: shows node attributes, or sets them (NAME= removes). */
@Command(
        name = "attribute",
        mixinStandardHelpOptions = true,
        description = {
            "Show node attributes (all nodes, or NODE), or set them: hapc node attribute node3 disk=slow",
            "(NAME= removes one). Location rules and admin rules can match them.",
            "--lifetime reboot keeps them in the node's status until it leaves the cluster (crm_attribute's transient",
            "attributes, as agents set promotion scores); the default, forever, in the configuration."
        })
public final class NodeAttributeCommand extends EditCommand {
    @Parameters(paramLabel = "NODE [NAME=VALUE]")
    List<String> args = new ArrayList<>();

    @Mixin
    OutputOption output;

    /** crm_attribute's words: forever (the nodes section) or reboot (the node's status). */
    enum Lifetime {
        forever,
        reboot
    }

    @Option(
            names = {"-l", "--lifetime"},
            paramLabel = "forever|reboot",
            description = "forever (default): in the configuration; reboot: until the node leaves the cluster.")
    Lifetime lifetime = Lifetime.forever;

    @Override
    public CibEdit edit() {
        if (args.size() < 2)
            throw new CommandFailure(ExitCodes.INVALID_INPUT, "node attribute: expected NODE NAME=VALUE…");
        Map<String, String> values = Args.nameValues(args.subList(1, args.size()), "node attribute " + args.get(0));
        return lifetime == Lifetime.reboot
                ? new CibEdit.NodeTransientAttributeSet(args.get(0), values)
                : new CibEdit.NodeAttributeSet(args.get(0), values);
    }

    @Override
    public Integer call() {
        if (args.size() >= 2) return super.call();
        Cib cib = daemon.fetch().cib();
        Map<String, Map<String, String>> shown =
                lifetime == Lifetime.reboot ? transientAttributes(cib) : attributes(cib);
        if (args.size() == 1) {
            if (!shown.containsKey(args.get(0))) {
                throw new CommandFailure(
                        ExitCodes.INVALID_INPUT,
                        "no node '" + args.get(0) + "' in the CIB (nodes: " + String.join(", ", shown.keySet()) + ")");
            }
            shown = Map.of(args.get(0), shown.get(args.get(0)));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Json.print(out, shown);
        } else {
            StringBuilder sb = new StringBuilder("Node Attributes:\n");
            shown.forEach((node, attrs) -> {
                if (attrs.isEmpty()) return;
                sb.append("  ").append(node).append(':');
                attrs.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                sb.append('\n');
            });
            out.print(sb);
            out.flush();
        }
        return 0;
    }

    /** Transient attributes (the node's status) per node name, in node order. */
    static Map<String, Map<String, String>> transientAttributes(Cib cib) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Node n : cib.nodes()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            cib.status().nodeStates().stream()
                    .filter(s -> s.id().equals(n.id()) || s.uname().orElse("").equals(n.uname()))
                    .forEach(s -> attrs.putAll(s.transientAttributes()));
            out.put(n.uname(), attrs);
        }
        return out;
    }

    /** Configured attributes per node name, in node order. */
    static Map<String, Map<String, String>> attributes(Cib cib) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Node n : cib.nodes()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            for (NvSet s : n.attributeSets()) s.values().forEach(attrs::putIfAbsent);
            out.put(n.uname(), attrs);
        }
        return out;
    }
}
