package io.hapc.cli.agents;

import io.hapc.agents.ActionRequest;
import io.hapc.agents.ActionResult;
import io.hapc.agents.AgentException;
import io.hapc.agents.AgentId;
import io.hapc.agents.ResourceAgentExecutor;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.agents.metadata.DefinitionCheck;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.OutputFormat;
import io.hapc.model.cib.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `hapc resource …`: the agent side (standards, providers, agents, describe, debug-*) here, and the
 * cluster's resources (create, delete, update, move, …) from io.hapc.cli.resource.
 */
@Command(
        name = "resource",
        mixinStandardHelpOptions = true,
        description = "Resource agents and resources.",
        subcommands = {
            ResourceCommand.Standards.class,
            ResourceCommand.Providers.class,
            ResourceCommand.Agents.class,
            ResourceCommand.Describe.class,
            ResourceCommand.DebugStart.class,
            ResourceCommand.DebugStop.class,
            ResourceCommand.DebugMonitor.class,
            ResourceCommand.DebugPromote.class,
            ResourceCommand.DebugDemote.class,
            io.hapc.cli.resource.ResourceCreateCommand.class,
            io.hapc.cli.resource.ResourceDeleteCommand.class,
            io.hapc.cli.resource.ResourceUpdateCommand.class,
            io.hapc.cli.resource.ResourceMetaCommand.class,
            io.hapc.cli.resource.ResourceShowCommand.class,
            io.hapc.cli.resource.ResourceConfigCommand.class,
            io.hapc.cli.resource.ResourceEnableCommand.class,
            io.hapc.cli.resource.ResourceDisableCommand.class,
            io.hapc.cli.resource.ResourceMoveCommand.class,
            io.hapc.cli.resource.ResourceBanCommand.class,
            io.hapc.cli.resource.ResourceClearCommand.class,
            io.hapc.cli.resource.ResourceCleanupCommand.class,
            io.hapc.cli.resource.ResourceGroupCommand.class,
            io.hapc.cli.resource.ResourceCloneCommand.class,
            io.hapc.cli.resource.ResourcePromotableCommand.class,
            io.hapc.cli.resource.ResourceDefaultsCommand.class,
            io.hapc.cli.resource.ResourceOpCommand.class
        })
