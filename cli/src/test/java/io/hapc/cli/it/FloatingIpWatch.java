package io.hapc.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a user of the floating IP sees, and what no host may do, all along an isolated sandbox's
 * life: from the client namespace a ping every 100 ms and an HTTP GET every 100 ms (both logged
 * with timestamps), and a sampler that asks every live host whether it holds the floating IP and
 * whether its apache answers. Two hosts holding the IP (or two apaches answering) in two
 * consecutive rounds is a split brain.
 */
final class FloatingIpWatch implements AutoCloseable {
    /** One probe result: when (epoch ms) and whether it got through. */
    record Sample(long atMs, boolean ok) {}

    /** A host as the sampler sees it: its namespace (absent when powered off) and address. */
    record Host(String name, String namespace, String address) {}

    private final String clientNs;
    private final String vip;
    private final Supplier<List<Host>> hosts;
    private final List<Sample> pings = new CopyOnWriteArrayList<>();
    private final List<Sample> gets = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean closed;
    private volatile int samplingRounds;

    FloatingIpWatch(String clientNs, String vip, Supplier<List<Host>> hosts) throws IOException {
        this.clientNs = clientNs;
        this.vip = vip;
        this.hosts = hosts;
        // -D timestamps every line, -O reports each unanswered ping when the next one goes out
        Process ping = new ProcessBuilder(
                        "ip", "netns", "exec", clientNs, "ping", "-D", "-O", "-n", "-i", "0.1", "-W", "1", vip)
                .redirectErrorStream(true)
                .start();
        processes.add(ping);
        reader("ping-reader", ping, line -> {
            // [1764748800.123456] 64 bytes from …: icmp_seq=12 … | [ts] no answer yet for icmp_seq=13
            if (!line.startsWith("[")) return;
            long at = (long) (Double.parseDouble(line.substring(1, line.indexOf(']'))) * 1000);
            if (line.contains("bytes from")) pings.add(new Sample(at, true));
            else if (line.contains("no answer yet")) pings.add(new Sample(at, false));
        });
        String loop = "while :; do t=$(date +%s%3N); c=$(curl -s -m 0.5 -o /dev/null -w '%{http_code}' http://" + vip
                + "/); echo \"$t $c\"; sleep 0.1; done";
        Process http = new ProcessBuilder("ip", "netns", "exec", clientNs, "sh", "-c", loop)
                .redirectErrorStream(true)
                .start();
        processes.add(http);
        reader("http-reader", http, line -> {
            String[] f = line.strip().split(" ");
            if (f.length == 2 && f[0].matches("\\d+")) gets.add(new Sample(Long.parseLong(f[0]), f[1].equals("200")));
        });
        sampler = new Thread(this::sampleForever, "split-brain-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void reader(String name, Process p, java.util.function.Consumer<String> onLine) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            try {
                                onLine.accept(line);
                            } catch (RuntimeException e) {
                                // a line of another shape (ping's header): not a sample
                            }
                        }
                    } catch (IOException e) {
                        // the probe ended
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    private void sampleForever() {
        while (!closed) {
            try {
                List<Host> live = hosts.get().stream()
                        .filter(h -> java.nio.file.Files.exists(java.nio.file.Path.of("/run/netns", h.namespace())))
                        .toList();
                // two rounds: a host counts only if it held the IP (or answered) in both, so an IP that moved
                // between two reads of one round is not mistaken for one held twice
                Map<String, boolean[]> seen = new java.util.TreeMap<>();
                for (int round = 0; round < 2; round++) {
                    for (Host h : live) {
                        boolean[] s = seen.computeIfAbsent(h.name(), k -> new boolean[4]);
                        s[round] = holdsVip(h);
                        s[2 + round] = apacheAnswers(h);
                    }
                }
                List<String> ip = seen.entrySet().stream()
                        .filter(e -> e.getValue()[0] && e.getValue()[1])
                        .map(Map.Entry::getKey)
                        .toList();
                List<String> web = seen.entrySet().stream()
                        .filter(e -> e.getValue()[2] && e.getValue()[3])
                        .map(Map.Entry::getKey)
                        .toList();
                if (ip.size() > 1) violations.add(java.time.Instant.now() + ": floating IP " + vip + " on " + ip);
                if (web.size() > 1) violations.add(java.time.Instant.now() + ": apache answering on " + web);
                samplingRounds++;
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a host powered off between listing and asking: next round
            }
        }
    }

    private boolean holdsVip(Host h) {
        return run(List.of("ip", "-n", h.namespace(), "-br", "addr", "show", "dev", "eth0"))
                .contains(" " + vip + "/");
    }

    private boolean apacheAnswers(Host h) {
        return run(List.of(
                        "ip",
                        "netns",
                        "exec",
                        clientNs,
                        "curl",
                        "-s",
                        "-m",
                        "0.4",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "http://" + h.address() + "/"))
                .strip()
                .equals("200");
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    int samplingRounds() {
        return samplingRounds;
    }

    /** Pings sent in [fromMs, toMs] that got no answer. */
    long lostPings(long fromMs, long toMs) {
        return pings.stream()
                .filter(s -> s.atMs() >= fromMs && s.atMs() <= toMs && !s.ok())
                .count();
    }

    long pingsSent(long fromMs, long toMs) {
        return pings.stream()
                .filter(s -> s.atMs() >= fromMs && s.atMs() <= toMs)
                .count();
    }

    /** The longest run of failed GETs in [fromMs, toMs], from the first failure to the next success, in ms. */
    long httpOutageMs(long fromMs, long toMs) {
        return outage(gets, fromMs, toMs);
    }

    /** The same for pings: from the first unanswered ping to the next answered one. */
    long pingOutageMs(long fromMs, long toMs) {
        return outage(pings, fromMs, toMs);
    }

    private static long outage(List<Sample> samples, long fromMs, long toMs) {
        long longest = 0;
        long failingSince = -1;
        for (Sample s : samples) {
            if (s.atMs() < fromMs || s.atMs() > toMs) continue;
            if (!s.ok() && failingSince < 0) failingSince = s.atMs();
            if (s.ok() && failingSince >= 0) {
                longest = Math.max(longest, s.atMs() - failingSince);
                failingSince = -1;
            }
        }
        if (failingSince >= 0) longest = Math.max(longest, toMs - failingSince);
        return longest;
    }

    /** The last `n` HTTP results, for a failure message. */
    String recentGets(int n) {
        List<Sample> all = new ArrayList<>(gets);
        return all.subList(Math.max(0, all.size() - n), all.size()).toString();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        sampler.interrupt();
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        sampler.join(5000);
    }
}
