package io.hapc.cli.sandbox;

import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which sandbox a command means. Each running sandbox has its own entry in a per-user directory
 * (one file per sandbox, named after its directory, written by its start and removed by its stop),
 * so sandboxes never share a pointer that one of them could rewrite under another.
 * In order: --dir, HAPC_SANDBOX_DIR, the only running sandbox, the default directory; with several
 * running and none named, a clear error listing them.
 */
public final class Sandboxes {
    private final Map<String, String> env;

    public Sandboxes(Map<String, String> env) {
        this.env = env;
    }

    public static Sandboxes fromEnvironment() {
        return new Sandboxes(System.getenv());
    }

    /** Where `hapc sandbox start` without --dir puts the sandbox. */
    public Path defaultDir() {
        String user = env.getOrDefault("USER", "root");
        return Path.of(env.getOrDefault("TMPDIR", "/tmp"), "hapc-sandbox-" + user)
                .toAbsolutePath();
    }

    Path registry() {
        return Path.of(env.getOrDefault("HOME", "/tmp"), ".cache", "hapc", "sandboxes");
    }

    /** The sandbox a command is for: `dir` if given, else as the class comment says. */
    public Path resolve(Optional<Path> dir) {
        if (dir.isPresent()) return dir.get().toAbsolutePath();
        String explicit = env.get("HAPC_SANDBOX_DIR");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit).toAbsolutePath();
        List<Path> running = running();
        if (running.size() == 1) return running.get(0);
        if (running.size() > 1) {
            StringBuilder sb = new StringBuilder(
                    running.size() + " sandboxes are running; name one with --dir DIR or HAPC_SANDBOX_DIR=DIR:");
            running.forEach(p -> sb.append("\n  ").append(p));
            throw new CommandFailure(ExitCodes.INVALID_INPUT, sb.toString());
        }
        return defaultDir();
    }

    /** The directories of the sandboxes with at least one process still running; stale entries go. */
    public List<Path> running() {
        List<Path> out = new ArrayList<>();
        Path registry = registry();
        if (!Files.isDirectory(registry)) return out;
        try (var entries = Files.list(registry)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                Optional<Path> dir = readEntry(entry);
                if (dir.isPresent() && isRunning(dir.get())) out.add(dir.get());
                else Files.deleteIfExists(entry);
            }
        } catch (IOException e) {
            // an unreadable registry only loses the convenience: --dir and HAPC_SANDBOX_DIR still work
        }
        return out;
    }

    static boolean isRunning(Path dir) {
        try {
            Optional<Sandbox> s = Sandbox.read(dir);
            if (s.isEmpty()) return false;
            Sandbox.Process zk = s.get().zookeeper();
            if (zk != null && Sandbox.alive(zk.pid(), zk.command())) return true;
            return s.get().nodes().stream().anyMatch(n -> Sandbox.alive(n.pid(), n.command()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Path> readEntry(Path entry) {
        try {
            String dir = Files.readString(entry, StandardCharsets.UTF_8).strip();
            return dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Called by `sandbox start` once the sandbox runs. */
    public void register(Path dir) throws IOException {
        Path registry = registry();
        Files.createDirectories(registry);
        Path entry = entryFor(dir);
        Path tmp = Files.createTempFile(registry, ".entry", ".tmp");
        Files.writeString(tmp, dir.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
        Files.move(
                tmp,
                entry,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Called by `sandbox stop`. */
    public void unregister(Path dir) throws IOException {
        Files.deleteIfExists(entryFor(dir));
    }

    private Path entryFor(Path dir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(dir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return registry().resolve(HexFormat.of().formatHex(digest, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
