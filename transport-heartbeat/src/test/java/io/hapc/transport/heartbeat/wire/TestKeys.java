package io.hapc.transport.heartbeat.wire;

import io.hapc.transport.heartbeat.crypto.AuthKey;
import io.hapc.transport.heartbeat.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** Keys and codecs of a test cluster "alpha" of nodes n1 and n2. */
public final class TestKeys {
    public static final String CLUSTER = "alpha";
    public static final AuthKey SECRET = key("0123456789abcdef0123456789abcdef");
    public static final AuthKey OTHER_SECRET = key("fedcba9876543210fedcba9876543210");

    private TestKeys() {}

    public static AuthKey key(String text) {
        return AuthKey.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    public static KeyRing ring() {
        return KeyRing.single(CLUSTER, SECRET);
    }

    public static PacketCodec codec(String local, String peer) {
        return new PacketCodec(ring(), local, Set.of(peer), PacketCodec.DEFAULT_MAX_PACKET_BYTES);
    }
}
