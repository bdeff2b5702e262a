package io.hapc.cli.agents;

import io.hapc.agents.AgentException;
import io.hapc.agents.AgentPaths;
import io.hapc.agents.fence.FenceExecutor;
import io.hapc.agents.metadata.AgentMetadata;
import io.hapc.cli.OutputFormat;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `hapc stonith …`: fence agents here; the cluster's fencing devices and fencing from io.hapc.cli.stonith. */
@Command(
        name = "stonith",
        mixinStandardHelpOptions = true,
        description = "Fence agents and fencing devices.",
        subcommands = {
            StonithCommand.ListAgents.class,
            StonithCommand.Describe.class,
            io.hapc.cli.stonith.StonithCreateCommand.class,
            io.hapc.cli.stonith.StonithDeleteCommand.class,
            io.hapc.cli.stonith.StonithShowCommand.class,
            io.hapc.cli.stonith.StonithConfigCommand.class,
            io.hapc.cli.stonith.StonithFenceCommand.class
        })
public final class StonithCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static FenceExecutor fencer() {
        return new FenceExecutor(
                AgentPaths.system(), List.of(), Map.of(), new Random(), d -> Thread.sleep(d.toMillis()));
    }

    @Command(name = "list", description = "List the installed fence agents.")
    static final class ListAgents implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        List<String> agents() {
            return fencer().agents();
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            agents().forEach(out::println);
            out.flush();
            return 0;
        }
    }

    @Command(name = "describe", description = "Describe a fence agent from its metadata, e.g. fence_dummy.")
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
            String name = agent.startsWith("stonith:") ? agent.substring("stonith:".length()) : agent;
            AgentMetadata md;
            try {
                md = fencer().metadata(name);
            } catch (AgentException e) {
                throw ResourceCommand.invalid(e);
            }
            AgentsContext.print(spec.commandLine().getOut(), name, md, output);
            return 0;
        }
    }
}
