package io.hapc.daemon.remote;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * hapc's own password store, which `hapc host auth` checks (not the system's /etc/shadow: hapcd
 * would need PAM, and a cluster password should not be a login password). One line per user,
 * `user:pbkdf2-sha256:ITERATIONS:SALT:HASH` (salt and hash Base64), in a 0600 file of the state
 * directory; PBKDF2WithHmacSHA256 from the JDK, a 16-byte random salt, 32-byte hash. Iterations
 * are kept per line, so raising {@link #ITERATIONS} takes effect as passwords are set again.
 */
public final class PasswordStore {
    public static final String FILE = "admin-passwords";
    /** OWASP's figure for PBKDF2-HMAC-SHA256 (2023). */
    public static final int ITERATIONS = 600_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private final Path file;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();

    public PasswordStore(Path stateDir) {
        this(stateDir, ITERATIONS);
    }

    /** With fewer iterations: for tests only, where speed matters more than strength. */
    PasswordStore(Path stateDir, int iterations) {
        this.file = stateDir.resolve(FILE);
        this.iterations = iterations;
    }

    public Path file() {
        return file;
    }

    /** The outcome of a check, with the reason kept for the audit log (the client is told less). */
    public enum Check {
        ACCEPTED,
        WRONG_PASSWORD,
        UNKNOWN_USER,
        NO_PASSWORDS
    }

    public synchronized void set(String user, String password) throws IOException {
        if (!user.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}")) {
            throw new IllegalArgumentException("user name '" + user + "': letters, digits, '_', '.', '-' (at most 64)");
        }
        if (password.length() < 8)
            throw new IllegalArgumentException("the password is too short: at least 8 characters");
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Map<String, String> lines = read();
        lines.put(
                user,
                String.join(
                        ":",
                        user,
                        SCHEME,
                        Integer.toString(iterations),
                        B64.encodeToString(salt),
                        B64.encodeToString(hash(password, salt, iterations))));
        Files.createDirectories(file.getParent());
        PrivateFiles.writeAtomically(file, String.join("\n", lines.values()) + "\n");
    }

    public synchronized Check check(String user, String password) throws IOException {
        Map<String, String> lines = read();
        if (lines.isEmpty()) return Check.NO_PASSWORDS;
        String line = lines.get(user);
        if (line == null) {
            // as long as a real check: how long the answer takes does not say which users exist
            hash(password, new byte[16], iterations);
            return Check.UNKNOWN_USER;
        }
        String[] f = line.split(":");
        if (f.length != 5 || !f[1].equals(SCHEME))
            throw new IOException(file + ": the line of '" + user + "' is not " + "user:" + SCHEME
                    + ":ITERATIONS:SALT:HASH; set the password again with `hapc host set-password -u " + user + "`");
        byte[] expected = Base64.getDecoder().decode(f[4]);
        byte[] actual = hash(password, Base64.getDecoder().decode(f[3]), Integer.parseInt(f[2]));
        return MessageDigest.isEqual(expected, actual) ? Check.ACCEPTED : Check.WRONG_PASSWORD;
    }

    private Map<String, String> read() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        PrivateFiles.tighten(file);
        List<String> all = Files.readAllLines(file);
        for (String l : all) {
            if (l.isBlank() || l.startsWith("#")) continue;
            out.put(l.substring(0, Math.max(0, l.indexOf(':'))), l.strip());
        }
        return out;
    }

    static byte[] hash(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256: " + e, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** For tests: the stored line of `user`. */
    Optional<String> line(String user) throws IOException {
        return Optional.ofNullable(read().get(user));
    }
}
