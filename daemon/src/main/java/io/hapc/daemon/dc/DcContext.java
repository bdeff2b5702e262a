package io.hapc.daemon.dc;

import io.hapc.admin.CibEdit;
import io.hapc.admin.CibEditor;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.model.cib.Cib;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** What the DC needs from its daemon: the brain thread's timers, messages, the store, fencing, edits. */
public interface DcContext {
    String localNode();

    Clock clock();

    void send(String node, DaemonMessage message);

    /** Runs `task` on the brain thread after `delay`. */
    void schedule(Duration delay, Runnable task);

    StoredCib writeCib(String xml, Cib cib, long expectedRevision, long dcEpoch) throws TransportException;

    /** Fences `node` with the devices configured in `cib`; completes off the brain thread. */
    CompletableFuture<FenceResult> fence(Cib cib, String node, String action);

    /** As {@link #fence(Cib, String, String)}, after waiting `delay` (the engine's priority-fencing-delay). */
    default CompletableFuture<FenceResult> fence(Cib cib, String node, String action, java.time.Duration delay) {
        return fence(cib, node, action);
    }

    /** Applies one admin edit to the CIB, validated; throws with the reason when refused. */
    CibEditor.EditOutcome applyEdit(Cib current, CibEdit edit) throws EditRefused;

    /** The DC resigned or the cluster lost it (stale epoch): the daemon drops its DC role. */
    void stepDown(String why);

    /** This node was granted its own clean shutdown. */
    void leave();

    /** What the DC does, to its subscribers: the log, and the daemon's observer (metrics). */
    default void publish(DcEvent event) {
        event.deliverTo(DcEventLog.LOG);
    }

    final class EditRefused extends Exception {
        private final int exitCode;

        public EditRefused(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
