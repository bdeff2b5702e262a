package io.hapc.transport.heartbeat.wire;

import io.hapc.transport.heartbeat.crypto.KeyRing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens heartbeat packets (format version 1). Big-endian; the header travels in clear and is
 * authenticated as GCM's additional data, the payload is encrypted:
 *
 * <pre>
 *  0  magic "hB" (2)      2  version (1)       3  type (1)       4  key id (1)     5  flags, 0 (1)
 *  6  cluster id (8)      14 incarnation (8)   22 sequence (8)   30 sender length n (1)
 * 31  sender name (n, ASCII host name)  31+n  AES-256-GCM ciphertext of the payload, then its 16-byte tag
 * </pre>
 *
 * <p>The GCM nonce is the low 32 bits of the incarnation then the 64-bit sequence. The key is the sender's
 * own for that incarnation ({@link KeyRing#packetKey}), and a sender never reuses a sequence number within
 * an incarnation, so no (key, nonce) pair is ever used twice.
 *
 * <p>{@link #open} never throws on any input: whatever arrives ends as {@link DecodeResult.Accepted} or as
 * {@link DecodeResult.Dropped} with its reason. It checks the cheap things first (size, magic, cluster,
 * sender) so junk costs no cryptography. Replays are not its business ({@link ReplayGuard} is): it holds no
 * per-sender state. Not thread-safe (it keeps its {@link Cipher}s): one per thread.
 */
public final class PacketCodec {
    public static final int MAGIC = 0x6842; // "hB"
    public static final int VERSION = 1;
    public static final int FIXED_HEADER_BYTES = 31;
    public static final int TAG_BYTES = 16;
    public static final int MAX_SENDER_BYTES = 253;
    /** The largest UDP payload over IPv4; over IPv6 without jumbograms it is a little more. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;
    /** Enough for heartbeats and a CIB of a few hundred resources; well under the datagram limit. */
    public static final int DEFAULT_MAX_PACKET_BYTES = 16 * 1024;

    public static final int MIN_MAX_PACKET_BYTES = 512;
    private static final int MIN_PACKET_BYTES = FIXED_HEADER_BYTES + 1 + TAG_BYTES;
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_SENDER_BYTES + "}");
    private static final int KEY_CACHE_ENTRIES = 8;

    private final KeyRing keys;
    private final String localNode;
    private final byte[] localNodeBytes;
    private final Set<String> peers;
    private final int maxPacketBytes;
    private final long clusterId;
    private final Cipher sealer;
    private final Cipher opener;
    private final Map<KeyUse, SecretKey> keyCache = new HashMap<>();

    private record KeyUse(int keyId, String sender, long incarnation) {}

    /**
     * @param peers the nodes whose packets are accepted; `localNode` is never one of them (a packet that
     *     claims to come from this node was reflected back at it)
     */
    public PacketCodec(KeyRing keys, String localNode, Set<String> peers, int maxPacketBytes) {
        this.keys = keys;
        this.localNode = requireNodeName(localNode);
        this.localNodeBytes = localNode.getBytes(StandardCharsets.US_ASCII);
        peers.forEach(PacketCodec::requireNodeName);
        if (peers.contains(localNode)) {
            throw new IllegalArgumentException("node '" + localNode + "' is listed as its own peer");
        }
        this.peers = Set.copyOf(peers);
        if (maxPacketBytes < MIN_MAX_PACKET_BYTES || maxPacketBytes > MAX_DATAGRAM_BYTES) {
            throw new IllegalArgumentException("maximum packet size " + maxPacketBytes + " not in "
                    + MIN_MAX_PACKET_BYTES + ".." + MAX_DATAGRAM_BYTES + " bytes (the UDP limit)");
        }
        this.maxPacketBytes = maxPacketBytes;
        this.clusterId = clusterId(keys.clusterName());
        try {
            this.sealer = Cipher.getInstance("AES/GCM/NoPadding");
            this.opener = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/GCM/NoPadding", e);
        }
    }

    /** The first 8 bytes of SHA-256 over the cluster name: tells clusters apart before any crypto. */
    public static long clusterId(String clusterName) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("hapc-heartbeat cluster " + clusterName).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public int maxPacketBytes() {
        return maxPacketBytes;
    }

    /** The largest payload this node can send in one packet. */
    public int maxPayloadBytes() {
        return maxPayloadBytes(maxPacketBytes, localNode);
    }

    /** The largest payload `sender` can send in a packet of at most `maxPacketBytes`. */
    public static int maxPayloadBytes(int maxPacketBytes, String sender) {
        return maxPacketBytes - FIXED_HEADER_BYTES - sender.length() - TAG_BYTES;
    }

    /**
     * Seals a packet from this node with the primary key.
     *
     * @throws IllegalArgumentException the payload is larger than {@link #maxPayloadBytes()}, or the counters
     *     are out of range (incarnation and sequence start at 1): a bug of the caller, nothing is sent
     */
    public byte[] seal(PacketType type, long incarnation, long sequence, byte[] payload) {
        if (payload.length > maxPayloadBytes()) {
            throw new IllegalArgumentException(
                    "payload of " + payload.length + " bytes does not fit a packet of at most " + maxPacketBytes
                            + " bytes (" + maxPayloadBytes() + " for the payload)");
        }
        if (incarnation < 1 || sequence < 1) {
            throw new IllegalArgumentException(
                    "incarnation " + incarnation + " and sequence " + sequence + " must be >= 1");
        }
        int keyId = keys.primaryKeyId();
        int headerLen = FIXED_HEADER_BYTES + localNodeBytes.length;
        ByteBuffer out = ByteBuffer.allocate(headerLen + payload.length + TAG_BYTES);
        out.putShort((short) MAGIC)
                .put((byte) VERSION)
                .put((byte) type.code())
                .put((byte) keyId)
                .put((byte) 0)
                .putLong(clusterId)
                .putLong(incarnation)
                .putLong(sequence)
                .put((byte) localNodeBytes.length)
                .put(localNodeBytes);
        SecretKey key = key(keyId, localNode, incarnation).orElseThrow();
        try {
            sealer.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(incarnation, sequence)));
            sealer.updateAAD(out.array(), 0, headerLen);
            sealer.doFinal(payload, 0, payload.length, out.array(), headerLen);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
        return out.array();
    }

    /** Opens one datagram of `length` bytes at `offset`; never throws. */
    public DecodeResult open(byte[] buf, int offset, int length) {
        if (length > maxPacketBytes) {
            return drop(DropReason.OVERSIZED, length + " bytes > " + maxPacketBytes);
        }
        if (length < MIN_PACKET_BYTES) {
            return drop(DropReason.TRUNCATED, length + " bytes < " + MIN_PACKET_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(buf, offset, length).slice();
        int magic = in.getShort(0) & 0xffff;
        if (magic != MAGIC) {
            return drop(DropReason.MALFORMED, String.format("magic 0x%04x", magic));
        }
        int version = in.get(2) & 0xff;
        if (version != VERSION) {
            return drop(DropReason.UNSUPPORTED_VERSION, "version " + version + " (this node speaks " + VERSION + ")");
        }
        int typeCode = in.get(3) & 0xff;
        Optional<PacketType> type = PacketType.ofCode(typeCode);
        if (type.isEmpty()) {
            return drop(DropReason.MALFORMED, "type " + typeCode);
        }
        int keyId = in.get(4) & 0xff;
        int flags = in.get(5) & 0xff;
        if (flags != 0) {
            return drop(DropReason.MALFORMED, "flags " + flags);
        }
        long cluster = in.getLong(6);
        if (cluster != clusterId) {
            return drop(DropReason.WRONG_CLUSTER, String.format("cluster id %016x", cluster));
        }
        long incarnation = in.getLong(14);
        long sequence = in.getLong(22);
        if (incarnation < 1 || sequence < 1) {
            return drop(DropReason.MALFORMED, "incarnation " + incarnation + ", sequence " + sequence);
        }
        int senderLen = in.get(30) & 0xff;
        if (senderLen < 1 || senderLen > MAX_SENDER_BYTES) {
            return drop(DropReason.MALFORMED, "sender name of " + senderLen + " bytes");
        }
        int headerLen = FIXED_HEADER_BYTES + senderLen;
        if (length < headerLen + TAG_BYTES) {
            return drop(DropReason.TRUNCATED, length + " bytes, header and tag need " + (headerLen + TAG_BYTES));
        }
        for (int i = FIXED_HEADER_BYTES; i < headerLen; i++) {
            if (!isNameByte(in.get(i))) {
                return drop(DropReason.MALFORMED, "sender name byte " + (in.get(i) & 0xff));
            }
        }
        String sender = new String(buf, offset + FIXED_HEADER_BYTES, senderLen, StandardCharsets.US_ASCII);
        if (!peers.contains(sender)) {
            return drop(
                    DropReason.UNKNOWN_SENDER,
                    sender.equals(localNode) ? "our own name (reflected)" : "'" + sender + "'");
        }
        Optional<SecretKey> key = key(keyId, sender, incarnation);
        if (key.isEmpty()) {
            return drop(DropReason.UNKNOWN_KEY, "key id " + keyId + " (this node holds " + keys.keyIds() + ")");
        }
        byte[] payload;
        try {
            opener.init(
                    Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BYTES * 8, nonce(incarnation, sequence)));
            opener.updateAAD(buf, offset, headerLen);
            payload = opener.doFinal(buf, offset + headerLen, length - headerLen);
        } catch (AEADBadTagException e) {
            keyCache.remove(new KeyUse(keyId, sender, incarnation));
            return drop(DropReason.FORGED, "authentication failed (seq " + sequence + ")");
        } catch (GeneralSecurityException e) {
            return drop(DropReason.FORGED, e.getClass().getSimpleName());
        }
        return new DecodeResult.Accepted(new Packet(type.get(), keyId, sender, incarnation, sequence, payload));
    }

    private Optional<SecretKey> key(int keyId, String sender, long incarnation) {
        KeyUse use = new KeyUse(keyId, sender, incarnation);
        SecretKey cached = keyCache.get(use);
        if (cached != null) return Optional.of(cached);
        Optional<SecretKey> key = keys.packetKey(keyId, sender, incarnation);
        if (key.isPresent()) {
            if (keyCache.size() >= KEY_CACHE_ENTRIES) keyCache.clear(); // forged incarnations must not grow it
            keyCache.put(use, key.get());
        }
        return key;
    }

    static byte[] nonce(long incarnation, long sequence) {
        return ByteBuffer.allocate(12)
                .putInt((int) incarnation)
                .putLong(sequence)
                .array();
    }

    private static boolean isNameByte(byte b) {
        return (b >= 'a' && b <= 'z')
                || (b >= 'A' && b <= 'Z')
                || (b >= '0' && b <= '9')
                || b == '_'
                || b == '.'
                || b == '-';
    }

    private static String requireNodeName(String name) {
        if (name == null || !NODE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("node name '" + name
                    + "' is not a host name (letters, digits, '_', '.', '-'; 1.." + MAX_SENDER_BYTES + ")");
        }
        return name;
    }

    private static DecodeResult drop(DropReason reason, String detail) {
        return new DecodeResult.Dropped(reason, detail);
    }

    @Override
    public String toString() {
        return "PacketCodec[" + localNode + " ↔ " + peers + ", max " + maxPacketBytes + " bytes, keys " + keys.keyIds()
                + "]";
    }
}
