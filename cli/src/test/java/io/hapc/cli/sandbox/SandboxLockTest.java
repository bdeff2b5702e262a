package io.hapc.cli.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sandbox.json is read, changed and written by several processes (each host's boot is a JVM of its own: the fence
 * agent's, `sandbox power-on`'s; the fault campaign's runner restarting ZooKeeper): two boots at once lost a pid (the
 * campaign then rebooted a healthy host). Sandbox.lock excludes across processes, also the runner's Python
 * (fcntl.lockf: the same POSIX record locks).
 */
class SandboxLockTest {
    @TempDir
    Path dir;

    @Test
    void theLockWaitsForAnotherProcessHoldingIt() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3");
        Path released = dir.resolve("released");
        Path holding = dir.resolve("holding");
        // another process takes the lock as bench/cts/run does, says so, and writes `released` just before letting go
        Process other = new ProcessBuilder("/usr/bin/python3", "-c", """
                        import fcntl, sys, time, pathlib
                        d = pathlib.Path(sys.argv[1])
                        with open(d / "sandbox.json.lock", "a") as f:
                            fcntl.lockf(f, fcntl.LOCK_EX)
                            (d / "holding").write_text("1")
                            time.sleep(1.5)
                            (d / "released").write_text("1")
                        """, dir.toString())
                .inheritIO()
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(holding) && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(Files.exists(holding), "the other process took the lock");
            FileLock lock = Sandbox.lock(dir);
            try (FileChannel channel = lock.channel()) {
                assertTrue(Files.exists(released), "Sandbox.lock returned only once the other process let go");
            }
            assertTrue(other.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, other.exitValue());
        } finally {
            other.destroyForcibly();
        }
    }
}
