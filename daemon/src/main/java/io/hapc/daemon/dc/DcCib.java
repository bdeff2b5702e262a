package io.hapc.daemon.dc;

import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.Node;
import io.hapc.model.xml.CibXmlWriter;
import io.hapc.transport.CibTooLargeException;
import io.hapc.transport.StaleWriteException;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DC's CIB: the configuration it holds, the status its {@link NodeTracker} keeps, the quorum its
 * partition has, and writing them to the cluster's store under the DC's epoch.
 */
final class DcCib {
    private static final Logger log = LoggerFactory.getLogger(DcCib.class);

    /** What storing an edit came to. */
    sealed interface Stored {
        record Yes() implements Stored {}

        /** Not stored; the cluster is as it was. {@code exitCode}/{@code why} for the admin. */
        record No(int exitCode, String why) implements Stored {}
    }

    private final DcContext ctx;
    private final long epoch;
    private final NodeTracker nodes;
    private final DcLoop loop;
    private Cib config;
    private long revision;
    private boolean dirty;
    private boolean quorate = true;
    private AgentCalls calls;
    private Cib callsFor;

    DcCib(DcContext ctx, long epoch, Cib start, long revision, NodeTracker nodes, DcLoop loop) {
        this.ctx = ctx;
        this.epoch = epoch;
        this.config = start;
        this.revision = revision;
        this.nodes = nodes;
        this.loop = loop;
    }

    Cib config() {
        return config;
    }

    /** The newest CIB this DC has: configuration plus the status it keeps. */
    Cib current() {
        return config.withStatus(nodes.status(config.nodes(), ctx.clock().instant()))
                .withQuorum(quorate);
    }

    boolean quorate() {
        return quorate;
    }

    /** The partition gained or lost quorum; true if that is news. */
    boolean quorumIs(boolean q) {
        if (q == quorate) return false;
        quorate = q;
        return true;
    }

    /** How to call each configured resource's agent, worked out once per configuration (not per action). */
    AgentCalls calls() {
        if (callsFor != config) {
            calls = new AgentCalls(config);
            callsFor = config;
        }
        return calls;
    }

    /** Something to store changed. */
    void dirty() {
        dirty = true;
    }

    /** Members not in the configuration yet become nodes of it (a new configuration epoch). */
    void ensureNodesConfigured(Set<String> names) {
        List<Node> configured = new ArrayList<>(config.nodes());
        boolean added = false;
        for (String n : names) {
            if (configured.stream().noneMatch(x -> x.uname().equals(n))) {
                configured.add(new Node(n, n, "member", List.of(), List.of()));
                added = true;
            }
        }
        if (added) {
            configured.sort(Comparator.comparing(Node::uname));
            config = config.withNodes(configured).withVersion(config.version().nextEpoch());
            loop.touch();
        }
    }

    /** Writes the CIB if something changed; false (after stepping down, or with a retry queued) if not stored. */
    private static final long SLOW_MS = 100;

    boolean flush() {
        if (!dirty || loop.resigned()) return !loop.resigned();
        CibVersion v = config.version().nextUpdate();
        config = config.withVersion(v).withDc(Optional.of(ctx.localNode()), true);
        Cib full = current();
        try {
            long began = System.nanoTime();
            StoredCib stored = ctx.writeCib(CibXmlWriter.write(full), full, revision, epoch);
            long tookMs = (System.nanoTime() - began) / 1_000_000;
            // Every decision waits for its store: a slow one is where a slow failover went.
            if (tookMs >= SLOW_MS) log.info("storing CIB {} took {} ms", v, tookMs);
            revision = stored.revision();
            dirty = false;
            return true;
        } catch (StaleWriteException e) {
            loop.stepDown("the store refused the DC's write: " + e.getMessage());
            return false;
        } catch (CibTooLargeException e) {
            // The status outgrew what the store holds: the DC goes on from memory (retrying at once would
            // not help); the next change tries again.
            log.error("could not store CIB {}: {}; the DC keeps it in memory", v, e.getMessage());
            return true;
        } catch (TransportException e) {
            log.warn("could not store CIB {}: {}; will retry", v, e.getMessage());
            ctx.schedule(Duration.ofMillis(500), loop::afterEvent);
            return false;
        }
    }

    /**
     * Writes the edited CIB, and only once it is stored makes it the DC's: a CIB the store refuses
     * (too large, link in doubt) leaves the DC as it was, so it never shows or later applies a change
     * it reported as failed. Not retried: the admin hears why and decides. {@code adopt} runs once
     * stored, to take the edit's status into the node tracker.
     */
    Stored storeThenAdopt(Cib edited, Runnable adopt) {
        if (loop.resigned())
            return new Stored.No(5, ctx.localNode() + " is no longer DC; nothing was changed; try again");
        CibVersion v = edited.version().nextUpdate();
        Cib candidate =
                edited.withVersion(v).withDc(Optional.of(ctx.localNode()), true).withQuorum(quorate);
        String xml = CibXmlWriter.write(candidate);
        try {
            revision = ctx.writeCib(xml, candidate, revision, epoch).revision();
        } catch (CibTooLargeException e) {
            log.warn("edit refused: {}", e.getMessage());
            return new Stored.No(
                    3,
                    "the edit was refused: with it " + e.getMessage()
                            + ". The cluster is unchanged; make the configuration smaller (fewer or shorter resources, parameters, "
                            + "constraints or rule files)");
        } catch (StaleWriteException e) {
            loop.stepDown("the store refused the DC's write: " + e.getMessage());
            return new Stored.No(
                    5,
                    "the edit could not be stored: " + ctx.localNode()
                            + " is no longer DC; nothing was changed; try again");
        } catch (TransportException e) {
            log.warn("edit not stored: {}", e.getMessage());
            return new Stored.No(
                    5, "the edit could not be stored now (" + e.getMessage() + "); nothing was changed; try again");
        }
        config = edited;
        adopt.run();
        loop.touch();
        config = config.withVersion(v).withDc(Optional.of(ctx.localNode()), true);
        // What was written is what the DC now holds, unless adopting it changed the status it keeps.
        dirty = !CibXmlWriter.write(current()).equals(xml);
        return new Stored.Yes();
    }
}
