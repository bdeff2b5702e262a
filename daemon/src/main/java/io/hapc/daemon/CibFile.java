package io.hapc.daemon;

import io.hapc.model.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own copy of the newest CIB it has seen, so an acknowledged change survives a restart
 * of every daemon and of the store: written to a temporary file, synced, then renamed over the old
 * one. Private (0600 in a 0700 directory): a CIB holds fencing devices' passwords.
 *
 * <p>Beside it, the CIB's history as Pacemaker keeps it (its cib-N.raw files, `pcs config
 * checkpoint`): each configuration version this node writes (a new admin_epoch:epoch; status-only
 * updates are not history) is also kept as `cib-N.raw`, numbered up from 1, without its status
 * section, the last {@link #HISTORY} of them. The CIB before any change is therefore a checkpoint
 * too, a restore's included.
 */
public final class CibFile {
    /** How many checkpoints are kept (the oldest goes first). */
    public static final int HISTORY = 100;

    private static final Logger log = LoggerFactory.getLogger(CibFile.class);
    private static final Pattern CHECKPOINT = Pattern.compile("cib-(\\d{1,9})\\.raw");
    private static final Pattern ROOT = Pattern.compile("<cib\\b[^>]*>");

    /** One kept configuration version: its number, when it was kept, and its CIB version. */
    public record Checkpoint(int number, Instant date, long adminEpoch, long epoch) {}

    private final Path file;
    private final int history;
    /** The newest checkpoint's number and version, once looked up (-1: not yet). */
    private int lastNumber = -1;

    private String lastVersion = "";

    public CibFile(Path stateDir) {
        this(stateDir, HISTORY);
    }

    CibFile(Path stateDir, int history) {
        this.file = stateDir.resolve("cib.xml");
        this.history = history;
    }

    public Path path() {
        return file;
    }

    public synchronized void write(String xml) throws IOException {
        PrivateFiles.directory(file.getParent());
        PrivateFiles.writeAtomically(file, xml);
        try {
            keep(xml);
        } catch (IOException | RuntimeException e) {
            // the CIB itself is safe; a lost checkpoint is only a gap in its history
            log.warn(
                    "could not keep a checkpoint of CIB {} in {}: {}",
                    version(xml).orElse("?"),
                    file.getParent(),
                    e.toString());
        }
    }

    public synchronized Optional<String> read() throws IOException {
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    /** The checkpoints kept, oldest first. */
    public synchronized List<Checkpoint> checkpoints() throws IOException {
        List<Checkpoint> out = new ArrayList<>();
        for (int n : numbers()) {
            Path p = checkpointFile(n);
            try {
                Matcher m = ROOT.matcher(head(p));
                String root = m.find() ? m.group() : "";
                out.add(new Checkpoint(
                        n,
                        Files.getLastModifiedTime(p).toInstant(),
                        attribute(root, "admin_epoch"),
                        attribute(root, "epoch")));
            } catch (java.nio.file.NoSuchFileException e) {
                // pruned meanwhile
            }
        }
        return out;
    }

    /** Checkpoint `number`'s CIB (configuration only), if it is kept. */
    public synchronized Optional<String> checkpoint(int number) throws IOException {
        Path p = checkpointFile(number);
        return number > 0 && Files.isRegularFile(p) ? Optional.of(Files.readString(p)) : Optional.empty();
    }

    private Path checkpointFile(int number) {
        return file.resolveSibling("cib-" + number + ".raw");
    }

    private void keep(String xml) throws IOException {
        Optional<String> version = version(xml);
        if (version.isEmpty()) return;
        if (lastNumber < 0) {
            List<Integer> numbers = numbers();
            lastNumber = numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
            lastVersion = lastNumber == 0
                    ? ""
                    : version(head(checkpointFile(lastNumber))).orElse("");
        }
        if (version.get().equals(lastVersion)) return;
        int next = lastNumber + 1;
        PrivateFiles.writeAtomically(checkpointFile(next), withoutStatus(xml));
        lastNumber = next;
        lastVersion = version.get();
        for (int n : numbers()) {
            if (n <= next - history) Files.deleteIfExists(checkpointFile(n));
        }
    }

    private List<Integer> numbers() throws IOException {
        if (!Files.isDirectory(file.getParent())) return List.of();
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.map(p -> CHECKPOINT.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }

    /** The start of a file, enough for its root element's attributes. */
    private static String head(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** "admin_epoch:epoch" from the root element: what a configuration change advances. */
    static Optional<String> version(String xml) {
        Matcher m = ROOT.matcher(xml.length() > 4096 ? xml.substring(0, 4096) : xml);
        if (!m.find()) return Optional.empty();
        return Optional.of(attribute(m.group(), "admin_epoch") + ":" + attribute(m.group(), "epoch"));
    }

    private static long attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(tag);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * The CIB with an empty status: a checkpoint is configuration (as Pacemaker's on-disk CIB). The
     * status follows the configuration's end (rule files' text is inside the configuration).
     */
    static String withoutStatus(String xml) {
        int end = xml.lastIndexOf("</configuration>");
        int close = xml.lastIndexOf("</cib>");
        if (end < 0 || close < end) return xml;
        end += "</configuration>".length();
        return xml.substring(0, end) + "\n  <status/>\n" + xml.substring(close);
    }
}
