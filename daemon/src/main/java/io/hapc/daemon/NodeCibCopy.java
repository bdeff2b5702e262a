package io.hapc.daemon;

import io.hapc.model.cib.Cib;
import io.hapc.transport.StoredCib;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This node's copy of the CIB the cluster stored: the latest it heard of, persisted to its CIB file. */
final class NodeCibCopy {
    private static final Logger log = LoggerFactory.getLogger(NodeCibCopy.class);

    private final CibFile cibFile;
    /** Written on the brain, read from any thread. */
    private volatile Optional<StoredCib> latest = Optional.empty();

    NodeCibCopy(CibFile cibFile) {
        this.cibFile = cibFile;
    }

    Optional<StoredCib> latest() {
        return latest;
    }

    /** Brain thread: keeps and persists `cib` if it is newer than the one known; says whether it was. */
    boolean takeIfNewer(StoredCib cib) {
        if (latest.map(s -> s.version().compareTo(cib.version()) < 0).orElse(true)) {
            latest = Optional.of(cib);
            persist(cib.xml());
            return true;
        }
        return false;
    }

    /** Brain thread: this node, as DC, stored `xml`. */
    void stored(StoredCib stored, String xml) {
        latest = Optional.of(stored);
        persist(xml);
    }

    /** The last CIB the cluster stored, as this node heard of it (any thread: not the DC's own copy). */
    Optional<Cib> parsed() {
        try {
            Optional<String> xml = latest.map(StoredCib::xml).or(() -> {
                try {
                    return cibFile.read();
                } catch (IOException e) {
                    return Optional.empty();
                }
            });
            return xml.map(x -> TakeoverCib.parse(x, "the latest CIB"));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    private void persist(String xml) {
        try {
            cibFile.write(xml);
        } catch (IOException e) {
            log.error("cannot persist the CIB to {}: {}", cibFile.path(), e.toString());
        }
    }
}
