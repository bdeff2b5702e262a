package io.hapc.agents.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one agent process: a clean environment, its own process group (setsid), stdin given,
 * stdout/stderr into private files read back when it exits. Completion is the process's exit, not
 * the end of its output: agents such as IPaddr2 leave a child (send_arp) holding what they were given
 * as stdout/stderr for a second or more. With pipes, the output written before the exit could only be
 * told from the child's by waiting; a file holds everything the agent wrote by the time it exits, so
 * the result is reported at once (IPaddr2's start: ~0.4 s sooner, and what is ordered after it with
 * it). On timeout the whole process group is killed.
 */
public final class ProcessRunner {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    public record Outcome(int exitCode, String stdout, String stderr, Duration elapsed, boolean timedOut) {}

    private ProcessRunner() {}

    public static Outcome run(
            List<String> command, Map<String, String> environment, Path workDir, String stdin, Duration timeout)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid"); // own session and process group: a timeout kills the agent and all it started
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(environment);
        if (workDir != null) pb.directory(workDir.toFile());
        // the agent's output may carry parameters (passwords): files only this process's user can read
        Path out = Files.createTempFile("hapc-agent-", ".out", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Path err = Files.createTempFile("hapc-agent-", ".err", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the agent may not read stdin at all
            }
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                killGroup(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + command, e);
            }
            if (!finished) killGroup(p);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
            int code = finished ? p.exitValue() : -1;
            return new Outcome(code, read(out), read(err), elapsed, !finished);
        } finally {
            // a child still writing keeps its open file; the name goes now
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** At most this much of an agent's stdout or stderr is kept (meta-data is tens of KiB). */
    static final int KEPT_BYTES = 4 << 20;

    private static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(KEPT_BYTES), StandardCharsets.UTF_8);
        }
    }

    /** Kills the agent's process group (setsid made the agent its leader) and anything left of it. */
    static void killGroup(Process p) {
        long pid = p.pid();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // fall through to the JDK's own kill below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
