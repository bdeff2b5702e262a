package io.hapc.daemon;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The node's own copy of the newest CIB it has seen, so an acknowledged change survives a restart
 * of every daemon and of the store: written to a temporary file, synced, then renamed over the old one.
 */
public final class CibFile {
    private final Path file;

    public CibFile(Path stateDir) {
        this.file = stateDir.resolve("cib.xml");
    }

    public Path path() {
        return file;
    }

    public synchronized void write(String xml) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("cib.xml.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(xml));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    public synchronized Optional<String> read() throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }
}
