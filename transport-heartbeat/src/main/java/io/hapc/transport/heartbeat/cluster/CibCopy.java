package io.hapc.transport.heartbeat.cluster;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.StoredCib;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of the CIB, kept on disk beside its lineage: the fingerprints of every CIB this copy
 * went through, oldest first (at most {@link #MAX_LINEAGE}). Two copies are compared by lineage, not by
 * version alone: if the peer's current fingerprint is in this lineage, this copy holds everything the
 * peer's does and more; if neither copy's fingerprint is in the other's lineage, both changed while
 * apart, and no order of versions makes one contain the other's changes.
 *
 * <p>Not thread-safe: the transport touches it from its own thread only.
 */
final class CibCopy {
    static final int MAX_LINEAGE = 4096;
    /** The fingerprint of "no CIB yet": in every lineage, as any CIB descends from nothing. */
    static final long NONE = 0;

    static final String XML_FILE = "heartbeat-cib.xml";
    static final String META_FILE = "heartbeat-cib.properties";

    /** Deletes the copy kept in `dir` (its node stopped); whether there was one. */
    static boolean discard(Path dir) throws IOException {
        boolean had = Files.deleteIfExists(dir.resolve(META_FILE));
        return Files.deleteIfExists(dir.resolve(XML_FILE)) || had;
    }

    private final Path dir;
    private Optional<StoredCib> current = Optional.empty();
    private final List<Long> lineage = new ArrayList<>();
    /**
     * The configuration fingerprint of the last copy this node knows its peer held too (taken from it, acknowledged
     * by it, or the same on both at a join); NONE if none yet. Kept on disk: a node fenced and rebooted must still
     * know whether it changed the configuration while apart.
     */
    private long sharedConfig = NONE;

    private CibCopy(Path dir) {
        this.dir = dir;
    }

    /** Reads the copy a previous life of this node left in `dir`, if any. */
    static CibCopy load(Path dir) throws IOException {
        CibCopy copy = new CibCopy(dir);
        Path meta = dir.resolve(META_FILE);
        Path xml = dir.resolve(XML_FILE);
        if (!Files.exists(meta) || !Files.exists(xml)) return copy;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            CibVersion v = new CibVersion(
                    Long.parseLong(p.getProperty("admin_epoch")),
                    Long.parseLong(p.getProperty("epoch")),
                    Long.parseLong(p.getProperty("num_updates")));
            StoredCib cib = new StoredCib(
                    Files.readString(xml, StandardCharsets.UTF_8),
                    v,
                    Long.parseLong(p.getProperty("revision")),
                    p.getProperty("written_by"),
                    Long.parseLong(p.getProperty("dc_epoch")));
            copy.current = Optional.of(cib);
            for (String h : p.getProperty("lineage", "").split(",")) {
                if (!h.isBlank()) copy.lineage.add(Long.parseUnsignedLong(h.strip(), 16));
            }
            copy.sharedConfig = Long.parseUnsignedLong(p.getProperty("shared_config", "0"), 16);
            long fp = fingerprint(cib);
            if (copy.lineage.isEmpty() || copy.lineage.get(copy.lineage.size() - 1) != fp) copy.lineage.add(fp);
        } catch (RuntimeException e) {
            throw new IOException(
                    meta + " is damaged (" + e + "): it is this node's copy of the CIB for the heartbeat transport; "
                            + "if the peer has the CIB to keep, remove " + meta + " and " + xml + " and start again",
                    e);
        }
        return copy;
    }

    Optional<StoredCib> current() {
        return current;
    }

    long revision() {
        return current.map(StoredCib::revision).orElse(-1L);
    }

    long fingerprint() {
        return current.map(CibCopy::fingerprint).orElse(NONE);
    }

    /** Whether the CIB of fingerprint `fp` is this copy's current one or one it went through. */
    boolean descendsFrom(long fp) {
        return fp == NONE || lineage.contains(fp);
    }

    /**
     * Whether this copy's configuration is still the one last known to be on the peer too: while apart, this
     * node wrote status only (or nothing).
     */
    boolean configUnchangedSinceShared() {
        return current.isPresent() && configFingerprint() == sharedConfig;
    }

    /**
     * The peer holds this copy too (it pushed it, acknowledged it, or announced the same): remembered on disk. A
     * disk error is logged, not thrown: the copy stays as it was, only this note is missing (a later join may then
     * need the operator where it would not have).
     */
    void markShared() {
        long config = configFingerprint();
        if (current.isEmpty() || config == sharedConfig) return;
        sharedConfig = config;
        try {
            writeMeta(current.get());
        } catch (IOException e) {
            LoggerFactory.getLogger(HeartbeatTransport.class)
                    .warn(
                            "cannot note on disk that the peer holds CIB {} too: {}",
                            current.get().version(),
                            e.toString());
        }
    }

    /** Stores `cib` as the current copy (on disk before it counts). */
    void store(StoredCib cib) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(XML_FILE), cib.xml());
        lineage.add(fingerprint(cib));
        while (lineage.size() > MAX_LINEAGE) lineage.remove(0);
        writeMeta(cib);
        current = Optional.of(cib);
    }

    private void writeMeta(StoredCib cib) throws IOException {
        Properties p = new Properties();
        p.setProperty("admin_epoch", Long.toString(cib.version().adminEpoch()));
        p.setProperty("epoch", Long.toString(cib.version().epoch()));
        p.setProperty("num_updates", Long.toString(cib.version().numUpdates()));
        p.setProperty("revision", Long.toString(cib.revision()));
        p.setProperty("written_by", cib.writtenBy());
        p.setProperty("dc_epoch", Long.toString(cib.dcEpoch()));
        StringBuilder l = new StringBuilder();
        for (long h : lineage) l.append(l.length() == 0 ? "" : ",").append(Long.toHexString(h));
        p.setProperty("lineage", l.toString());
        p.setProperty("shared_config", Long.toHexString(sharedConfig));
        StringBuilder text = new StringBuilder();
        try (Writer w = new java.io.StringWriter()) {
            p.store(w, "this node's copy of the CIB (heartbeat transport); the XML is in " + XML_FILE);
            text.append(w);
        }
        writeAtomically(dir.resolve(META_FILE), text.toString());
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // The CIB holds fencing passwords: owner only, from the first byte.
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** 64 bits of SHA-256 over what identifies a CIB: its version, revision, writer, epoch and XML; never {@link #NONE}. */
    /** The fingerprint of the configuration alone (admin_epoch, epoch and the configuration element): NONE without a CIB. */
    long configFingerprint() {
        return current.map(CibCopy::configFingerprint).orElse(NONE);
    }

    static long configFingerprint(StoredCib cib) {
        String xml = cib.xml();
        int from = xml.indexOf("<configuration");
        int to = xml.indexOf("</configuration>");
        // no configuration element to single out: the whole CIB stands for it (never equal unless the CIBs are)
        String config = from >= 0 && to > from ? xml.substring(from, to) : xml;
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((cib.version().adminEpoch() + "." + cib.version().epoch() + "|").getBytes(StandardCharsets.UTF_8));
            d.update(config.getBytes(StandardCharsets.UTF_8));
            long fp = java.nio.ByteBuffer.wrap(d.digest()).getLong();
            return fp == NONE ? 1 : fp;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static long fingerprint(StoredCib cib) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((cib.version() + "|" + cib.revision() + "|" + cib.writtenBy() + "|" + cib.dcEpoch() + "|")
                    .getBytes(StandardCharsets.UTF_8));
            d.update(cib.xml().getBytes(StandardCharsets.UTF_8));
            long fp = java.nio.ByteBuffer.wrap(d.digest()).getLong();
            return fp == NONE ? 1 : fp;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String hex(long fp) {
        return HexFormat.of().toHexDigits(fp);
    }
}
