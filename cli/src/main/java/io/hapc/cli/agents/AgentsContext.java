package io.hapc.cli.agents;

import io.hapc.agents.AgentPaths;
import io.hapc.agents.NodeIsolation;
import io.hapc.agents.ResourceAgentExecutor;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.cli.ExitCodes;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the agent commands share: where agents live, this node's isolation, and how meta-data is printed. */
public final class AgentsContext {
    private AgentsContext() {}

    /**
     * An agent name as given, or, for a bare type (`IPaddr2`), the one installed agent of that type,
     * said on `err` as pcs says it; none or several is an error naming what to write instead.
     */
    public static String resolveAgentName(String name, PrintWriter err) {
        if (name.contains(":")) return name;
        if (name.startsWith("fence_")) return "stonith:" + name;
        List<io.hapc.agents.AgentId> found = executor(null).agentsNamed(name);
        if (found.isEmpty()) {
            throw new ExitCodes.CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "no installed agent is named '" + name + "': give standard:provider:type, e.g. ocf:heartbeat:"
                            + name + " (`hapc resource agents ocf` lists them)");
        }
        if (found.size() > 1) {
            throw new ExitCodes.CommandFailure(
                    ExitCodes.INVALID_INPUT,
                    "'" + name + "' could be any of "
                            + String.join(
                                    ", ", found.stream().map(Object::toString).toList()) + ": give the full name");
        }
        String full = found.get(0).toString();
        err.println("Assumed agent name '" + full + "' (deduced from '" + name + "')");
        err.flush();
        return full;
    }

    public static ResourceAgentExecutor executor(Path rscTmp) {
        NodeIsolation node = NodeIsolation.system(hostname());
        if (rscTmp != null) node = new NodeIsolation(node.nodeName(), rscTmp, node.stateDir(), rscTmp.resolve("log"));
        else
            node = new NodeIsolation(
                    node.nodeName(), node.rscTmp(), node.stateDir(), Path.of(System.getProperty("java.io.tmpdir")));
        return new ResourceAgentExecutor(AgentPaths.system(), node);
    }

    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    /** key=value arguments as a parameter map; anything else is a usage error naming the argument. */
    static Map<String, String> params(List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new ExitCodes.CommandFailure(ExitCodes.INVALID_INPUT, "'" + a + "' is not NAME=VALUE");
            out.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return out;
    }

    /** Prints meta-data as text or as the JSON contract, for `resource describe` and `stonith describe`. */
    static void print(PrintWriter out, String agent, AgentMetadata md, io.hapc.cli.OutputFormat format)
            throws Exception {
        if (format == io.hapc.cli.OutputFormat.json) {
            out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(json(agent, md)));
        } else {
            printText(out, agent, md);
        }
        out.flush();
    }

    static void printText(PrintWriter out, String agent, AgentMetadata md) {
        out.println(agent + " - " + md.shortdesc());
        out.println();
        if (!md.longdesc().isBlank()) {
            out.println(md.longdesc());
            out.println();
        }
        out.println("Resource options:");
        for (AgentMetadata.Parameter p : md.parameters()) {
            out.println("  " + p.name() + (p.required() ? " (required)" : "") + ": " + p.shortdesc()
                    + p.defaultValue().map(d -> " [default: " + d + "]").orElse(""));
        }
        if (!md.actions().isEmpty()) {
            out.println();
            out.println("Default operations:");
            for (AgentMetadata.Action a : md.actions()) {
                out.println("  " + a.name()
                        + a.interval().map(i -> ": interval=" + i).orElse(":")
                        + a.timeout().map(t -> " timeout=" + t).orElse(""));
            }
        }
    }

    record JsonParameter(String name, boolean required, String defaultValue, String shortdesc) {}

    static Map<String, Object> json(String agent, AgentMetadata md) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("agent", agent);
        root.put("shortdesc", md.shortdesc());
        root.put("longdesc", md.longdesc());
        root.put(
                "parameters",
                md.parameters().stream()
                        .map(p -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", p.name());
                            m.put("required", p.required());
                            m.put("default", p.defaultValue().orElse(null));
                            m.put("shortdesc", p.shortdesc());
                            return m;
                        })
                        .toList());
        root.put(
                "actions",
                md.actions().stream()
                        .map(a -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("name", a.name());
                            m.put("timeout", a.timeout().orElse(null));
                            m.put("interval", a.interval().orElse(null));
                            return m;
                        })
                        .toList());
        return root;
    }
}
