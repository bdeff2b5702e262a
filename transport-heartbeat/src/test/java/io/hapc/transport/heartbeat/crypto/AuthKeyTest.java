package io.hapc.transport.heartbeat.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthKeyTest {
    @TempDir
    Path dir;

    private Path keyFile(String content, String mode) throws IOException {
        Path f = dir.resolve("authkey");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void aPrivateKeyFileIsReadAndItsTrailingNewlineDoesNotChangeTheKey() throws IOException {
        AuthKey withNewline = AuthKey.read(keyFile("00112233445566778899aabbccddeeff\n", "rw-------"));
        AuthKey without = AuthKey.of("00112233445566778899aabbccddeeff".getBytes(StandardCharsets.US_ASCII));
        KeyRing a = KeyRing.single("c", withNewline);
        KeyRing b = KeyRing.single("c", without);
        assertEquals(
                a.packetKey(1, "n1", 1).orElseThrow(), b.packetKey(1, "n1", 1).orElseThrow());
        assertEquals("AuthKey[32 bytes]", withNewline.toString(), "the secret never reaches a log");
    }

    @Test
    void aKeyFileOthersMayReadIsRefusedWithTheFix() throws IOException {
        Path f = keyFile("00112233445566778899aabbccddeeff\n", "rw-r--r--");
        IOException e = assertThrows(IOException.class, () -> AuthKey.read(f));
        assertTrue(e.getMessage().contains("chmod 600 " + f), e.getMessage());
    }

    @Test
    void aShortOrMissingKeyIsRefused() throws IOException {
        Path f = keyFile("short\n", "rw-------");
        IOException e = assertThrows(IOException.class, () -> AuthKey.read(f));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
        assertThrows(IOException.class, () -> AuthKey.read(dir.resolve("none")));
    }

    @Test
    void keysDifferByClusterSenderAndIncarnation() {
        AuthKey secret = AuthKey.of("00112233445566778899aabbccddeeff".getBytes(StandardCharsets.US_ASCII));
        KeyRing ring = KeyRing.of("c", 1, Map.of(1, secret, 2, secret));
        var base = ring.packetKey(1, "n1", 7).orElseThrow();
        assertEquals(32, base.getEncoded().length, "AES-256");
        assertEquals(base, KeyRing.single("c", secret).packetKey(1, "n1", 7).orElseThrow(), "deterministic");
        assertNotEquals(
                base, KeyRing.single("other", secret).packetKey(1, "n1", 7).orElseThrow(), "cluster name bound in");
        assertNotEquals(base, ring.packetKey(1, "n2", 7).orElseThrow(), "each sender its own key");
        assertNotEquals(base, ring.packetKey(1, "n1", 8).orElseThrow(), "each incarnation its own key");
        assertTrue(ring.packetKey(3, "n1", 7).isEmpty(), "unknown key id");
        assertThrows(IllegalArgumentException.class, () -> KeyRing.of("c", 3, Map.of(1, secret)));
    }
}
