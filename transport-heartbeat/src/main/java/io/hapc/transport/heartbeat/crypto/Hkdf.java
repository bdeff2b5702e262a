package io.hapc.transport.heartbeat.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), built on the JDK's {@link Mac}: extract turns input keying material
 * into a pseudorandom key, expand stretches that into output keying material bound to an `info`.
 * No crypto of our own: both steps are the RFC's construction over the JDK's HMAC.
 */
public final class Hkdf {
    public static final int HASH_LEN = 32;
    private static final String HMAC = "HmacSHA256";

    private Hkdf() {}

    /** PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zero bytes (RFC 5869 §2.2). */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        byte[] s = salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt;
        Mac mac = hmac(s);
        return mac.doFinal(ikm);
    }

    /** OKM = T(1) | T(2) | … truncated to `length`, T(i) = HMAC-Hash(PRK, T(i-1) | info | i) (RFC 5869 §2.3). */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (prk.length < HASH_LEN) {
            throw new IllegalArgumentException(
                    "PRK of " + prk.length + " bytes: HKDF-Expand needs at least " + HASH_LEN);
        }
        if (length < 1 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF-Expand length " + length + " not in 1.." + 255 * HASH_LEN);
        }
        Mac mac = hmac(prk);
        byte[] okm = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info == null ? new byte[0] : info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, okm, done, n);
            done += n;
        }
        return okm;
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java SE runtime must provide HmacSHA256: this is a broken JDK, not bad input.
            throw new IllegalStateException("the JDK has no usable " + HMAC, e);
        }
    }
}
