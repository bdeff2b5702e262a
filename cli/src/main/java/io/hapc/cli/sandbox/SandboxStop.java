package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `hapc sandbox stop`: only what the sandbox started, its namespaces included. */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description =
                "Stop the sandbox's nodes (resources stopped first) and its ZooKeeper; only the processes it started.")
final class SandboxStop implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "The sandboxs directory (default: HAPC_SANDBOX_DIR, else the only sandbox running, else ${sys:java.io.tmpdir}/hapc-sandbox-$USER).")
    Path dir;

    @Option(
            names = "--timeout-s",
            defaultValue = "60",
            paramLabel = "S",
            description =
                    "How long to wait for the nodes to stop their resources and exit, in seconds (default ${DEFAULT-VALUE}); then they are killed.")
    long timeoutS;

    @Override
    public Integer call() throws Exception {
        Path base = SandboxCommand.dirOr(dir);
        Sandbox s = Sandbox.read(base)
                .orElseThrow(() ->
                        new CommandFailure(ExitCodes.INVALID_INPUT, "no sandbox in " + base + " (nothing to stop)"));
        new SandboxLauncher(base, spec.commandLine().getErr()).stop(s, Duration.ofSeconds(timeoutS));
        IsolatedSandboxStart.teardown(base);
        Sandboxes.fromEnvironment().unregister(base);
        spec.commandLine().getOut().println("hapc sandbox in " + base + " stopped");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
