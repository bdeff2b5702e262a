package io.hapc.daemon.dc;

import io.hapc.model.cib.Status.ResourceHistory;
import java.time.Instant;
import java.util.List;

/** How the DC knows one configured node: brain-thread state of {@link NodeTracker}. */
final class NodeTrack {
    /** Where the node stands with the DC. */
    enum Join {
        PENDING,
        MEMBER,
        LOST,
        DOWN
    }

    Join join;
    List<ResourceHistory> history = List.of();
    boolean shuttingDown;
    Instant pendingSince;
    /** When the DC last asked it for its resources (its question or the answer may be lost). */
    Instant askedAt;

    NodeTrack(Join join) {
        this.join = join;
    }

    boolean member() {
        return join == Join.MEMBER;
    }

    /** A member, or one that joined and has not reported yet. */
    boolean present() {
        return join == Join.MEMBER || join == Join.PENDING;
    }

    /** Asked again for its resources: nothing it said before counts. */
    void pending(Instant now) {
        join = Join.PENDING;
        pendingSince = now;
        askedAt = now;
    }

    /** Gone cleanly or fenced: it runs nothing. */
    void down() {
        join = Join.DOWN;
        history = List.of();
        shuttingDown = false;
    }
}
