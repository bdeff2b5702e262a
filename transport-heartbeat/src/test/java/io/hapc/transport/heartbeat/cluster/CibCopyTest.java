package io.hapc.transport.heartbeat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.Message;
import io.hapc.transport.StoredCib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIB copy on disk with its lineage, and the frames and announcements the two nodes exchange. */
class CibCopyTest {
    @TempDir
    Path dir;

    private static StoredCib cib(String marker, long revision) {
        return new StoredCib(
                "<cib><!-- " + marker + " --></cib>", new CibVersion(0, revision + 1, 0), revision, "n1", 3);
    }

    @Test
    void aCopySurvivesARestartWithItsLineageAndIsPrivate() throws Exception {
        CibCopy copy = CibCopy.load(dir);
        assertEquals(Optional.empty(), copy.current());
        assertTrue(copy.descendsFrom(CibCopy.NONE), "every CIB descends from none");
        StoredCib first = cib("first", 0);
        StoredCib second = cib("second", 1);
        copy.store(first);
        copy.store(second);

        CibCopy again = CibCopy.load(dir);
        assertEquals(Optional.of(second), again.current());
        assertTrue(again.descendsFrom(CibCopy.fingerprint(first)) && again.descendsFrom(CibCopy.fingerprint(second)));
        assertFalse(again.descendsFrom(CibCopy.fingerprint(cib("elsewhere", 1))), "a CIB this copy never went through");
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CibCopy.XML_FILE))));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(CibCopy.META_FILE))));
    }

    @Test
    void theFingerprintTellsApartCibsThatDifferInAnythingAndADamagedCopyIsRefusedWithTheWayOut() throws Exception {
        StoredCib c = cib("x", 4);
        assertEquals(
                CibCopy.fingerprint(c),
                CibCopy.fingerprint(new StoredCib(c.xml(), c.version(), c.revision(), c.writtenBy(), c.dcEpoch())));
        assertNotEquals(
                CibCopy.fingerprint(c),
                CibCopy.fingerprint(new StoredCib(c.xml(), c.version(), c.revision(), "n2", c.dcEpoch())));
        assertNotEquals(
                CibCopy.fingerprint(c),
                CibCopy.fingerprint(new StoredCib(c.xml() + " ", c.version(), c.revision(), "n1", 3)));

        CibCopy.load(dir).store(c);
        Files.writeString(dir.resolve(CibCopy.META_FILE), "revision=soon\n");
        IOException e = assertThrows(IOException.class, () -> CibCopy.load(dir));
        assertTrue(e.getMessage().contains("remove"), e.getMessage());
    }

    @Test
    void whetherTheConfigurationChangedSinceTheCopyBothHeldSurvivesARestart() throws Exception {
        CibCopy copy = CibCopy.load(dir);
        assertFalse(copy.configUnchangedSinceShared(), "no CIB: nothing shared");
        String status = "<status><!-- 1 --></status></cib>";
        copy.store(
                new StoredCib("<cib><configuration>A</configuration>" + status, new CibVersion(0, 1, 0), 0, "n1", 3));
        assertFalse(copy.configUnchangedSinceShared(), "written, never known to be on the peer");
        copy.markShared();
        assertTrue(copy.configUnchangedSinceShared());
        // status only: the configuration is still the shared one, also after a restart (a fenced node's reboot)
        copy.store(new StoredCib(
                "<cib><configuration>A</configuration><status><!-- 2 --></status></cib>",
                new CibVersion(0, 1, 4),
                1,
                "n1",
                3));
        assertTrue(CibCopy.load(dir).configUnchangedSinceShared());
        copy.store(
                new StoredCib("<cib><configuration>B</configuration>" + status, new CibVersion(0, 2, 0), 2, "n1", 3));
        assertFalse(copy.configUnchangedSinceShared(), "an admin change made apart");
        assertFalse(CibCopy.load(dir).configUnchangedSinceShared());
    }

    @Test
    void framesAndAnnouncementsRoundTripAndGarbageIsNoFrame() {
        Message m = new Message("n1", "n2", "note", "line \"two\"\n\u00fc <xml/>");
        assertEquals(Optional.of(new Frames.User(m)), Frames.decode(Frames.encode(new Frames.User(m))));
        Frames.CibPush push = new Frames.CibPush(42, cib("p", 7));
        assertEquals(Optional.of(push), Frames.decode(Frames.encode(push)));
        assertEquals(Optional.of(new Frames.CibAck(5, 6)), Frames.decode(Frames.encode(new Frames.CibAck(5, 6))));
        assertEquals(Optional.of(new Frames.CibRefused(-9)), Frames.decode(Frames.encode(new Frames.CibRefused(-9))));
        byte[] cut = Frames.encode(push);
        assertEquals(Optional.empty(), Frames.decode(java.util.Arrays.copyOf(cut, cut.length - 1)));
        assertEquals(
                Optional.empty(), Frames.decode(new byte[] {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertEquals(Optional.empty(), Frames.decode(new byte[0]));

        Announcement a = new Announcement(3, 4, -77, 9, new CibVersion(1, 2, 3), 55, true, -5, true);
        assertEquals(Optional.of(a), Announcement.decode(a.encode()));
        Announcement changed = new Announcement(3, 4, -77, 9, new CibVersion(1, 2, 3), 55, true, -5, false);
        assertEquals(Optional.of(changed), Announcement.decode(changed.encode()));
        assertEquals(Optional.empty(), Announcement.decode(new byte[0]));
        byte[] bad = a.encode();
        bad[1 + 8 * 8] = 7; // the verdict's byte
        assertEquals(Optional.empty(), Announcement.decode(bad));
    }
}
