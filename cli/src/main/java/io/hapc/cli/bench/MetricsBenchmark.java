package io.hapc.cli.bench;

import io.hapc.daemon.metrics.AvailabilityLedger;
import io.hapc.daemon.metrics.ClusterMetrics;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the metrics cost one node: the heap the registry holds for a CIB (every series of every
 * resource × node), and the CPU one scrape takes (so the share of one core a scrape each second
 * costs). Prints one line per figure.
 *
 * usage: MetricsBenchmark CIB.xml [SCRAPES]
 */
public final class MetricsBenchmark {
    private MetricsBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: MetricsBenchmark CIB.xml [SCRAPES]");
            System.exit(2);
        }
        String xml = Files.readString(Path.of(args[0]));
        int scrapes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        long before = usedHeapAfterGc();
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        ClusterMetrics m =
                new ClusterMetrics("node1", "zookeeper", Clock.systemUTC(), AvailabilityLedger.inMemory(), thread);
        m.connectionChanged(ConnectionState.CONNECTED);
        m.leadershipChanged(Optional.of(new Leadership("node1", 1)));
        long readStart = System.nanoTime();
        m.cibChanged(xml);
        thread.submit(() -> {}).get(10, TimeUnit.MINUTES);
        long readMs = (System.nanoTime() - readStart) / 1_000_000;
        String text = m.scrape();
        long after = usedHeapAfterGc();
        long series =
                text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20; i++) m.scrape(); // warm up
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        for (int i = 0; i < scrapes; i++) m.scrape();
        double cpuMs = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e6 / scrapes;
        double wallMs = (System.nanoTime() - wallStart) / 1e6 / scrapes;
        System.out.printf("series %d, scrape %d bytes%n", series, text.length());
        System.out.printf("CIB read into the metrics: %d ms%n", readMs);
        System.out.printf("heap held by the metrics: %.1f MiB%n", (after - before) / 1024.0 / 1024.0);
        System.out.printf(
                "one scrape: %.2f ms CPU (%.2f ms wall) -> a scrape each second: %.2f%% of one core%n",
                cpuMs, wallMs, cpuMs / 10.0);
        thread.shutdownNow();
        m.close();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
