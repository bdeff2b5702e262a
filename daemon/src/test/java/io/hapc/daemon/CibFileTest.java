package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
