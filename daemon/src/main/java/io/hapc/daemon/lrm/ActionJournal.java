package io.hapc.daemon.lrm;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * One line per agent action this node ran, appended when it ends:
 * `BEGIN_MICROS END_MICROS NODE RESOURCE ACTION INTERVAL_MS RC`. Times are wall-clock microseconds,
 * so the journals of several nodes on one machine can be merged to see the order actions really ran.
 * Private to the owner (0600), like every file hapcd writes.
 */
public final class ActionJournal {
    private final Path file;
    private final String node;
    private final Clock clock;

    public ActionJournal(Path file, String node, Clock clock) {
        this.file = file;
        this.node = node;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public synchronized void record(
            Instant begin, Instant end, String resource, String action, long intervalMs, int rc) {
        String line = micros(begin) + " " + micros(end) + " " + node + " " + resource + " " + action + " " + intervalMs
                + " " + rc + "\n";
        try {
            PrivateFiles.directory(file.getParent());
            PrivateFiles.append(file, line);
        } catch (IOException e) {
            // the journal is an observer's aid; losing a line must not stop the action
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
