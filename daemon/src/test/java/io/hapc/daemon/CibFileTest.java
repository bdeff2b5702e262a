package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("cib.xml"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));

        CibFile fresh = new CibFile(dir.resolve("new/state"));
        fresh.write("<cib/>");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.path())));
    }

    private static String cib(long epoch, long updates, String resources, String status) {
        return "<cib admin_epoch=\"0\" epoch=\"" + epoch + "\" num_updates=\"" + updates
                + "\">\n  <configuration>\n    <resources>" + resources + "</resources>\n  </configuration>\n  <status>"
                + status + "</status>\n</cib>\n";
    }

    @Test
    void eachConfigurationVersionIsKeptOnceWithoutItsStatusNumberedUpFromOne() throws Exception {
        CibFile f = new CibFile(dir.resolve("state"));
        f.write(cib(1, 0, "", "<node_state id=\"n1\"/>"));
        f.write(cib(1, 1, "", "<node_state id=\"n1\" crmd=\"online\"/>")); // status only: no checkpoint
        f.write(cib(2, 0, "<primitive id=\"Web\"/>", "<node_state id=\"n1\"/>"));
        assertEquals(
                java.util.List.of(1, 2),
                f.checkpoints().stream().map(CibFile.Checkpoint::number).toList());
        assertEquals(
                java.util.List.of(1L, 2L),
                f.checkpoints().stream().map(CibFile.Checkpoint::epoch).toList());
        String second = f.checkpoint(2).orElseThrow();
        assertTrue(
                second.contains("<primitive id=\"Web\"/>")
                        && second.contains("<status/>")
                        && !second.contains("node_state"),
                second);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state/cib-2.raw"))));
        assertEquals(Optional.empty(), f.checkpoint(3));
        assertEquals(Optional.empty(), f.checkpoint(0));

        // A restarted daemon goes on from the newest kept: the same version is not kept twice, the next one is number
        // 3.
        CibFile restarted = new CibFile(dir.resolve("state"));
        restarted.write(cib(2, 5, "<primitive id=\"Web\"/>", ""));
        restarted.write(cib(3, 0, "", ""));
        assertEquals(
                java.util.List.of(1, 2, 3),
                restarted.checkpoints().stream().map(CibFile.Checkpoint::number).toList());
    }

    @Test
    void onlyTheLastCheckpointsAreKept() throws Exception {
        CibFile f = new CibFile(dir.resolve("state"), 3);
        for (int epoch = 1; epoch <= 5; epoch++) f.write(cib(epoch, 0, "", ""));
        assertEquals(
                java.util.List.of(3, 4, 5),
                f.checkpoints().stream().map(CibFile.Checkpoint::number).toList());
        assertFalse(Files.exists(dir.resolve("state/cib-2.raw")));
        assertEquals(100, CibFile.HISTORY);
    }
}
