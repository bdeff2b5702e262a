package io.hapc.cli.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A local sandbox cluster as `hapc sandbox start` left it: its directory, the ZooKeeper process
 * and one hapcd process per node, recorded in DIR/sandbox.json so that `status` and `stop` find
 * them (and end only them).
 */
/** `zookeeper` is null for a sandbox on the two-node heartbeat transport (no server to run). */
public record Sandbox(Path dir, Process zookeeper, List<Node> nodes) {
    public static final String FILE = "sandbox.json";

    /** One recorded process: what it is, its pid, and the command line it was started with. */
    public record Process(long pid, List<String> command, Path log) {}

    public record Node(String node, long pid, Path socket, Path config, List<String> command, Path log) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module());

    public static Optional<Sandbox> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return Optional.empty();
        return Optional.of(JSON.readValue(f.toFile(), Sandbox.class));
    }

    /**
     * The sandbox's record for one read-modify-write, across processes: two hosts booting at once (the DC
     * fencing two nodes, each boot a JVM of its own) each read sandbox.json, put in their hapcd's pid and
     * wrote it back, and the later write lost the earlier pid. Held until closed.
     */
    public static java.nio.channels.FileLock lock(Path dir) throws IOException {
        PrivateFiles.directory(dir);
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(
                dir.resolve(FILE + ".lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        try {
            return channel.lock(); // closing the lock's channel releases it
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public void write() throws IOException {
        PrivateFiles.directory(dir);
        PrivateFiles.writeAtomically(dir.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    public Sandbox withNode(Node replaced) {
        return new Sandbox(
                dir,
                zookeeper,
                nodes.stream()
                        .map(n -> n.node().equals(replaced.node()) ? replaced : n)
                        .toList());
    }

    /** Starts one of the sandbox's processes, detached (its own session), output to `log`; returns its pid. */
    public static long launch(List<String> command, Path log) throws IOException {
        // The child appends to the file with the mode it finds: make it private first.
        PrivateFiles.appendable(log);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start().pid();
    }

    /** The process is gone, or a zombie waiting to be reaped by whoever inherited it. */
    public static boolean ended(long pid) {
        if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) return true;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** Alive and still the process the sandbox started (pids are reused). */
    public static boolean alive(long pid, List<String> command) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) return false;
        try {
            String cmdline =
                    Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            String marker = command.get(command.size() - 1);
            return cmdline.contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of a process's log, for an error that says why it went away. */
    public static String logTail(Path log, int lines) {
        try {
            if (!Files.isRegularFile(log)) return "(no log at " + log + ")";
            List<String> all = Files.readAllLines(log);
            if (all.isEmpty()) return "(its log " + log + " is empty: it ended before logging anything)";
            return "last lines of " + log + ":\n  "
                    + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
