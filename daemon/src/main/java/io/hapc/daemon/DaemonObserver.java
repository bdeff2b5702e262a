package io.hapc.daemon;

import io.hapc.daemon.dc.DcEvents;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import io.hapc.transport.Membership;
import java.util.Optional;

/**
 * What a node daemon sees happen (and, while it is DC, what its DC does), for metrics and the status
 * page. Called on the brain thread: an implementation only records and hands heavier work to its own
 * thread. Every method does nothing by default.
 */
public interface DaemonObserver extends DcEvents {
    DaemonObserver NONE = new DaemonObserver() {};

    default void connectionChanged(ConnectionState state) {}

    default void membershipChanged(Membership membership) {}

    default void leadershipChanged(Optional<Leadership> leadership) {}

    /** A newer CIB reached this node (from the store, or written by this node as DC). */
    default void cibChanged(String xml) {}

    /** Per resource, its measured availability, as JSON for `hapc status --availability`; empty if not measured here. */
    default Optional<String> availabilityJson() {
        return Optional.empty();
    }
}
