package io.hapc.daemon.remote;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin audit log (`audit.log` in the log directory, 0600): one line per admin change and per
 * authentication, accepted or refused — when, the outcome, who, from where, what, and why a
 * refusal. Values of the change (resource parameters may hold passwords) are not written, only
 * what kind of change and to what. Reads are not logged.
 *
 * <pre>2026-12-03T09:58:01.123Z accepted user=root from=local what="edit resource-create id=Web"</pre>
 */
public final class AuditLog {
    public static final String FILE = "audit.log";
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final Clock clock;

    public AuditLog(Path logDir, Clock clock) throws IOException {
        this.file = logDir.resolve(FILE);
        this.clock = clock;
        PrivateFiles.appendable(file);
    }

    public Path file() {
        return file;
    }

    public void accepted(Caller who, String what) {
        write("accepted", who, what, null);
    }

    public void refused(Caller who, String what, String why) {
        write("refused", who, what, why);
    }

    private synchronized void write(String outcome, Caller who, String what, String why) {
        StringBuilder b = new StringBuilder()
                .append(clock.instant())
                .append(' ')
                .append(outcome)
                .append(" user=")
                .append(quote(who.user()))
                .append(" from=")
                .append(quote(who.from()));
        who.tokenId().ifPresent(t -> b.append(" token=").append(t));
        b.append(" what=").append(quote(what));
        if (why != null) b.append(" why=").append(quote(why));
        try {
            PrivateFiles.append(file, b.append('\n').toString());
        } catch (IOException e) {
            // The change itself is not undone for a full disk; the daemon's log says the audit lost it.
            log.error(
                    "audit log {}: could not append {}: {}", file, b.toString().strip(), e.toString());
        }
    }

    /** Bare when plain, else in double quotes with `"` and `\` escaped and line breaks as \n. */
    static String quote(String s) {
        if (s == null) return "-";
        if (s.matches("[A-Za-z0-9_.:@/\\[\\]%-]+")) return s;
        return '"'
                + s.replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\r", "\\r")
                + '"';
    }
}
