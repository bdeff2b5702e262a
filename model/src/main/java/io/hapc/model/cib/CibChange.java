package io.hapc.model.cib;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration's last change as Pacemaker records it on the {@code <cib>} element:
 * cib-last-written (kept as written), update-origin (the node), update-client, update-user.
 */
public record CibChange(String written, Optional<String> origin, Optional<String> client, Optional<String> user) {
    /** Pacemaker's own layout of cib-last-written ("Thu Dec  3 07:00:00 2026"), in UTC. */
    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern(
                    "EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public static CibChange at(Instant when, String origin, String client, Optional<String> user) {
        return new CibChange(WRITTEN.format(when), Optional.of(origin), Optional.of(client), user);
    }

    /** "Thu Dec  3 07:00:00 2026 by root via hapc on node1", as pcs status says it. */
    public String describe() {
        return written
                + user.map(u -> " by " + u).orElse("")
                + client.map(c -> " via " + c).orElse("")
                + origin.map(o -> " on " + o).orElse("");
    }
}
