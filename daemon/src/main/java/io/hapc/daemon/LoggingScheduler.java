package io.hapc.daemon;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scheduled executor that logs what its tasks throw. The JDK's keeps a task's exception in the
 * task's future, which the daemon's fire-and-forget tasks never read: a failing brain task would
 * vanish without a line in the log.
 */
public final class LoggingScheduler extends ScheduledThreadPoolExecutor {
    private static final Logger log = LoggerFactory.getLogger(LoggingScheduler.class);

    private final Consumer<Throwable> onFailure;

    /** `threads` daemon threads named `name`. */
    public LoggingScheduler(String name, int threads) {
        this(name, threads, failure -> log.error("a task on {} failed", name, failure));
    }

    /** … that hand what a task throws to `onFailure`. */
    LoggingScheduler(String name, int threads, Consumer<Throwable> onFailure) {
        super(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.onFailure = onFailure;
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        super.afterExecute(task, thrown);
        Throwable failure = thrown;
        // a periodic task is done only once it threw (or was cancelled): then it never runs again
        if (failure == null && task instanceof Future<?> f && f.isDone()) {
            try {
                f.get();
            } catch (CancellationException e) {
                return;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) onFailure.accept(failure);
    }
}
