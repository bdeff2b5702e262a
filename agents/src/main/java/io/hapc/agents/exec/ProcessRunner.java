package io.hapc.agents.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one agent process: a clean environment, its own process group (setsid), stdin given,
 * stdout/stderr read in the background. Completion is the process's exit, not the end of its
 * output: agents such as IPaddr2 leave a child holding the pipes. On timeout the whole process
 * group is killed.
 */
public final class ProcessRunner {
    /** How long to wait for output still buffered in the pipes after the agent exited. */
    private static final long DRAIN_MILLIS = 200;

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
        long t0 = System.nanoTime();
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = pump(p.getInputStream(), out);
        Thread errReader = pump(p.getErrorStream(), err);
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
        try {
            outReader.join(DRAIN_MILLIS);
            errReader.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        int code = finished ? p.exitValue() : -1;
        return new Outcome(code, snapshot(out), snapshot(err), elapsed, !finished);
    }

    private static String snapshot(ByteArrayOutputStream s) {
        synchronized (s) {
            return s.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[8192];
                    try (in) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            synchronized (sink) {
                                sink.write(buf, 0, n);
                            }
                        }
                    } catch (IOException ignored) {
                        // the process group was killed or closed its pipes: keep what was read
                    }
                },
                "agent-output");
        t.setDaemon(true);
        t.start();
        return t;
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
