package io.hapc.daemon;

import io.hapc.admin.CibEdit;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.dc.DcContext;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.model.cib.Cib;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the designated controller reaches outside itself, on a node daemon: messages, timers on the
 * brain, CIB writes through the transport, fencing on the workers, admin edits, and the DC's events
 * (to the log and the daemon's observer).
 */
final class NodeDcContext implements DcContext {
    private static final Logger log = LoggerFactory.getLogger(NodeDcContext.class);

    /** What the daemon does for its DC; called on the brain thread. */
    interface Daemon {
        void send(String node, DaemonMessage message);

        void later(Duration delay, Runnable task);

        /** The DC stored a CIB: it is the latest this node knows. */
        void stored(StoredCib stored, String xml);

        /** The DC gave up its role: the daemon drops it. */
        void steppedDown();

        void leave();
    }

    private final NodeDaemon.Parts parts;
    private final DaemonObserver observer;
    private final Daemon daemon;

    NodeDcContext(NodeDaemon.Parts parts, DaemonObserver observer, Daemon daemon) {
        this.parts = parts;
        this.observer = observer;
        this.daemon = daemon;
    }

    @Override
    public String localNode() {
        return parts.node();
    }

    @Override
    public Clock clock() {
        return parts.clock();
    }

    @Override
    public void send(String node, DaemonMessage message) {
        daemon.send(node, message);
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        daemon.later(delay, task);
    }

    @Override
    public StoredCib writeCib(String xml, Cib cib, long expectedRevision, long dcEpoch) throws TransportException {
        StoredCib stored = parts.transport().writeCib(xml, cib.version(), expectedRevision, dcEpoch);
        daemon.stored(stored, xml);
        return stored;
    }

    @Override
    public CompletableFuture<FenceResult> fence(Cib cib, String node, String action) {
        return fence(cib, node, action, Duration.ZERO);
    }

    @Override
    public CompletableFuture<FenceResult> fence(Cib cib, String node, String action, Duration delay) {
        return CompletableFuture.supplyAsync(
                () -> {
                    if (!delay.isZero()) {
                        try {
                            Thread.sleep(delay.toMillis());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return new FenceResult(node, action, false, "", List.of());
                        }
                    }
                    return parts.fencer().fence(cib, node, action);
                },
                parts.workers());
    }

    @Override
    public io.hapc.admin.CibEditor.EditOutcome applyEdit(Cib current, CibEdit edit) throws EditRefused {
        return parts.edits().apply(current, edit);
    }

    @Override
    public void stepDown(String why) {
        log.error("stepping down as DC: {}", why);
        daemon.steppedDown();
    }

    @Override
    public void leave() {
        daemon.leave();
    }

    @Override
    public void publish(io.hapc.daemon.dc.DcEvent event) {
        event.deliverTo(io.hapc.daemon.dc.DcEventLog.LOG);
        event.deliverTo(observer);
    }
}
