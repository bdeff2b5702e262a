package io.hapc.cli.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {
    @TempDir
    Path dir;

    @Test
    void aNodeIsANameOrANameWithItsAddress() {
        assertEquals(
                new KnownHosts.Target("node1", Optional.empty(), Optional.empty()), KnownHosts.Target.parse("node1"));
        assertEquals(
                new KnownHosts.Target("n1", Optional.of("127.0.0.1"), Optional.of(40001)),
                KnownHosts.Target.parse("n1=127.0.0.1:40001"));
        assertEquals(
                new KnownHosts.Target("n1", Optional.of("10.0.0.1"), Optional.empty()),
                KnownHosts.Target.parse("n1=10.0.0.1"));
        assertEquals(
                new KnownHosts.Target("n1", Optional.of("::1"), Optional.of(2224)),
                KnownHosts.Target.parse("n1=[::1]:2224"));
        assertEquals(
                new KnownHosts.Target("n1", Optional.of("fe80::1"), Optional.empty()),
                KnownHosts.Target.parse("n1=fe80::1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KnownHosts.Target.parse("n1=127.0.0.1:99999"))
                .getMessage()
                .contains("port '99999' is not a TCP port"));
        assertThrows(IllegalArgumentException.class, () -> KnownHosts.Target.parse("n 1"));
        assertThrows(IllegalArgumentException.class, () -> KnownHosts.Target.parse("n1="));
    }

    @Test
    void whereToReachANodeComesFromTheArgumentElseFromWhatIsKnownElseItsName() {
        KnownHosts.KnownHost known =
                new KnownHosts.KnownHost("n1", "10.0.0.1", 3000, "AA", "t", "hacluster", "tok", "e");
        KnownHosts.Target bare = KnownHosts.Target.parse("n1");
        assertEquals("10.0.0.1", bare.hostOr(Optional.of(known)));
        assertEquals(3000, bare.portOr(Optional.of(known)));
        assertEquals("n1", bare.hostOr(Optional.empty()));
        assertEquals(2224, bare.portOr(Optional.empty()));
        assertEquals(
                2224,
                KnownHosts.Target.parse("n1=10.0.0.2").portOr(Optional.of(known)),
                "a new address without a port: 2224");
    }

    @Test
    void theFileIsTheUsersOnlyAndKeepsEveryNode() throws Exception {
        KnownHosts hosts = KnownHosts.forUser(
                Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString()));
        assertEquals(dir.resolve("config/hapc/known-hosts.json"), hosts.file());
        hosts.put(new KnownHosts.KnownHost(
                "n1",
                "127.0.0.1",
                40001,
                "AA:BB",
                "2026-12-03T10:00:00Z",
                "hacluster",
                "hapc1.x",
                "2027-01-02T10:00:00Z"));
        hosts.put(new KnownHosts.KnownHost(
                "n2",
                "127.0.0.1",
                40002,
                "CC:DD",
                "2026-12-03T10:00:00Z",
                "hacluster",
                "hapc1.y",
                "2027-01-02T10:00:00Z"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hosts.file())));
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(hosts.file().getParent())));
        KnownHosts again = new KnownHosts(hosts.file());
        assertEquals("CC:DD", again.get("n2").orElseThrow().fingerprint());
        assertTrue(again.remove("n1"));
        assertFalse(again.remove("n1"));
        assertEquals(java.util.Set.of("n2"), again.all().keySet());
        assertFalse(again.get("n2").orElseThrow().toString().contains("hapc1.y"), "toString hides the token");
    }
}
