package io.hapc.daemon.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordStoreTest {
    @TempDir
    Path dir;

    @Test
    void theSetPasswordIsAcceptedAndOthersAreNot() throws Exception {
        PasswordStore store = new PasswordStore(dir, 1000);
        assertEquals(PasswordStore.Check.NO_PASSWORDS, store.check("hacluster", "whatever1"));
        store.set("hacluster", "correct horse");
        assertEquals(PasswordStore.Check.ACCEPTED, store.check("hacluster", "correct horse"));
        assertEquals(PasswordStore.Check.WRONG_PASSWORD, store.check("hacluster", "correct hors"));
        assertEquals(PasswordStore.Check.UNKNOWN_USER, store.check("root", "correct horse"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    }

    @Test
    void theFileHoldsASaltedHashNeverThePassword() throws Exception {
        PasswordStore store = new PasswordStore(dir, 1000);
        store.set("hacluster", "correct horse");
        String first = store.line("hacluster").orElseThrow();
        assertTrue(first.startsWith("hacluster:pbkdf2-sha256:1000:"), first);
        assertTrue(!Files.readString(store.file()).contains("correct horse"));
        store.set("hacluster", "correct horse");
        assertNotEquals(first, store.line("hacluster").orElseThrow(), "a new salt each time");
        // the iterations of each line are its own: a store with another default still checks it
        assertEquals(PasswordStore.Check.ACCEPTED, new PasswordStore(dir, 2000).check("hacluster", "correct horse"));
    }

    @Test
    void shortPasswordsAndOddNamesAreRefused() {
        PasswordStore store = new PasswordStore(dir, 1000);
        assertThrows(IllegalArgumentException.class, () -> store.set("hacluster", "short"));
        assertThrows(IllegalArgumentException.class, () -> store.set("a:b", "long enough"));
    }

    @Test
    void theDefaultCostIsOwaspsAndMeasured() {
        long begin = System.nanoTime();
        PasswordStore.hash("correct horse", new byte[16], PasswordStore.ITERATIONS);
        long ms = (System.nanoTime() - begin) / 1_000_000;
        System.out.println("PBKDF2-HMAC-SHA256, " + PasswordStore.ITERATIONS + " iterations: " + ms + " ms");
        assertEquals(600_000, PasswordStore.ITERATIONS);
    }
}
