package io.hapc.transport.heartbeat.cluster;

import io.hapc.transport.TransportException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one thread that holds the heartbeat transport's state and makes every listener call. */
final class TransportThread {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTransport.class);

    private final String local;
    private final String name;
    private final BooleanSupplier closed;
    private final ExecutorService thread;

    TransportThread(String local, BooleanSupplier closed) {
        this.local = local;
        this.name = "heartbeat-transport-" + local;
        this.closed = closed;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    boolean isCurrent() {
        return Thread.currentThread().getName().equals(name);
    }

    /** Runs `r` on the thread unless closed; what it throws is logged. */
    void run(Runnable r) {
        if (closed.getAsBoolean()) return;
        try {
            thread.execute(() -> {
                if (closed.getAsBoolean()) return;
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("heartbeat transport {}: an event could not be handled", local, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Queues `r` as it is; throws RejectedExecutionException when closing. */
    void execute(Runnable r) {
        thread.execute(r);
    }

    /** Runs `c` on the thread and waits for its outcome. */
    <T> T call(Callable<T> c) throws TransportException {
        try {
            return thread.submit(c).get();
        } catch (RejectedExecutionException e) {
            throw new TransportException("the heartbeat transport of " + local + " is closed");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException t) throw t;
            throw new TransportException("CIB write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted");
        }
    }

    /** No new task; waits up to 5 s for the running one, unless called from it. */
    void stop() {
        thread.shutdown();
        if (!isCurrent()) {
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
