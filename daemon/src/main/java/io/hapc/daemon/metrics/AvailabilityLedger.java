package io.hapc.daemon.metrics;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per resource, when it went down and came back, kept in a small append-only file in the node's
 * state directory (`availability.log`: one line per change, `EPOCH_MS RESOURCE up|down|unwatched`).
 * Every node keeps its own, derived from the CIBs it receives (the DC's record of what runs
 * where), so the figures survive a DC change and a restart of the node (see docs/METRICS.md).
 * Not thread-safe: one thread records and asks.
 */
public final class AvailabilityLedger {
    /** The longest window asked for; older changes are dropped when the file is rewritten. */
    public static final Duration KEEP = Duration.ofDays(30);

    public static final List<Window> WINDOWS = List.of(
            new Window("1h", Duration.ofHours(1)),
            new Window("24h", Duration.ofHours(24)),
            new Window("30d", Duration.ofDays(30)));

    public record Window(String label, Duration length) {}

    /** What one resource was from `at` on. */
    public enum State {
        UP,
        DOWN,
        UNWATCHED
    }

    record Change(long atMs, State state) {}

    /** Downtime and availability of one resource over one window; ratio NaN when it was not watched in the window. */
    public record Figure(String window, double downtimeSeconds, double ratio) {}

    private final Optional<Path> file;
    private final Map<String, List<Change>> changes = new TreeMap<>();
    private int linesWritten;

    private AvailabilityLedger(Optional<Path> file) {
        this.file = file;
    }

    /** Without a file: for tests and for a node without a state directory. */
    public static AvailabilityLedger inMemory() {
        return new AvailabilityLedger(Optional.empty());
    }

    /** Reads what an earlier run of this node recorded; an unreadable line is skipped (the rest still counts). */
    public static AvailabilityLedger open(Path file, Instant now) throws IOException {
        AvailabilityLedger l = new AvailabilityLedger(Optional.of(file));
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.strip().split(" ");
                if (f.length != 3) continue;
                try {
                    l.changes
                            .computeIfAbsent(f[1], k -> new ArrayList<>())
                            .add(new Change(
                                    Long.parseLong(f[0]), State.valueOf(f[2].toUpperCase(java.util.Locale.ROOT))));
                } catch (IllegalArgumentException e) {
                    // a torn last line (the node died while writing): skipped
                }
            }
        }
        l.compact(now);
        return l;
    }

    /**
     * Records what each resource is now: `states` maps every resource that should run to up (true) or
     * down; a resource recorded before and not in `states` is no longer watched (disabled, deleted).
     * Watching begins when a resource is first up.
     */
    public void record(Instant now, Map<String, Boolean> states) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(changes.keySet());
        all.addAll(states.keySet());
        for (String rsc : all) {
            Boolean up = states.get(rsc);
            State s = up == null ? State.UNWATCHED : up ? State.UP : State.DOWN;
            List<Change> list = changes.computeIfAbsent(rsc, k -> new ArrayList<>());
            State last =
                    list.isEmpty() ? State.UNWATCHED : list.get(list.size() - 1).state();
            if (last == s) continue;
            // A resource is watched from the moment it first runs (after being created or enabled): the
            // wait for its first start is provisioning, not an outage.
            if (last == State.UNWATCHED && s == State.DOWN) continue;
            list.add(new Change(now.toEpochMilli(), s));
            lines.add(now.toEpochMilli() + " " + rsc + " " + s.name().toLowerCase(java.util.Locale.ROOT));
        }
        append(lines);
    }

    /** Resources watched at some time in the longest window. */
    public List<String> resources() {
        return changes.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Whether `resource` counts as down now. */
    public boolean downNow(String resource) {
        List<Change> list = changes.getOrDefault(resource, List.of());
        return !list.isEmpty() && list.get(list.size() - 1).state() == State.DOWN;
    }

    public Figure figure(String resource, Window w, Instant now) {
        long end = now.toEpochMilli();
        long start = end - w.length().toMillis();
        long down = 0;
        long watched = 0;
        List<Change> list = changes.getOrDefault(resource, List.of());
        for (int i = 0; i < list.size(); i++) {
            Change c = list.get(i);
            long from = Math.max(start, c.atMs());
            long to = Math.min(end, i + 1 < list.size() ? list.get(i + 1).atMs() : end);
            if (to <= from || c.state() == State.UNWATCHED) continue;
            watched += to - from;
            if (c.state() == State.DOWN) down += to - from;
        }
        double ratio = watched == 0 ? Double.NaN : 1.0 - (double) down / watched;
        return new Figure(w.label(), down / 1000.0, ratio);
    }

    /** Drops changes older than the longest window (keeping the one in force at its start) and rewrites the file. */
    public void compact(Instant now) {
        long cut = now.minus(KEEP).toEpochMilli();
        List<String> lines = new ArrayList<>();
        changes.values().removeIf(list -> {
            int firstKept = 0;
            for (int i = 0; i < list.size(); i++) if (list.get(i).atMs() <= cut) firstKept = i;
            list.subList(0, firstKept).clear();
            return list.size() == 1 && list.get(0).state() == State.UNWATCHED;
        });
        changes.forEach((rsc, list) -> list.forEach(
                c -> lines.add(c.atMs() + " " + rsc + " " + c.state().name().toLowerCase(java.util.Locale.ROOT))));
        if (file.isEmpty()) return;
        try {
            // which resources run when is the cluster's business: owner only, as the CIB copy
            PrivateFiles.writeAtomically(
                    file.get(), lines.stream().map(x -> x + "\n").collect(java.util.stream.Collectors.joining()));
            linesWritten = lines.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file.get(), e);
        }
    }

    private void append(List<String> lines) {
        if (lines.isEmpty() || file.isEmpty()) return;
        try {
            PrivateFiles.append(
                    file.get(), lines.stream().map(x -> x + "\n").collect(java.util.stream.Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record availability in " + file.get(), e);
        }
        linesWritten += lines.size();
    }

    /** Lines in the file; the caller compacts when this grows far beyond what it holds. */
    int linesWritten() {
        return linesWritten;
    }
}
