package io.hapc.model.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files only their owner may read: what hapc keeps on disk (CIB copies, ZooKeeper's data, logs,
 * the cluster secret, hapcd.conf) can hold fencing passwords and the secret, so files are 0600 and
 * directories 0700. Files are <em>created</em> with their mode (never created with the default
 * and chmod-ed after: that leaves a moment when anyone can open them); replaced contents go
 * through a 0600 temporary file renamed over the old one, so a reader sees old or new, never half.
 *
 * <p>Only for hapc's own directories (state, logs, embedded ZooKeeper data, sandbox): an existing
 * directory passed to {@link #directory} is made 0700, unless it is writable by everyone (/tmp and
 * its kind are shared) or one or two levels below / (/var/log, /home: a system directory named by
 * mistake); those are left as they are, and the files hapc writes in them are 0600 all the same.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);

    private PrivateFiles() {}

    /** `dir` as a 0700 directory: missing ones (parents too) created 0700, an existing one made 0700 (see the class). */
    public static Path directory(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (!Files.isDirectory(absolute)) {
            Path parent = absolute.getParent();
            if (parent != null && !Files.isDirectory(parent)) directory(parent);
            try {
                Files.createDirectory(absolute, DIRECTORY);
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile (or it is a file: the mode check below says so)
            }
        }
        // A system directory named by mistake (log.dir=/var/log) must not become root's only.
        if (absolute.getNameCount() > 2) tighten(absolute);
        return dir;
    }

    /** Replaces `file`'s content at once (0600 temporary, synced, renamed over it); its directory must exist. */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a leftover of a crash may have another mode: start afresh
        try (FileChannel ch =
                FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) ch.write(buffer);
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public static void writeAtomically(Path file, String content) throws IOException {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates `file` 0600 with `content`; fails if it exists (a secret is never overwritten by accident). */
    public static void createNew(Path file, byte[] content) throws IOException {
        try (FileChannel ch =
                FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), FILE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) ch.write(buffer);
            ch.force(true);
        }
    }

    /**
     * `file` exists and is 0600 (created so, or an existing one made so): for logs that others append
     * to (a child's redirected output, an agent's log), which keep the mode of the file they find.
     */
    public static Path appendable(Path file) throws IOException {
        try {
            Files.createFile(file, FILE);
        } catch (FileAlreadyExistsException exists) {
            tighten(file);
        }
        return file;
    }

    /** Appends to `file`, created 0600 if missing. */
    public static void append(Path file, String text) throws IOException {
        try (FileChannel ch =
                FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND), FILE)) {
            ByteBuffer buffer = StandardCharsets.UTF_8.encode(text);
            while (buffer.hasRemaining()) ch.write(buffer);
        }
    }

    /**
     * Makes an existing file 0600 or directory 0700: for what others create (ZooKeeper's snapshots
     * and logs) or earlier versions left. A world-writable directory is shared, and left alone.
     */
    public static void tighten(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) return; // never follow a link planted in our place
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
        if (directory && now.contains(PosixFilePermission.OTHERS_WRITE)) return;
        Set<PosixFilePermission> wanted = directory ? DIRECTORY_MODE : FILE_MODE;
        if (!now.equals(wanted)) Files.setPosixFilePermissions(path, wanted);
    }

    /** {@link #tighten} on `root` and everything below it (files that vanish meanwhile are skipped). */
    public static void tightenTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> all = Files.walk(root)) {
            all.forEach(p -> {
                try {
                    tighten(p);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed while we walked (ZooKeeper rolls its logs)
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
