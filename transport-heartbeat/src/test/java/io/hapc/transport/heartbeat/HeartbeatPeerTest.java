package io.hapc.transport.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import io.hapc.transport.heartbeat.liveness.PeerState;
import io.hapc.transport.heartbeat.messaging.MessageChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Messages between two peers over the real two-link network, with loss on one link and the other cut midway. */
class HeartbeatPeerTest {
    private static final HeartbeatTimings TIMINGS = new HeartbeatTimings(
            Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMillis(1000), Duration.ofSeconds(3));
    private final TwoLinkNetwork network;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    HeartbeatPeerTest() throws Exception {
        network = new TwoLinkNetwork();
        toClose.add(network);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    private static final class Inbox implements HeartbeatPeer.Listener {
        final List<String> messages = new ArrayList<>();
        final CountDownLatch alive = new CountDownLatch(1);
        final CountDownLatch peerKnown = new CountDownLatch(1);

        @Override
        public synchronized void messageReceived(byte[] body) {
            messages.add(new String(body, StandardCharsets.UTF_8));
            notifyAll();
        }

        @Override
        public void peerStateChanged(PeerState from, PeerState to, Duration silentFor) {
            if (to == PeerState.ALIVE) alive.countDown();
        }

        @Override
        public void peerIncarnationChanged(long previous, long current) {
            peerKnown.countDown();
        }

        synchronized List<String> awaitCount(int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (messages.size() < n && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            return new ArrayList<>(messages);
        }
    }

    private HeartbeatPeer open(String node, long incarnation, Inbox inbox) throws Exception {
        HeartbeatPeer p = HeartbeatPeer.open(network.config(node, incarnation, TIMINGS), inbox);
        toClose.add(p);
        network.attach(node, p.endpoint());
        return p;
    }

    @Test
    void everyMessageArrivesOnceAndInOrderThroughALossyLinkAndACutOne() throws Exception {
        Inbox at1 = new Inbox();
        Inbox at2 = new Inbox();
        HeartbeatPeer n1 = open("n1", 5, at1);
        HeartbeatPeer n2 = open("n2", 6, at2);
        assertTrue(
                at1.peerKnown.await(5, TimeUnit.SECONDS) && at2.peerKnown.await(5, TimeUnit.SECONDS), "the peers met");

        network.dropEvery("ring0", 3); // ring0 loses a third of its datagrams, in both directions
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            if (i == 150) network.cut("ring1", true); // the good network fails midway
            String m = "message " + i;
            assertEquals(Optional.empty(), n1.send(m.getBytes(StandardCharsets.UTF_8)), "accepted: " + m);
            sent.add(m);
            if (i % 50 == 0) Thread.sleep(20);
        }
        assertEquals(Optional.empty(), n2.send("and back".getBytes(StandardCharsets.UTF_8)));

        List<String> got = at2.awaitCount(sent.size(), Duration.ofSeconds(20));
        assertEquals(sent, got, "all, once, in order");
        assertEquals(List.of("and back"), at1.awaitCount(1, Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (n1.unackedCount() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertEquals(0, n1.unackedCount(), "every message acknowledged");
        Thread.sleep(3 * TIMINGS.keepalive().toMillis()); // resends that were in flight land as duplicates
        assertEquals(sent, at2.awaitCount(0, Duration.ZERO), "and no duplicate delivered late");
        assertTrue(
                network.towardsN2("ring0").lost() > 100,
                "the lossy link lost " + network.towardsN2("ring0").lost());
        assertEquals(
                0,
                n2.endpoint().drops().total(),
                "nothing was refused by the packet layer: " + n2.endpoint().drops());
    }

    @Test
    void aMessageOfAMegabyteCrossesALossyLinkWhole() throws Exception {
        Inbox at1 = new Inbox();
        Inbox at2 = new Inbox();
        HeartbeatPeer n1 = open("n1", 5, at1);
        open("n2", 6, at2);
        assertTrue(
                at1.peerKnown.await(5, TimeUnit.SECONDS) && at2.peerKnown.await(5, TimeUnit.SECONDS), "the peers met");
        network.dropEvery("ring0", 4);
        network.cut("ring1", true);
        StringBuilder big = new StringBuilder();
        java.util.Random random = new java.util.Random(5);
        while (big.length() < 1_000_000)
            big.append(Long.toString(random.nextLong(), 36)).append('\n');
        assertEquals(Optional.empty(), n1.send(big.toString().getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), n1.send("after it".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(big.toString(), "after it"), at2.awaitCount(2, Duration.ofSeconds(30)));
    }

    @Test
    void aSendBeforeThePeerIsKnownIsRefusedNotHeld() throws Exception {
        Inbox at1 = new Inbox();
        HeartbeatPeer n1 = open("n1", 5, at1);
        assertEquals(
                Optional.of(MessageChannel.Refusal.NO_PEER_YET),
                n1.send("nobody there".getBytes(StandardCharsets.UTF_8)));
    }
}
