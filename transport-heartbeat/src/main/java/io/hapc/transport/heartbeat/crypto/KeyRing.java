package io.hapc.transport.heartbeat.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one cluster: the one this node sends with (primary) and every one it accepts. During a key
 * change both nodes accept the old and the new key, then switch their primary, then drop the old one: no
 * packet is refused at any step, so the change needs no downtime.
 *
 * <p>From each authkey, HKDF-Extract with a salt naming the cluster makes a pseudorandom key (two clusters
 * sharing a secret by mistake still get different keys); from that, HKDF-Expand makes one AES-256 key per
 * (sender, incarnation). Per sender because both nodes hold the same secret and count their sequence
 * numbers independently: with one shared key their GCM nonces would collide. Per incarnation so a
 * sequence number is never used twice under one key even if a node restarts and counts from 1 again.
 */
public final class KeyRing {
    /** The key id travels in one byte of the header. */
    public static final int MAX_KEY_ID = 255;

    public static final int AES_KEY_BYTES = 32;
    private static final String SALT_PREFIX = "hapc-heartbeat/v1 cluster=";
    private static final byte[] PACKET_KEY_INFO = "hapc-heartbeat/v1 packet-key".getBytes(StandardCharsets.US_ASCII);

    private final String clusterName;
    private final int primaryKeyId;
    private final Map<Integer, byte[]> prkById;

    private KeyRing(String clusterName, int primaryKeyId, Map<Integer, byte[]> prkById) {
        this.clusterName = clusterName;
        this.primaryKeyId = primaryKeyId;
        this.prkById = prkById;
    }

    /** One key, id 1: the usual case. */
    public static KeyRing single(String clusterName, AuthKey key) {
        return of(clusterName, 1, Map.of(1, key));
    }

    /**
     * @param primaryKeyId the key this node sends with; must be one of `keys`
     * @param keys every key accepted, by id (0..255)
     */
    public static KeyRing of(String clusterName, int primaryKeyId, Map<Integer, AuthKey> keys) {
        if (clusterName == null || clusterName.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs the cluster name (it is bound into every key)");
        }
        if (!keys.containsKey(primaryKeyId)) {
            throw new IllegalArgumentException(
                    "primary key id " + primaryKeyId + " is not among the keys " + keys.keySet());
        }
        byte[] salt = (SALT_PREFIX + clusterName).getBytes(StandardCharsets.UTF_8);
        Map<Integer, byte[]> prks = new TreeMap<>();
        keys.forEach((id, key) -> {
            if (id < 0 || id > MAX_KEY_ID) {
                throw new IllegalArgumentException("key id " + id + " not in 0.." + MAX_KEY_ID);
            }
            byte[] ikm = key.bytes();
            prks.put(id, Hkdf.extract(salt, ikm));
            Arrays.fill(ikm, (byte) 0);
        });
        return new KeyRing(clusterName, primaryKeyId, Collections.unmodifiableMap(prks));
    }

    public String clusterName() {
        return clusterName;
    }

    public int primaryKeyId() {
        return primaryKeyId;
    }

    public boolean accepts(int keyId) {
        return prkById.containsKey(keyId);
    }

    public java.util.Set<Integer> keyIds() {
        return prkById.keySet();
    }

    /** The AES-256 key `sender` seals its packets with in `incarnation` under key `keyId`; empty if that id is unknown. */
    public Optional<SecretKey> packetKey(int keyId, String sender, long incarnation) {
        byte[] prk = prkById.get(keyId);
        if (prk == null) return Optional.empty();
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(PACKET_KEY_INFO);
        info.write(0);
        info.writeBytes(sender.getBytes(StandardCharsets.UTF_8));
        info.write(0);
        info.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(incarnation).array());
        byte[] okm = Hkdf.expand(prk, info.toByteArray(), AES_KEY_BYTES);
        SecretKey key = new SecretKeySpec(okm, "AES");
        Arrays.fill(okm, (byte) 0);
        return Optional.of(key);
    }
}
