package io.hapc.transport.heartbeat;

import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import io.hapc.transport.heartbeat.liveness.LinkState;
import io.hapc.transport.heartbeat.liveness.PeerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: measures failure detection of two endpoints in one JVM over the two-link loopback network
 * (bench/heartbeat-detect.sh runs it). Detection: every link cut at once, time until the peer is reported
 * dead, `runs` times. Soak: both endpoints left alone for `soak`, every LATE, DEAD or link change counted
 * (each is a false alarm: nothing was cut).
 *
 * <p>Arguments: keepalive deadtime runs soak, e.g. `100ms 500ms 20 600s`.
 */
public final class HeartbeatBench {
    private HeartbeatBench() {}

    public static void main(String[] args) throws Exception {
        Duration keepalive = HeartbeatTimings.duration("keepalive", args[0]);
        Duration deadtime = HeartbeatTimings.duration("deadtime", args[1]);
        int runs = Integer.parseInt(args[2]);
        Duration soak = HeartbeatTimings.duration("soak", args[3]);
        HeartbeatTimings timings = HeartbeatTimings.parse(Map.of("keepalive", args[0], "deadtime", args[1]));
        System.out.println("timings: " + timings);
        try (TwoLinkNetwork network = new TwoLinkNetwork()) {
            RecordingEndpointListener at1 = new RecordingEndpointListener();
            RecordingEndpointListener at2 = new RecordingEndpointListener();
            try (HeartbeatEndpoint n1 = HeartbeatEndpoint.open(network.config("n1", 1, timings), at1);
                    HeartbeatEndpoint n2 = HeartbeatEndpoint.open(network.config("n2", 2, timings), at2)) {
                network.attach("n1", n1);
                network.attach("n2", n2);
                Duration wait = deadtime.multipliedBy(10).plusSeconds(5);
                at1.await(RecordingEndpointListener.Peer.class, p -> p.to() == PeerState.ALIVE, 0, wait, "alive");

                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    int mark = at1.size();
                    long cutAt = System.nanoTime();
                    TwoLinkNetwork.LINKS.forEach(l -> network.cut(l, true));
                    var dead = at1.await(
                            RecordingEndpointListener.Peer.class, p -> p.to() == PeerState.DEAD, mark, wait, "dead");
                    millis.add((dead.nanos() - cutAt) / 1_000_000);
                    mark = at1.size();
                    TwoLinkNetwork.LINKS.forEach(l -> network.cut(l, false));
                    at1.await(
                            RecordingEndpointListener.Peer.class,
                            p -> p.to() == PeerState.ALIVE,
                            mark,
                            wait,
                            "alive again");
                    // let the links come up too, so the next cut starts from a healthy pair
                    for (String l : TwoLinkNetwork.LINKS) {
                        at1.await(
                                RecordingEndpointListener.Link.class,
                                x -> x.link().equals(l) && x.to() == LinkState.UP,
                                mark,
                                wait,
                                l + " up");
                    }
                }
                if (runs > 0) {
                    List<Long> sorted = new ArrayList<>(millis);
                    Collections.sort(sorted);
                    System.out.printf(
                            "detection: %d runs, all links cut -> peer dead: median %d ms, max %d ms, min %d ms "
                                    + "(deadtime %d ms)%n",
                            runs,
                            sorted.get(sorted.size() / 2),
                            sorted.get(sorted.size() - 1),
                            sorted.get(0),
                            deadtime.toMillis());
                }

                if (!soak.isZero()) {
                    int mark1 = at1.size();
                    int mark2 = at2.size();
                    Thread.sleep(soak.toMillis());
                    AtomicInteger late = new AtomicInteger();
                    AtomicInteger dead = new AtomicInteger();
                    AtomicInteger links = new AtomicInteger();
                    for (var e : concat(
                            at1.events().subList(mark1, at1.size()),
                            at2.events().subList(mark2, at2.size()))) {
                        if (e instanceof RecordingEndpointListener.Peer p) {
                            if (p.to() == PeerState.LATE) late.incrementAndGet();
                            if (p.to() == PeerState.DEAD) dead.incrementAndGet();
                        } else if (e instanceof RecordingEndpointListener.Link) {
                            links.incrementAndGet();
                        }
                    }
                    System.out.printf(
                            "soak: %d s untouched, both ends: %d peer LATE, %d peer DEAD (false failovers), %d link "
                                    + "changes; drops %s / %s%n",
                            soak.toSeconds(), late.get(), dead.get(), links.get(), n1.drops(), n2.drops());
                }
            }
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
