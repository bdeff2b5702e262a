package io.hapc.transport.heartbeat.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The cluster's shared secret as read from its authkey file (`hapc cluster setup` writes 32 random bytes
 * in hex, mode 0600). The file's bytes are the HKDF input as they are, less trailing white space (so an
 * editor's final newline does not change the key); they are never parsed, so any long enough secret works.
 */
public final class AuthKey {
    /** Fewer bytes than this are no secret worth the name (a hex-encoded 128-bit key has 32). */
    public static final int MIN_BYTES = 16;

    private final byte[] secret;

    private AuthKey(byte[] secret) {
        this.secret = secret;
    }

    public static AuthKey of(byte[] secret) {
        byte[] trimmed = trimTrailingWhitespace(secret);
        if (trimmed.length < MIN_BYTES) {
            throw new IllegalArgumentException("authkey of " + trimmed.length + " bytes is too short: at least "
                    + MIN_BYTES + " are needed (make a new one with `hapc cluster setup`)");
        }
        return new AuthKey(trimmed);
    }

    /**
     * Reads the authkey file, refusing one that others may read: a key readable by group or others can no
     * longer be trusted to authenticate anything.
     */
    public static AuthKey read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "authkey " + file + " is missing or not a regular file (made by `hapc cluster setup`)");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix != null) {
            Set<PosixFilePermission> perms = posix.readAttributes().permissions();
            Set<PosixFilePermission> open = Set.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE);
            if (perms.stream().anyMatch(open::contains)) {
                throw new IOException("authkey " + file + " has mode " + PosixFilePermissions.toString(perms)
                        + ": others may read it; chmod 600 " + file + " (and make a new key if it may have leaked)");
            }
        }
        try {
            return of(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A copy: the caller may wipe it after use. */
    byte[] bytes() {
        return secret.clone();
    }

    private static byte[] trimTrailingWhitespace(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == '\n' || b[end - 1] == '\r' || b[end - 1] == '\t')) {
            end--;
        }
        return Arrays.copyOf(b, end);
    }

    @Override
    public String toString() {
        return "AuthKey[" + secret.length + " bytes]"; // never the secret
    }
}
