package io.hapc.cli.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several sandboxes side by side: each command finds its own, never another's. */
class SandboxesTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void endWhatWasStarted() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A sandbox directory whose recorded ZooKeeper is a real process of ours. */
    private Path runningSandbox(String name, String seconds) throws Exception {
        Process p = new ProcessBuilder("sleep", seconds).start();
        started.add(p);
        Path dir = tmp.resolve(name);
        List<String> cmd = List.of("sleep", seconds);
        new Sandbox(dir, new Sandbox.Process(p.pid(), cmd, dir.resolve("zk.log")), List.of()).write();
        return dir;
    }

    private Sandboxes sandboxes(String sandboxDirEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.resolve("home").toString());
        env.put("TMPDIR", tmp.toString());
        env.put("USER", "tester");
        if (sandboxDirEnv != null) env.put("HAPC_SANDBOX_DIR", sandboxDirEnv);
        return new Sandboxes(env);
    }

    @Test
    void theOnlyRunningSandboxIsFoundWithoutBeingNamed() throws Exception {
        Path a = runningSandbox("a", "301");
        sandboxes(null).register(a);
        assertEquals(a.toAbsolutePath(), sandboxes(null).resolve(Optional.empty()));
    }

    @Test
    void withSeveralRunningAndNoneNamedTheErrorListsThem() throws Exception {
        Path a = runningSandbox("a", "302");
        Path b = runningSandbox("b", "303");
        sandboxes(null).register(a);
        sandboxes(null).register(b);
        CommandFailure f =
                assertThrows(CommandFailure.class, () -> sandboxes(null).resolve(Optional.empty()));
        assertEquals(ExitCodes.INVALID_INPUT, f.exitCode());
        assertTrue(
                f.getMessage().contains(a.toString())
                        && f.getMessage().contains(b.toString())
                        && f.getMessage().contains("--dir"),
                f.getMessage());
        // named, by option or environment, each is found
        assertEquals(b.toAbsolutePath(), sandboxes(null).resolve(Optional.of(b)));
        assertEquals(a.toAbsolutePath(), sandboxes(a.toString()).resolve(Optional.empty()));
    }

    @Test
    void aSandboxWhoseProcessesEndedIsNoLongerCountedAndItsEntryGoes() throws Exception {
        Path a = runningSandbox("a", "304");
        Path b = runningSandbox("b", "305");
        sandboxes(null).register(a);
        sandboxes(null).register(b);
        started.get(0).destroyForcibly();
        started.get(0).waitFor(10, TimeUnit.SECONDS);
        assertEquals(b.toAbsolutePath(), sandboxes(null).resolve(Optional.empty()));
        try (var entries = Files.list(sandboxes(null).registry())) {
            assertEquals(1, entries.count(), "the stale entry was removed");
        }
        sandboxes(null).unregister(b);
        assertEquals(
                tmp.resolve("hapc-sandbox-tester").toAbsolutePath(),
                sandboxes(null).resolve(Optional.empty()),
                "none running: the default directory");
    }

    @Test
    void startingASecondSandboxDoesNotRedirectTheFirst() throws Exception {
        Path a = runningSandbox("a", "306");
        sandboxes(null).register(a);
        Path b = runningSandbox("b", "307");
        sandboxes(null).register(b);
        // the first sandbox's own commands name it; nothing the second wrote changes where they go
        assertEquals(a.toAbsolutePath(), sandboxes(a.toString()).resolve(Optional.empty()));
        assertEquals(a.toAbsolutePath(), sandboxes(null).resolve(Optional.of(a)));
    }
}
