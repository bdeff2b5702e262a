package io.hapc.transport.zookeeper;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.hapc.model.cib.CibVersion;
import io.hapc.transport.Message;
import io.hapc.transport.StoredCib;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What the znodes hold, as bytes. The dc znode and messages are plain JSON. The CIB is a JSON header
 * line (version, writer, DC epoch) followed by the XML, gzip-compressed: a CIB's XML compresses
 * 10-20 times, and ZooKeeper refuses znodes over about 1 MiB. Unknown JSON fields are ignored, so a
 * newer writer may add some.
 */
final class ZnodeCodec {
    /** The content of the dc znode. */
    record DcZnode(String dc, long epoch) {}

    record CibHeader(int format, long adminEpoch, long epoch, long numUpdates, String writtenBy, long dcEpoch) {}

    private static final int CIB_FORMAT = 1;
    private static final int GZIP_MAGIC_FIRST_BYTE = 0x1f;
    private static final int GZIP_MAGIC_SECOND_BYTE = 0x8b;

    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    byte[] encodeDc(String dc, long epoch) {
        return write(new DcZnode(dc, epoch));
    }

    DcZnode decodeDc(byte[] data) {
        return read(data, DcZnode.class);
    }

    byte[] encodeMessage(Message message) {
        return write(message);
    }

    Message decodeMessage(byte[] data) {
        return read(data, Message.class);
    }

    byte[] encodeCib(String xml, CibVersion version, String writtenBy, long dcEpoch) {
        CibHeader header = new CibHeader(CIB_FORMAT, version.adminEpoch(), version.epoch(), version.numUpdates(), writtenBy, dcEpoch);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(xml.length() / 8 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(write(header));
            gzip.write('\n');
            gzip.write(xml.getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The CIB stored at `revision`; also reads an uncompressed one (a CIB put there by hand). */
    StoredCib decodeCib(byte[] data, long revision) {
        String text = new String(isGzip(data) ? gunzip(data) : data, UTF_8);
        int endOfHeader = text.indexOf('\n');
        if (endOfHeader < 0) {
            throw new IllegalArgumentException("the cib znode has no header line");
        }
        CibHeader header = read(text.substring(0, endOfHeader).getBytes(UTF_8), CibHeader.class);
        if (header.format() != CIB_FORMAT) {
            throw new IllegalArgumentException("the cib znode is in format " + header.format() + ", this node reads " + CIB_FORMAT);
        }
        CibVersion version = new CibVersion(header.adminEpoch(), header.epoch(), header.numUpdates());
        return new StoredCib(text.substring(endOfHeader + 1), version, revision, header.writtenBy(), header.dcEpoch());
    }

    private static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == GZIP_MAGIC_FIRST_BYTE && (data[1] & 0xff) == GZIP_MAGIC_SECOND_BYTE;
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the cib znode is not valid gzip", e);
        }
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(byte[] data, Class<T> type) {
        try {
            return json.readValue(data, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
