package io.hapc.model.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void missingDirectoriesAreCreated0700AndAnExistingOneIsMade0700() throws Exception {
        PrivateFiles.directory(dir.resolve("a/b/c"));
        for (String d : new String[] {"a", "a/b", "a/b/c"}) assertEquals("rwx------", mode(dir.resolve(d)), d);
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.directory(open);
        assertEquals("rwx------", mode(open));
    }

    @Test
    void aSharedWorldWritableDirectoryIsLeftAlone() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateFiles.directory(shared);
        assertEquals("rwxrwxrwx", mode(shared));
    }

    @Test
    void anAtomicWriteLeavesA0600FileAndNoTemporary() throws Exception {
        Path file = dir.resolve("cib.xml");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.writeAtomically(file, "new");
        assertEquals("new", Files.readString(file));
        assertEquals("rw-------", mode(file));
        assertFalse(Files.exists(dir.resolve("cib.xml.tmp")));
    }

    @Test
    void aSecretIsCreated0600AndNeverOverwritten() throws Exception {
        Path key = dir.resolve("authkey");
        PrivateFiles.createNew(key, "k1".getBytes());
        assertEquals("rw-------", mode(key));
        assertThrows(FileAlreadyExistsException.class, () -> PrivateFiles.createNew(key, "k2".getBytes()));
        assertEquals("k1", Files.readString(key));
    }

    @Test
    void logsAreCreated0600AndAnExistingOneIsMade0600() throws Exception {
        PrivateFiles.append(dir.resolve("actions.log"), "one\n");
        PrivateFiles.append(dir.resolve("actions.log"), "two\n");
        assertEquals("one\ntwo\n", Files.readString(dir.resolve("actions.log")));
        assertEquals("rw-------", mode(dir.resolve("actions.log")));
        Path earlier = Files.writeString(dir.resolve("hapcd.log"), "kept\n");
        Files.setPosixFilePermissions(earlier, PosixFilePermissions.fromString("rw-rw-r--"));
        PrivateFiles.appendable(earlier);
        assertEquals("rw-------", mode(earlier));
        assertEquals("kept\n", Files.readString(earlier));
        PrivateFiles.appendable(dir.resolve("new.log"));
        assertEquals("rw-------", mode(dir.resolve("new.log")));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
