package io.hapc.transport.heartbeat;

import static org.junit.jupiter.api.Assertions.fail;

import io.hapc.transport.heartbeat.liveness.LinkState;
import io.hapc.transport.heartbeat.liveness.PeerState;
import io.hapc.transport.heartbeat.wire.Packet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records what an endpoint reported, with the nano time of each call, and waits for events. */
final class RecordingEndpointListener implements EndpointListener {
    sealed interface Event {
        long nanos();
    }

    record Peer(PeerState from, PeerState to, Duration silentFor, long nanos) implements Event {}

    record Link(String link, LinkState from, LinkState to, long nanos) implements Event {}

    record Incarnation(long previous, long current, long nanos) implements Event {}

    record Received(String link, Packet packet, long nanos) implements Event {}

    record Left(long incarnation, long nanos) implements Event {}

    record Announced(String state, long nanos) implements Event {}

    private final List<Event> events = new ArrayList<>();

    private synchronized void add(Event e) {
        events.add(e);
        notifyAll();
    }

    @Override
    public void peerStateChanged(PeerState from, PeerState to, Duration silentFor) {
        add(new Peer(from, to, silentFor, System.nanoTime()));
    }

    @Override
    public void linkStateChanged(String link, LinkState from, LinkState to, Duration silentFor) {
        add(new Link(link, from, to, System.nanoTime()));
    }

    @Override
    public void peerIncarnationChanged(long previous, long current) {
        add(new Incarnation(previous, current, System.nanoTime()));
    }

    @Override
    public void packetReceived(String link, Packet packet) {
        add(new Received(link, packet, System.nanoTime()));
    }

    @Override
    public void peerAnnounced(byte[] state) {
        add(new Announced(new String(state, java.nio.charset.StandardCharsets.UTF_8), System.nanoTime()));
    }

    @Override
    public void peerLeft(long incarnation) {
        add(new Left(incarnation, System.nanoTime()));
    }

    synchronized List<Event> events() {
        return new ArrayList<>(events);
    }

    /** Waits for the first event after index `from` that matches; fails after `timeout`. */
    @SuppressWarnings("unchecked")
    synchronized <E extends Event> E await(Class<E> type, Predicate<E> match, int from, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = from; i < events.size(); i++) {
                Event e = events.get(i);
                if (type.isInstance(e) && match.test((E) e)) return (E) e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) fail("no " + what + " within " + timeout + "; events: " + events);
            wait(Math.max(1, left / 1_000_000));
        }
    }

    synchronized int size() {
        return events.size();
    }
}
