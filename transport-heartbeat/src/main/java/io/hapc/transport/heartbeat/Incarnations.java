package io.hapc.transport.heartbeat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * The per-boot incarnation, kept in a file of the node's state directory: each boot takes the larger of
 * the last one + 1 and the wall clock in milliseconds, and writes it down before using it. Growing across
 * boots is what lets the peer tell a restart from a replay of an older life, and what keeps a packet key
 * (one per incarnation) from ever sealing two packets with the same sequence number. The wall clock only
 * helps when the file is lost; a clock set back cannot make the number go down.
 */
public final class Incarnations {
    private Incarnations() {}

    public static long next(Path file, Clock wallClock) throws IOException {
        long last = 0;
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                last = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IOException(
                        file + " holds '" + text + "', not an incarnation number: it is the last boot's "
                                + "incarnation; remove it only if this node's peer is down (it would see a restart as a replay otherwise)");
            }
        }
        long next = Math.max(last + 1, wallClock.millis());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap((next + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true); // on disk before any packet carries it
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return next;
    }
}