public final class ResourceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandFailure invalid(AgentException e) {
        return new CommandFailure(ExitCodes.INVALID_INPUT, e.getMessage(), e);
    }

    @Command(name = "standards", description = "List the resource agent standards.")
    static final class Standards implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List.of("ocf", "lsb", "service", "systemd", "stonith").forEach(out::println);
            out.flush();
            return 0;
        }
    }

    @Command(name = "providers", description = "List the OCF providers installed.")
    static final class Providers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            AgentsContext.executor(null).providers().forEach(out::println);
            out.flush();
            return 0;
        }
    }

    @Command(name = "agents", description = "List installed agents: STANDARD[:PROVIDER] (default: all OCF agents).")
    static final class Agents implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "STANDARD[:PROVIDER]")
        String which;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String standard = which == null ? "ocf" : which.split(":", 2)[0];
            Optional<String> provider =
                    which != null && which.contains(":") ? Optional.of(which.split(":", 2)[1]) : Optional.empty();
            try {
                if (standard.equals("stonith")) {
                    new StonithCommand.ListAgents().agents().forEach(a -> out.println("stonith:" + a));
                } else {
                    AgentsContext.executor(null).agents(standard, provider).forEach(out::println);
                }
            } catch (AgentException e) {
                throw invalid(e);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "describe", description = "Describe an agent from its meta-data, e.g. ocf:heartbeat:IPaddr2.")
    static final class Describe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "AGENT")
        String agent;

        @Option(
                names = {"-o", "--output"},
                description = "text (default) or json")
        OutputFormat output = OutputFormat.text;

        @Override
        public Integer call() throws Exception {
            AgentMetadata md;
            try {
                agent = AgentsContext.resolveAgentName(agent, spec.commandLine().getErr());
                AgentId id = AgentId.parse(agent);
                md = id.standard().equals("stonith")
                        ? StonithCommand.fencer().metadata(id.type())
                        : AgentsContext.executor(null).metadata(id);
            } catch (AgentException e) {
                throw invalid(e);
            }
            AgentsContext.print(spec.commandLine().getOut(), agent, md, output);
            return 0;
        }
    }

    /** Shared by the debug-* commands: run one action locally and print what pcs's debug-* prints. */
    abstract static class Debug implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "AGENT", description = "e.g. ocf:heartbeat:Dummy")
        String agent;

        @Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "Instance parameters.")
        List<String> params = new ArrayList<>();

        @Option(names = "--id", description = "Resource id (OCF_RESOURCE_INSTANCE); default: the agent type.")
        String id;

        @Option(names = "--timeout", description = "Action timeout (default 20s).")
        String timeout = "20s";

        @Option(names = "--rsctmp", description = "HA_RSCTMP for this run (default /run/resource-agents).")
        Path rscTmp;

        abstract String action();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ActionResult r;
            try {
                agent = AgentsContext.resolveAgentName(agent, spec.commandLine().getErr());
                AgentId aid = AgentId.parse(agent);
                Map<String, String> p = AgentsContext.params(params);
                ResourceAgentExecutor ex = AgentsContext.executor(rscTmp);
                if (aid.standard().equals("ocf")) {
                    DefinitionCheck check = ex.check(aid, p);
                    check.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
                    if (!check.ok())
                        throw new CommandFailure(ExitCodes.INVALID_INPUT, String.join("; ", check.errors()));
                }
                long ms;
                try {
                    ms = Durations.parseMillis(timeout);
                } catch (IllegalArgumentException e) {
                    throw new CommandFailure(ExitCodes.INVALID_INPUT, "--timeout: " + e.getMessage());
                }
                r = ex.execute(new ActionRequest(
                        id == null ? aid.type() : id, aid, action(), p, Map.of(), 0, Duration.ofMillis(ms)));
            } catch (AgentException e) {
                throw invalid(e);
            }
            out.println("Operation " + action() + " for " + (id == null ? agent : id) + " (" + agent + ") returned: '"
                    + r.result().meaning() + "' (" + r.rc() + ")"
                    + (r.timedOut() ? " after the " + timeout + " timeout" : ""));
            r.exitReason().ifPresent(reason -> out.println("  exit reason: " + reason));
            if (!r.stdout().isBlank())
                out.println(" >  stdout: " + r.stdout().strip().replace("\n", "\n >  stdout: "));
            if (!r.stderr().isBlank())
                out.println(" >  stderr: " + r.stderr().strip().replace("\n", "\n >  stderr: "));
            out.flush();
            // A contract for scripts: the agent's own exit code (a timeout exits 1, a generic error).
            return r.timedOut() ? 1 : r.rc();
        }
    }

    @Command(name = "debug-start", description = "Run the agent's start action locally and show the result.")
    static final class DebugStart extends Debug {
        @Override
        String action() {
            return "start";
        }
    }

    @Command(name = "debug-stop", description = "Run the agent's stop action locally and show the result.")
    static final class DebugStop extends Debug {
        @Override
        String action() {
            return "stop";
        }
    }

    @Command(name = "debug-monitor", description = "Run the agent's monitor action locally and show the result.")
    static final class DebugMonitor extends Debug {
        @Override
        String action() {
            return "monitor";
        }
    }

    @Command(name = "debug-promote", description = "Run the agent's promote action locally and show the result.")
    static final class DebugPromote extends Debug {
        @Override
        String action() {
            return "promote";
        }
    }

    @Command(name = "debug-demote", description = "Run the agent's demote action locally and show the result.")
    static final class DebugDemote extends Debug {
        @Override
        String action() {
            return "demote";
        }
    }
}
