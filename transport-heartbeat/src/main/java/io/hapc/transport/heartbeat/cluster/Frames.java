package io.hapc.transport.heartbeat.cluster;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.Message;
import io.hapc.transport.StoredCib;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the transport sends over the peer's message channel (in order, at most once, per pair of lives):
 * the daemon's messages, and the CIB replication between the two copies.
 */
sealed interface Frames {
    byte USER = 1;
    byte CIB_PUSH = 2;
    byte CIB_ACK = 3;
    byte CIB_REFUSED = 4;

    /** One of the daemon's messages. */
    record User(Message message) implements Frames {}

    /** The sender's CIB, to be taken only by a copy whose fingerprint is `base` (the one the sender knows of it). */
    record CibPush(long base, StoredCib cib) implements Frames {}

    /** The receiver took the CIB of this fingerprint and revision. */
    record CibAck(long fingerprint, long revision) implements Frames {}

    /** The receiver refused a push: its copy is `fingerprint`, not the push's base. */
    record CibRefused(long fingerprint) implements Frames {}

    /** About the size of `message` as a User frame: what the channel must carry in one message. */
    static long userFrameBytes(Message message) {
        return 16L + utf8(message.from()) + utf8(message.to()) + utf8(message.type()) + utf8(message.payload());
    }

    private static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static byte[] encode(Frames f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (f instanceof User u) {
                out.writeByte(USER);
                string(out, u.message().from());
                string(out, u.message().to());
                string(out, u.message().type());
                string(out, u.message().payload());
            } else if (f instanceof CibPush p) {
                out.writeByte(CIB_PUSH);
                out.writeLong(p.base());
                out.writeLong(p.cib().revision());
                out.writeLong(p.cib().version().adminEpoch());
                out.writeLong(p.cib().version().epoch());
                out.writeLong(p.cib().version().numUpdates());
                out.writeLong(p.cib().dcEpoch());
                string(out, p.cib().writtenBy());
                string(out, p.cib().xml());
            } else if (f instanceof CibAck a) {
                out.writeByte(CIB_ACK);
                out.writeLong(a.fingerprint());
                out.writeLong(a.revision());
            } else if (f instanceof CibRefused r) {
                out.writeByte(CIB_REFUSED);
                out.writeLong(r.fingerprint());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return bytes.toByteArray();
    }

    /** Empty if the bytes are no frame (a peer of another version). */
    static Optional<Frames> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            Frames f = switch (in.readByte()) {
                case USER -> new User(new Message(string(in), string(in), string(in), string(in)));
                case CIB_PUSH -> {
                    long base = in.readLong();
                    long revision = in.readLong();
                    CibVersion v = new CibVersion(in.readLong(), in.readLong(), in.readLong());
                    long epoch = in.readLong();
                    String by = string(in);
                    yield new CibPush(base, new StoredCib(string(in), v, revision, by, epoch));
                }
                case CIB_ACK -> new CibAck(in.readLong(), in.readLong());
                case CIB_REFUSED -> new CibRefused(in.readLong());
                default -> null;
            };
            return in.available() == 0 ? Optional.ofNullable(f) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("bad length " + n);
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
