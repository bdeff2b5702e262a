package io.hapc.cli.sandbox;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `hapc sandbox …`: a real cluster of hapcd processes on this machine, for trying hapc out. Each subcommand is its
 * own class: start ({@link SandboxStart}), status, stop, and the commands that treat isolated hosts as machines
 * ({@link SandboxHostCommands}); the processes are started and stopped by {@link SandboxLauncher}.
 */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = "A local cluster: an embedded ZooKeeper and N hapcd processes on this machine.",
        subcommands = {
            SandboxStart.class,
            SandboxStatus.class,
            SandboxStop.class,
            SandboxHostCommands.Exec.class,
            SandboxHostCommands.Crash.class,
            SandboxHostCommands.PowerOn.class
        })
public final class SandboxCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The sandbox a command is for: `dir` if given, else as {@link Sandboxes} finds it. */
    static Path dirOr(Path dir) {
        return Sandboxes.fromEnvironment().resolve(Optional.ofNullable(dir));
    }
}
