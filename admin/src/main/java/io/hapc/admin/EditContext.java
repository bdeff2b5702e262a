package io.hapc.admin;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentId;
import io.hapc.agents.AgentPaths;
import io.hapc.agents.NodeIsolation;
import io.hapc.agents.ResourceAgentExecutor;
import io.hapc.agents.fence.FenceExecutor;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleCompilationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an edit may depend on besides the CIB, all supplied by the caller so that
 * {@link CibEditor} stays a pure function: the time ("now" for lifetimes and the validating engine
 * run), agent meta-data (to refuse an unknown agent or a missing required parameter), and how admin
 * rule files are compiled (the DC keeps one memoizing compiler, so an edit that does not touch the
 * rules does not recompile them).
 */
public record EditContext(java.time.Instant now, AgentCatalog agents, RuleCompiler rules) {
    public EditContext {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(rules, "rules");
    }

    /** The same context at another time. */
    public EditContext at(java.time.Instant time) {
        return new EditContext(time, agents, rules);
    }

    /** This machine's installed agents, rules compiled on every call. */
    public static EditContext system(java.time.Instant now) {
        return new EditContext(now, AgentCatalog.system(), RuleCompiler.direct());
    }

    /** Agent meta-data by agent name; throws {@link AgentException} naming the agent when it is unknown. */
    @FunctionalInterface
    public interface AgentCatalog {
        AgentMetadata metadata(AgentId agent);

        /** OCF/LSB/systemd through the resource agent executor, stonith through the fence executor. */
        static AgentCatalog of(ResourceAgentExecutor resources, FenceExecutor fencing) {
            return agent ->
                    agent.standard().equals("stonith") ? fencing.metadata(agent.type()) : resources.metadata(agent);
        }

        /** The agents installed on this machine (meta-data runs need no state; they get a scratch directory). */
        static AgentCatalog system() {
            Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "hapc-metadata");
            ResourceAgentExecutor resources =
                    new ResourceAgentExecutor(AgentPaths.system(), NodeIsolation.under("meta-data", scratch));
            FenceExecutor fencing = new FenceExecutor(
                    AgentPaths.system(), List.of(), Map.of(), new Random(0), d -> Thread.sleep(d.toMillis()));
            return of(resources, fencing);
        }
    }

    /** Compiles the built-in rules with admin rule files (name → DRL source). */
    @FunctionalInterface
    public interface RuleCompiler {
        PolicyRules compile(Map<String, String> sources) throws RuleCompilationException;

        static RuleCompiler direct() {
            return PolicyRules::withAdminSources;
        }

        /** Remembers the last successful compilation: the same sources are not compiled twice in a row. */
        static RuleCompiler memoizing() {
            AtomicReference<Map.Entry<Map<String, String>, PolicyRules>> last = new AtomicReference<>();
            return sources -> {
                Map.Entry<Map<String, String>, PolicyRules> known = last.get();
                if (known != null && known.getKey().equals(sources)) return known.getValue();
                PolicyRules compiled = PolicyRules.withAdminSources(sources);
                last.set(Map.entry(Map.copyOf(sources), compiled));
                return compiled;
            };
        }
    }
}
