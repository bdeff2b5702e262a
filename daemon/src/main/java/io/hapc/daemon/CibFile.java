package io.hapc.daemon;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node's own copy of the newest CIB it has seen, so an acknowledged change survives a restart
 * of every daemon and of the store: written to a temporary file, synced, then renamed over the old
 * one. Private (0600 in a 0700 directory): a CIB holds fencing devices' passwords.
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
        PrivateFiles.directory(file.getParent());
        PrivateFiles.writeAtomically(file, xml);
    }

    public synchronized Optional<String> read() throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }
}
