package io.hapc.transport.heartbeat.cluster;

import io.hapc.transport.TransportException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The DC's CIB writes waiting for the peer's acknowledgement, by revision; an ack covers every earlier one. */
final class PendingAcks {
    private final TreeMap<Long, CompletableFuture<Void>> awaitingAck = new TreeMap<>();

    synchronized void add(long revision, CompletableFuture<Void> acked) {
        awaitingAck.put(revision, acked);
    }

    synchronized void ackedUpTo(long revision) {
        Iterator<Map.Entry<Long, CompletableFuture<Void>>> it =
                awaitingAck.headMap(revision, true).entrySet().iterator();
        while (it.hasNext()) {
            it.next().getValue().complete(null);
            it.remove();
        }
    }

    /** The peer is no longer joined: writes waiting for it are done (it is declared dead, or restarted without them). */
    synchronized void allDone() {
        awaitingAck.values().forEach(f -> f.complete(null));
        awaitingAck.clear();
    }

    synchronized void failAll(Exception why) {
        awaitingAck.values().forEach(f -> f.completeExceptionally(why));
    }

    /** Waits up to `timeout` for the peer to take the write of `revision`; a failure says the write is stored here only. */
    static void awaitAck(CompletableFuture<Void> acked, long revision, String peerName, Duration timeout)
            throws TransportException {
        try {
            acked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TransportException("the CIB revision " + revision + " is stored here, but "
                    + peerName + " did not acknowledge it within "
                    + timeout.toMillis() + " ms (outcome unknown: re-read the CIB)");
        } catch (ExecutionException e) {
            throw new TransportException(
                    "the CIB revision " + revision + " is stored here, but " + peerName + " did not take it: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted waiting for " + peerName + " to acknowledge the CIB");
        }
    }
}
