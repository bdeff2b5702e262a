package io.hapc.transport.heartbeat.liveness;

import java.time.Duration;

/** A change the failure detector saw; `silentFor` is how long nothing had been heard when it was decided. */
public sealed interface LivenessEvent {
    record LinkChanged(String link, LinkState from, LinkState to, Duration silentFor) implements LivenessEvent {}

    record PeerChanged(PeerState from, PeerState to, Duration silentFor) implements LivenessEvent {}

    /** This process was stalled for `gap` between two evaluations: nothing was judged this time. */
    record Paused(Duration gap) implements LivenessEvent {}
}
