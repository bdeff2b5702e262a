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
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What the znodes hold, as bytes. The dc znode is plain JSON. A message is JSON, gzip-compressed
 * when bigger than {@link #COMPRESS_MESSAGES_OVER} bytes (a reply carrying a CIB). The CIB is
 * stored in parts (format 2): the cib znode holds a JSON header line (version, writer, DC epoch,
 * where the status goes and which status znode holds each node's part) followed by the XML without
 * the content of its status; each node's status is its own znode, so a large cluster's CIB is not
 * limited by ZooKeeper's ~1 MiB per znode. Everything of the CIB is gzip-compressed: a CIB's XML
 * compresses 10-20 times. Unknown JSON fields are ignored, so a newer writer may add some; format 1
 * (the whole CIB in the cib znode) is still read.
 */
final class ZnodeCodec {
    /** The content of the dc znode. */
    record DcZnode(String dc, long epoch) {}

    /** Where one node's status is stored. */
    record StatusRef(String node, String znode) {}

    record CibHeader(
            int format,
            long adminEpoch,
            long epoch,
            long numUpdates,
            String writtenBy,
            long dcEpoch,
            Integer statusAt,
            List<StatusRef> status) {
        CibHeader {
            statusAt = statusAt == null ? -1 : statusAt;
            status = status == null ? List.of() : List.copyOf(status);
        }
    }

    /** What the cib znode says: the CIB's version and writer, its configuration, and where its status parts are. */
    record CibHead(
            CibVersion version,
            String writtenBy,
            long dcEpoch,
            String withoutStatus,
            int statusAt,
            List<StatusRef> status) {}

    /** Messages bigger than this are compressed (most are a few hundred bytes: not worth it). */
    static final int COMPRESS_MESSAGES_OVER = 16 * 1024;

    static final int CIB_FORMAT = 2;
    private static final int WHOLE_CIB_FORMAT = 1;
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
        byte[] plain = write(message);
        return plain.length > COMPRESS_MESSAGES_OVER ? gzip(plain) : plain;
    }

    Message decodeMessage(byte[] data) {
        return read(isGzip(data) ? gunzip(data) : data, Message.class);
    }

    /** The cib znode of a CIB stored in parts: header line and the XML without its status content. */
    byte[] encodeCibHead(CibParts parts, List<StatusRef> status, CibVersion version, String writtenBy, long dcEpoch) {
        CibHeader header = new CibHeader(
                CIB_FORMAT,
                version.adminEpoch(),
                version.epoch(),
                version.numUpdates(),
                writtenBy,
                dcEpoch,
                parts.statusAt(),
                status);
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(parts.withoutStatus().length() / 8 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(write(header));
            gzip.write('\n');
            gzip.write(parts.withoutStatus().getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A whole CIB in the cib znode (format 1, as earlier versions wrote it). */
    byte[] encodeCib(String xml, CibVersion version, String writtenBy, long dcEpoch) {
        CibHeader header = new CibHeader(
                WHOLE_CIB_FORMAT,
                version.adminEpoch(),
                version.epoch(),
                version.numUpdates(),
                writtenBy,
                dcEpoch,
                -1,
                List.of());
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

    /** One node's status part. */
    byte[] encodeStatus(String xml) {
        return gzip(xml.getBytes(UTF_8));
    }

    String decodeStatus(byte[] data) {
        return new String(isGzip(data) ? gunzip(data) : data, UTF_8);
    }

    /** The cib znode; also reads an uncompressed one (a CIB put there by hand) and format 1. */
    CibHead decodeCibHead(byte[] data) {
        String text = new String(isGzip(data) ? gunzip(data) : data, UTF_8);
        int endOfHeader = text.indexOf('\n');
        if (endOfHeader < 0) {
            throw new IllegalArgumentException("the cib znode has no header line");
        }
        CibHeader header = read(text.substring(0, endOfHeader).getBytes(UTF_8), CibHeader.class);
        if (header.format() != CIB_FORMAT && header.format() != WHOLE_CIB_FORMAT) {
            throw new IllegalArgumentException(
                    "the cib znode is in format " + header.format() + ", this node reads formats " + WHOLE_CIB_FORMAT
                            + " and " + CIB_FORMAT + " (was it written by a newer hapc?)");
        }
        CibVersion version = new CibVersion(header.adminEpoch(), header.epoch(), header.numUpdates());
        boolean parts = header.format() == CIB_FORMAT;
        return new CibHead(
                version,
                header.writtenBy(),
                header.dcEpoch(),
                text.substring(endOfHeader + 1),
                parts ? header.statusAt() : -1,
                parts ? header.status() : List.of());
    }

    /** A CIB stored whole (format 1, or format 2 without status parts) at `revision`. */
    StoredCib decodeCib(byte[] data, long revision) {
        CibHead head = decodeCibHead(data);
        if (!head.status().isEmpty()) {
            throw new IllegalArgumentException(
                    "the cib znode refers to " + head.status().size() + " status znodes");
        }
        return new StoredCib(head.withoutStatus(), head.version(), revision, head.writtenBy(), head.dcEpoch());
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(plain.length / 8 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static boolean isGzip(byte[] data) {
        return data.length >= 2
                && (data[0] & 0xff) == GZIP_MAGIC_FIRST_BYTE
                && (data[1] & 0xff) == GZIP_MAGIC_SECOND_BYTE;
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("not valid gzip", e);
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
