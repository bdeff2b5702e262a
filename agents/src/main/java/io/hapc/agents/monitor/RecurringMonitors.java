package io.hapc.agents.monitor;

import io.hapc.agents.ActionRequest;
import io.hapc.agents.ActionResult;
import io.hapc.agents.ResourceAgentExecutor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs each resource's recurring monitor at its interval and tells the listener only about
 * changes (the rc differs from the last one) and failures — not every successful repeat.
 * The scheduler is injected so tests and the daemon decide the threads.
 */
public final class RecurringMonitors implements AutoCloseable {
    /** Receives a result when a monitor's outcome changed or failed. */
    public interface Listener {
        void onResult(ActionRequest monitor, ActionResult result, boolean changed);
    }

    private final ResourceAgentExecutor executor;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastRc = new ConcurrentHashMap<>();

    public RecurringMonitors(ResourceAgentExecutor executor, ScheduledExecutorService scheduler, Listener listener) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.listener = listener;
    }

    private static String key(ActionRequest m) {
        return m.resourceId() + "_" + m.action() + "_" + m.intervalMs();
    }

    /** Starts (or replaces) a recurring monitor; intervalMs must be > 0. */
    public void start(ActionRequest monitor, int expectedRc) {
        if (monitor.intervalMs() <= 0)
            throw new IllegalArgumentException("a recurring monitor needs an interval > 0: " + monitor);
        stop(monitor.resourceId(), monitor.intervalMs());
        String key = key(monitor);
        lastRc.put(key, expectedRc);
        running.put(
                key,
                scheduler.scheduleWithFixedDelay(
                        () -> runOnce(monitor), monitor.intervalMs(), monitor.intervalMs(), TimeUnit.MILLISECONDS));
    }

    void runOnce(ActionRequest monitor) {
        String key = key(monitor);
        ActionResult r = executor.execute(monitor);
        Integer before = lastRc.put(key, r.rc());
        boolean changed = before == null || before != r.rc();
        if (changed || !r.success()) listener.onResult(monitor, r, changed);
    }

    public void stop(String resourceId, long intervalMs) {
        running.entrySet().removeIf(e -> {
            boolean match =
                    e.getKey().startsWith(resourceId + "_") && e.getKey().endsWith("_" + intervalMs);
            if (match) e.getValue().cancel(false);
            return match;
        });
    }

    public int active() {
        return running.size();
    }

    @Override
    public void close() {
        running.values().forEach(f -> f.cancel(false));
        running.clear();
    }
}
