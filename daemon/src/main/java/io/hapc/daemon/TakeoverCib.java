package io.hapc.daemon;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.NvSet;
import io.hapc.model.cib.Status;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.transport.ClusterTransport;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CIB a node starts from when it becomes DC: the cluster store's, or this node's local copy when
 * that is newer (the CIB survives a whole cluster's restart), or a new empty one; named after the
 * cluster unless an admin named it.
 */
final class TakeoverCib {
    private static final Logger log = LoggerFactory.getLogger(TakeoverCib.class);

    /** The CIB to start from and the store's revision it replaces (-1: nothing stored yet). */
    record Start(Cib cib, long revision) {}

    private TakeoverCib() {}

    /** Empty if the CIB could not be read now (logged): the caller tries again later. */
    static Optional<Start> read(ClusterTransport transport, CibFile cibFile, String node, String clusterName) {
        Cib start;
        long revision;
        long began = System.nanoTime();
        try {
            Optional<StoredCib> stored = transport.readCib();
            Optional<String> local = cibFile.read();
            Cib fromStore = stored.map(s -> parse(s.xml(), "the cluster store")).orElse(null);
            // The local copy is most often the store's own (persisted as it came): parsed once then.
            Cib fromDisk = local.map(
                            x -> fromStore != null && x.equals(stored.get().xml())
                                    ? fromStore
                                    : parse(x, cibFile.path().toString()))
                    .orElse(null);
            revision = stored.map(StoredCib::revision).orElse(-1L);
            if (fromStore != null && (fromDisk == null || fromStore.version().compareTo(fromDisk.version()) >= 0)) {
                start = fromStore;
            } else if (fromDisk != null) {
                log.info("the local CIB {} is newer than the store's: it becomes the cluster's", fromDisk.version());
                start = fromDisk;
                if (fromStore != null) start = start.withVersion(max(fromStore.version(), fromDisk.version()));
            } else {
                start = initialCib(node);
            }
        } catch (TransportException | IOException | IllegalStateException e) {
            log.error("cannot read the CIB to become DC: {}", e.toString());
            return Optional.empty();
        }
        long readMs = (System.nanoTime() - began) / 1_000_000;
        if (readMs >= 100) log.info("reading the CIB to become DC took {} ms", readMs);
        return Optional.of(new Start(withClusterName(start, clusterName), revision));
    }

    /** Pacemaker takes `cluster-name` from corosync; hapc from hapcd's settings, unless an admin set it. */
    private static Cib withClusterName(Cib c, String name) {
        if (c.property("cluster-name").isPresent()) return c;
        List<NvSet> sets = new java.util.ArrayList<>(c.propertySets());
        if (sets.isEmpty()) {
            sets.add(NvSet.of("cib-bootstrap-options", Map.of("cluster-name", name)));
        } else {
            NvSet first = sets.get(0);
            Map<String, String> values = new java.util.LinkedHashMap<>(first.values());
            values.put("cluster-name", name);
            sets.set(0, new NvSet(first.id(), values, first.rule(), first.score()));
        }
        return c.withPropertySets(sets).withVersion(c.version().nextEpoch());
    }

    private static CibVersion max(CibVersion a, CibVersion b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Cib initialCib(String node) {
        return new Cib(
                new CibVersion(0, 1, 0),
                Optional.of("pacemaker-3.9"),
                true,
                Optional.of(node),
                Optional.empty(),
                List.of(NvSet.of("cib-bootstrap-options", Map.of("cluster-infrastructure", "hapc"))),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Status.empty());
    }

    static Cib parse(String xml, String source) {
        try {
            return CibXmlReader.read(xml, source);
        } catch (CibFormatException e) {
            throw new IllegalStateException("unreadable CIB in " + source + ": " + e.getMessage(), e);
        }
    }
}
