package io.hapc.daemon.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.daemon.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-03T10:00:00Z"));

    @Test
    void anIssuedTokenIsValidUntilItsLifetimeEnds() throws Exception {
        TokenStore store = new TokenStore(dir, clock, Duration.ofHours(1));
        TokenStore.Issued t = store.issue("hacluster");
        assertEquals(Instant.parse("2026-12-03T11:00:00Z"), t.entry().expires());
        TokenStore.Verdict.Valid v = assertInstanceOf(TokenStore.Verdict.Valid.class, store.verify(t.token()));
        assertEquals("hacluster", v.entry().user());
        clock.set(Instant.parse("2026-12-03T10:59:59Z"));
        assertInstanceOf(TokenStore.Verdict.Valid.class, store.verify(t.token()));
        clock.set(Instant.parse("2026-12-03T11:00:00Z"));
        assertInstanceOf(TokenStore.Verdict.Expired.class, store.verify(t.token()));
    }

    @Test
    void aForgedOrAlteredTokenIsUnknown() throws Exception {
        TokenStore store = new TokenStore(dir, clock, Duration.ofHours(1));
        TokenStore.Issued t = store.issue("hacluster");
        assertInstanceOf(
                TokenStore.Verdict.Unknown.class, store.verify("hapc1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        String altered =
                t.token().substring(0, t.token().length() - 1) + (t.token().endsWith("A") ? "B" : "A");
        assertInstanceOf(TokenStore.Verdict.Unknown.class, store.verify(altered));
    }

    @Test
    void tokensSurviveARestartAsHashesOnly() throws Exception {
        TokenStore store = new TokenStore(dir, clock, Duration.ofHours(1));
        TokenStore.Issued t = store.issue("hacluster");
        Path file = dir.resolve(TokenStore.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.readString(file).contains(t.token().substring(6)), "the file must not hold the token itself");
        assertInstanceOf(
                TokenStore.Verdict.Valid.class, new TokenStore(dir, clock, Duration.ofHours(1)).verify(t.token()));
    }

    @Test
    void revokedTokensAreUnknown() throws Exception {
        TokenStore store = new TokenStore(dir, clock, Duration.ofHours(1));
        TokenStore.Issued a = store.issue("hacluster");
        TokenStore.Issued b = store.issue("hacluster");
        assertTrue(store.revoke(a.token()));
        assertFalse(store.revoke(a.token()));
        assertInstanceOf(TokenStore.Verdict.Unknown.class, store.verify(a.token()));
        assertInstanceOf(TokenStore.Verdict.Valid.class, store.verify(b.token()));
        assertEquals(1, store.revokeAll());
        assertInstanceOf(
                TokenStore.Verdict.Unknown.class, new TokenStore(dir, clock, Duration.ofHours(1)).verify(b.token()));
    }
}
