package io.hapc.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoggingSchedulerTest {
    @Test
    void whatATaskThrowsIsReportedWhetherExecutedScheduledOrPeriodic() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        LoggingScheduler s = new LoggingScheduler("test", 1, t -> {
            failures.add(t);
            three.countDown();
        });
        try {
            s.execute(() -> {
                throw new IllegalStateException("executed");
            });
            s.schedule(
                    () -> {
                        throw new IllegalArgumentException("scheduled");
                    },
                    1,
                    TimeUnit.MILLISECONDS);
            s.scheduleWithFixedDelay(
                    () -> {
                        throw new UnsupportedOperationException("periodic");
                    },
                    1,
                    1,
                    TimeUnit.MILLISECONDS);
            assertTrue(three.await(10, TimeUnit.SECONDS), "reported: " + failures);
            assertEquals(
                    java.util.Set.of("executed", "scheduled", "periodic"),
                    failures.stream().map(Throwable::getMessage).collect(java.util.stream.Collectors.toSet()));
        } finally {
            s.shutdownNow();
        }
    }

    @Test
    void aTaskThatSucceedsOrIsCancelledReportsNothing() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        LoggingScheduler s = new LoggingScheduler("test", 1, failures::add);
        try {
            s.submit(() -> 42).get();
            var cancelled = s.schedule(
                    () -> {
                        throw new IllegalStateException("never runs");
                    },
                    1,
                    TimeUnit.HOURS);
            cancelled.cancel(false);
            s.submit(() -> {}).get(); // a later task ran after both
            assertEquals(List.of(), failures);
        } finally {
            s.shutdownNow();
        }
    }
}
