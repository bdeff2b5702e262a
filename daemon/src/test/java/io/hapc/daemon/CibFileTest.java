package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CibFileTest {
    @TempDir
    Path dir;

    @Test
    void theLastWrittenCibIsReadBackAndNoTemporaryFileIsLeft() throws Exception {
        CibFile f = new CibFile(dir.resolve("state"));
        assertEquals(Optional.empty(), f.read());
        f.write("<cib epoch=\"1\"/>");
        f.write("<cib epoch=\"2\"/>");
        assertEquals(Optional.of("<cib epoch=\"2\"/>"), f.read());
        assertFalse(Files.exists(dir.resolve("state/cib.xml.tmp")));
    }

    @Test
    void theCopyIsTheOwnersOnlyAlsoWhenAnEarlierOneWasReadableByAll() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("cib.xml"), "<cib epoch=\"1\"/>");
        Files.setPosixFilePermissions(state.resolve("cib.xml"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        new CibFile(state).write("<cib epoch=\"2\"/>");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("cib.xml"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));

        CibFile fresh = new CibFile(dir.resolve("new/state"));
        fresh.write("<cib/>");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.path())));
    }
}
