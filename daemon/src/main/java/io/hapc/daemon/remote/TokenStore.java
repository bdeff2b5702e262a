package io.hapc.daemon.remote;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens this node's admin service issued. A token is 32 random bytes (Base64url); only its
 * SHA-256 is kept (file 0600 in the state directory, one `HASH USER ISSUED EXPIRES` line each, epoch
 * seconds), so the file does not hand out working tokens. Tokens expire after the configured
 * lifetime and can be revoked one by one (`hapc host deauth`) or all at once
 * (`hapc host revoke-tokens`). Time comes from the injected clock.
 */
public final class TokenStore {
    public static final String FILE = "admin-tokens";
    private static final String PREFIX = "hapc1.";

    private final Path file;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byHash = new LinkedHashMap<>();

    /** One issued token, by the hash of its text; `id` (a prefix of the hash) names it in the audit log. */
    public record Entry(String hash, String user, Instant issued, Instant expires) {
        public String id() {
            return hash.substring(0, 12);
        }
    }

    public record Issued(String token, Entry entry) {
        @Override
        public String toString() {
            return "Issued[token=(hidden), entry=" + entry + "]";
        }
    }

    /** What a presented token is: one of ours and valid, expired, or not one of ours (forged, revoked, mistyped). */
    public sealed interface Verdict {
        record Valid(Entry entry) implements Verdict {}

        record Expired(Entry entry) implements Verdict {}

        record Unknown() implements Verdict {}
    }

    public TokenStore(Path stateDir, Clock clock, Duration lifetime) throws IOException {
        this.file = stateDir.resolve(FILE);
        this.clock = clock;
        this.lifetime = lifetime;
        if (Files.exists(file)) {
            PrivateFiles.tighten(file);
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split(" ");
                if (f.length != 4) continue; // a damaged line is a token nobody can use: dropped at the next write
                try {
                    byHash.put(
                            f[0],
                            new Entry(
                                    f[0],
                                    f[1],
                                    Instant.ofEpochSecond(Long.parseLong(f[2])),
                                    Instant.ofEpochSecond(Long.parseLong(f[3]))));
                } catch (NumberFormatException e) {
                    // same
                }
            }
        }
    }

    public Duration lifetime() {
        return lifetime;
    }

    public synchronized Issued issue(String user) throws IOException {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Entry e = new Entry(hash(token), user, now, now.plus(lifetime));
        byHash.values().removeIf(old -> !old.expires().isAfter(now)); // forget the expired on the way
        byHash.put(e.hash(), e);
        write();
        return new Issued(token, e);
    }

    public synchronized Verdict verify(String token) {
        Entry e = byHash.get(hash(token));
        if (e == null) return new Verdict.Unknown();
        if (!clock.instant().isBefore(e.expires())) return new Verdict.Expired(e);
        return new Verdict.Valid(e);
    }

    /** Revokes `token`; true if it was one of ours. */
    public synchronized boolean revoke(String token) throws IOException {
        boolean was = byHash.remove(hash(token)) != null;
        if (was) write();
        return was;
    }

    /** Revokes every token; how many there were. */
    public synchronized int revokeAll() throws IOException {
        int n = byHash.size();
        byHash.clear();
        write();
        return n;
    }

    private void write() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Entry e : byHash.values()) {
            lines.add(e.hash() + " " + e.user() + " " + e.issued().getEpochSecond() + " "
                    + e.expires().getEpochSecond());
        }
        Files.createDirectories(file.getParent());
        PrivateFiles.writeAtomically(file, lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
