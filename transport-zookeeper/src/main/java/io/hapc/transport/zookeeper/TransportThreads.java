package io.hapc.transport.zookeeper;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport's three single threads, so no locks: the <em>event</em> thread owns the view and
 * makes every listener callback; the <em>store</em> thread does the blocking ZooKeeper calls behind
 * watches; the <em>outbox</em> thread writes sent messages. A task given after close is dropped.
 */
final class TransportThreads {
    private static final Logger log = LoggerFactory.getLogger(TransportThreads.class);

    private final String localNode;
    private final ExecutorService events;
    private final ExecutorService store;
    private final ExecutorService outbox;
    private final AtomicReference<Thread> eventThread = new AtomicReference<>();

    TransportThreads(String localNode) {
        this.localNode = localNode;
        this.events = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = daemonThread(runnable, "events");
            eventThread.set(thread);
            return thread;
        });
        this.store = Executors.newSingleThreadExecutor(runnable -> daemonThread(runnable, "store"));
        this.outbox = Executors.newSingleThreadExecutor(runnable -> daemonThread(runnable, "outbox"));
    }

    void onEvents(Runnable task) {
        submit(events, task);
    }

    void onStore(Runnable task) {
        submit(store, task);
    }

    /** Queues a message write; false if the outbox no longer takes any (closing). */
    boolean onOutbox(Runnable task) {
        try {
            outbox.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Lets the first reads reach the view, so that the getters answer with the cluster once start() returns. */
    void awaitFirstViews(Duration patience) throws InterruptedException {
        try {
            store.submit(() -> {}).get(patience.toMillis(), TimeUnit.MILLISECONDS);
            events.submit(() -> {}).get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("{}: first reads of the cluster are slow; the views will follow", localNode);
        }
    }

    /** Lets the messages already sent leave (a node's last words are often a reply), within `patience`. */
    void drainOutbox(Duration patience) {
        shutdownAndWait(outbox, patience, false);
    }

    /** Interrupts the store thread's work and waits for it to end, within `patience`. */
    void stopStore(Duration patience) {
        shutdownAndWait(store, patience, true);
    }

    /** A transport closed before it started: nothing to wait for. */
    void stopOutboxAndStoreNow() {
        outbox.shutdownNow();
        store.shutdownNow();
    }

    /** Waits for a callback running, unless the caller is that callback. */
    void stopEvents(Duration patience) {
        shutdownAndWait(events, patience, false);
    }

    private void submit(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            log.debug("{}: closing; a task was dropped", localNode);
        }
    }

    private void shutdownAndWait(ExecutorService executor, Duration patience, boolean interrupt) {
        if (interrupt) {
            executor.shutdownNow();
        } else {
            executor.shutdown();
        }
        if (eventThread.get() == Thread.currentThread() && executor == events) {
            return;
        }
        try {
            if (!executor.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private Thread daemonThread(Runnable runnable, String role) {
        Thread thread = new Thread(runnable, "hapc-zk-" + role + "-" + localNode);
        thread.setDaemon(true);
        return thread;
    }
}
