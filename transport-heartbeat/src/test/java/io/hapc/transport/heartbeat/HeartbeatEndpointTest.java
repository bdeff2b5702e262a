package io.hapc.transport.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.transport.heartbeat.RecordingEndpointListener.Announced;
import io.hapc.transport.heartbeat.RecordingEndpointListener.Incarnation;
import io.hapc.transport.heartbeat.RecordingEndpointListener.Left;
import io.hapc.transport.heartbeat.RecordingEndpointListener.Link;
import io.hapc.transport.heartbeat.RecordingEndpointListener.Peer;
import io.hapc.transport.heartbeat.RecordingEndpointListener.Received;
import io.hapc.transport.heartbeat.liveness.HeartbeatTimings;
import io.hapc.transport.heartbeat.liveness.LinkState;
import io.hapc.transport.heartbeat.liveness.PeerState;
import io.hapc.transport.heartbeat.wire.DropReason;
import io.hapc.transport.heartbeat.wire.PacketType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two endpoints in one JVM on real UDP sockets, joined by two links ({@link TwoLinkNetwork}: ring0 over
 * 127.0.0.1, ring1 over [::1], each through relays a test can cut as a failed network would be).
 */
class HeartbeatEndpointTest {
    private static final HeartbeatTimings TIMINGS = new HeartbeatTimings(
            Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(1000), Duration.ofSeconds(3));
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** What may come on top of deadtime before the death is reported: a judging tick, threads on a loaded machine. */
    private static final Duration SLACK = Duration.ofMillis(400);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TwoLinkNetwork network = new TwoLinkNetwork();

    HeartbeatEndpointTest() throws IOException {
        toClose.add(network);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) toClose.get(i).close();
    }

    /** Opens `node` (n1 or n2) with `incarnation` on the two-link network. */
    private HeartbeatEndpoint open(String node, long incarnation, RecordingEndpointListener listener)
            throws IOException {
        HeartbeatEndpoint e = HeartbeatEndpoint.open(network.config(node, incarnation, TIMINGS), listener);
        toClose.add(e);
        network.attach(node, e);
        return e;
    }

    private void cut(String link, boolean cut) {
        network.cut(link, cut);
    }

    private static Peer awaitPeer(RecordingEndpointListener l, PeerState to, int from, Duration timeout)
            throws InterruptedException {
        return l.await(Peer.class, p -> p.to() == to, from, timeout, "peer " + to);
    }

    @Test
    void oneLinkCutKeepsThePeerAliveEveryLinkCutMakesItDeadWithinDeadtimeAndHealingBringsItBack() throws Exception {
        RecordingEndpointListener at1 = new RecordingEndpointListener();
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        HeartbeatEndpoint n1 = open("n1", 11, at1);
        open("n2", 22, at2);
        awaitPeer(at1, PeerState.ALIVE, 0, WAIT);
        awaitPeer(at2, PeerState.ALIVE, 0, WAIT);
        at1.await(Link.class, l -> l.link().equals("ring1") && l.to() == LinkState.UP, 0, WAIT, "ring1 (IPv6) up");
        assertEquals(
                22L,
                at1.await(Incarnation.class, i -> true, 0, WAIT, "n2's incarnation")
                        .current());

        // ring0 fails: the link goes late, then down; the peer stays alive on ring1 the whole time
        int mark = at1.size();
        cut("ring0", true);
        at1.await(Link.class, l -> l.link().equals("ring0") && l.to() == LinkState.DOWN, mark, WAIT, "ring0 down");
        Thread.sleep(TIMINGS.deadtime().toMillis()); // a whole deadtime more with one link only
        assertTrue(
                at1.events().subList(mark, at1.size()).stream().noneMatch(e -> e instanceof Peer),
                "the peer never changed state while ring1 carried heartbeats: "
                        + at1.events().subList(mark, at1.size()));
        assertEquals(PeerState.ALIVE, n1.status().peer());
        assertEquals(LinkState.DOWN, n1.status().links().get("ring0").state());
        assertEquals(LinkState.UP, n1.status().links().get("ring1").state());

        // ring1 fails too: dead within deadtime (plus a judging tick) of the cut
        mark = at1.size();
        long cutAt = System.nanoTime();
        cut("ring1", true);
        Peer dead = awaitPeer(at1, PeerState.DEAD, mark, WAIT);
        Duration detection = Duration.ofNanos(dead.nanos() - cutAt);
        assertTrue(
                detection.compareTo(TIMINGS.deadtime().plus(SLACK)) <= 0, "dead after " + detection.toMillis() + " ms");
        assertTrue(
                detection.compareTo(TIMINGS.deadtime().minus(TIMINGS.keepalive().multipliedBy(3))) >= 0,
                "not before deadtime since the last heartbeat: " + detection.toMillis() + " ms");
        awaitPeer(at2, PeerState.DEAD, 0, WAIT);
        System.out.println("heartbeat: all links cut -> peer dead after " + detection.toMillis() + " ms (deadtime "
                + TIMINGS.deadtime().toMillis() + " ms)");

        // one network back: alive again, the other link still down
        mark = at1.size();
        cut("ring1", false);
        awaitPeer(at1, PeerState.ALIVE, mark, WAIT);
        assertEquals(LinkState.DOWN, n1.status().links().get("ring0").state());
        assertEquals(0, n1.drops().total(), "nothing was dropped: " + n1.drops());
    }

    @Test
    void messagesCrossEveryLinkAndJunkForgeriesAndReplaysAreDroppedCountedAndHarmless() throws Exception {
        RecordingEndpointListener at1 = new RecordingEndpointListener();
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        HeartbeatEndpoint n1 = open("n1", 11, at1);
        HeartbeatEndpoint n2 = open("n2", 22, at2);
        awaitPeer(at2, PeerState.ALIVE, 0, WAIT);

        byte[] hello = "hello over two networks".getBytes(StandardCharsets.UTF_8);
        assertTrue(n1.send(PacketType.MESSAGE, hello));
        for (String link : List.of("ring0", "ring1")) {
            Received r = at2.await(Received.class, x -> x.link().equals(link), 0, WAIT, "the message on " + link);
            assertArrayEquals(hello, r.packet().payload());
            assertEquals("n1", r.packet().sender());
            assertEquals(11, r.packet().incarnation());
        }

        // An attacker on ring0 sends straight to n2's socket: junk, a cut-short packet, a forged one, replays.
        byte[] captured = firstRelayed("ring0");
        InetSocketAddress n2ring0 = n2.localAddress("ring0");
        try (DatagramChannel attacker = DatagramChannel.open(StandardProtocolFamily.INET)) {
            attacker.send(
                    ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: n2\r\nUser-Agent: probe\r\nAccept: */*\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII)),
                    n2ring0);
            attacker.send(ByteBuffer.wrap(java.util.Arrays.copyOf(captured, 20)), n2ring0);
            byte[] forged = captured.clone();
            forged[forged.length - 1] ^= 0x40;
            attacker.send(ByteBuffer.wrap(forged), n2ring0);
            attacker.send(ByteBuffer.wrap(captured), n2ring0);
            attacker.send(ByteBuffer.wrap(captured), n2ring0);
            attacker.send(ByteBuffer.wrap(new byte[4097]), n2ring0);
        }
        awaitCount(n2, DropReason.REPLAYED, 2);
        awaitCount(n2, DropReason.FORGED, 1);
        awaitCount(n2, DropReason.TRUNCATED, 1);
        awaitCount(n2, DropReason.MALFORMED, 1);
        awaitCount(n2, DropReason.OVERSIZED, 1);
        assertEquals(0, n2.readerFailures());

        // the readers live on: the next message still arrives, once per link, and the peer never wavered
        int mark = at2.size();
        byte[] after = "after the attack".getBytes(StandardCharsets.UTF_8);
        n1.send(PacketType.MESSAGE, after);
        at2.await(
                Received.class,
                x -> x.link().equals("ring0")
                        && java.util.Arrays.equals(after, x.packet().payload()),
                mark,
                WAIT,
                "the next message");
        assertEquals(PeerState.ALIVE, n2.status().peer());
        assertEquals(
                List.of(new Peer(PeerState.UNKNOWN, PeerState.ALIVE, Duration.ZERO, 0).to()),
                at2.events().stream()
                        .filter(e -> e instanceof Peer)
                        .map(e -> ((Peer) e).to())
                        .toList());
    }

    @Test
    void aRestartedPeerIsANewIncarnationItsCleanLeaveIsReportedAndItsOldLifeIsStale() throws Exception {
        RecordingEndpointListener at1 = new RecordingEndpointListener();
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        HeartbeatEndpoint n1 = open("n1", 1000, at1);
        HeartbeatEndpoint n2 = open("n2", 22, at2);
        at2.await(Incarnation.class, i -> i.previous() == 0 && i.current() == 1000, 0, WAIT, "n1's first life");
        byte[] oldLife = firstRelayed("ring0");

        n1.close();
        assertEquals(
                1000, at2.await(Left.class, l -> true, 0, WAIT, "n1 leaving").incarnation());

        RecordingEndpointListener again = new RecordingEndpointListener();
        open("n1", 1001, again);
        at2.await(Incarnation.class, i -> i.previous() == 1000 && i.current() == 1001, 0, WAIT, "n1's new life");
        try (DatagramChannel attacker = DatagramChannel.open(StandardProtocolFamily.INET)) {
            attacker.send(ByteBuffer.wrap(oldLife), n2.localAddress("ring0"));
        }
        awaitCount(n2, DropReason.STALE, 1);
        assertEquals(1001L, n2.peerIncarnation().orElseThrow());
    }

    @Test
    void packetsHeldBackOnThePathAndReleasedLaterDoNotBringADeadPeerBack() throws Exception {
        RecordingEndpointListener at1 = new RecordingEndpointListener();
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        HeartbeatEndpoint n1 = open("n1", 11, at1);
        open("n2", 22, at2);
        awaitPeer(at1, PeerState.ALIVE, 0, WAIT);
        // Someone on both paths holds n2's packets back and swallows n1's: n2 goes silent for n1.
        for (String link : TwoLinkNetwork.LINKS) {
            network.towardsN1(link).hold();
            network.towardsN2(link).cut(true);
        }
        int mark = at1.size();
        awaitPeer(at1, PeerState.DEAD, mark, WAIT);
        Thread.sleep(TIMINGS.keepalive().toMillis() * 5); // more authentic, never-seen packets pile up
        mark = at1.size();
        int released = 0;
        for (String link : TwoLinkNetwork.LINKS)
            released += network.towardsN1(link).release();
        assertTrue(released > 20, "released " + released);
        for (String link : TwoLinkNetwork.LINKS) network.towardsN1(link).cut(true); // nothing new after them
        Thread.sleep(TIMINGS.keepalive().toMillis() * 5);
        assertEquals(
                List.of(),
                at1.events().subList(mark, at1.size()).stream()
                        .filter(e -> e instanceof Peer)
                        .toList(),
                "the released packets are authentic and new to the replay window, yet prove nothing recent");
        assertEquals(PeerState.DEAD, n1.status().peer());
        assertEquals(0, n1.drops().get(DropReason.REPLAYED), "they were not refused as replays: the echo did it");
    }

    @Test
    void aPacketOfTheLargestUdpSizeCrossesBothFamilies() throws Exception {
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        int max = io.hapc.transport.heartbeat.wire.PacketCodec.MAX_DATAGRAM_BYTES;
        HeartbeatEndpoint n1 = HeartbeatEndpoint.open(
                withMaxPacket(network.config("n1", 11, TIMINGS), max), new RecordingEndpointListener());
        toClose.add(n1);
        network.attach("n1", n1);
        HeartbeatEndpoint n2 = HeartbeatEndpoint.open(withMaxPacket(network.config("n2", 22, TIMINGS), max), at2);
        toClose.add(n2);
        network.attach("n2", n2);
        awaitPeer(at2, PeerState.ALIVE, 0, WAIT);
        byte[] big = new byte[n1.maxPayloadBytes()];
        new java.util.Random(7).nextBytes(big);
        assertEquals(
                max,
                big.length
                        + io.hapc.transport.heartbeat.wire.PacketCodec.FIXED_HEADER_BYTES
                        + 2
                        + io.hapc.transport.heartbeat.wire.PacketCodec.TAG_BYTES);
        n1.send(PacketType.MESSAGE, big);
        for (String link : TwoLinkNetwork.LINKS) {
            assertArrayEquals(
                    big,
                    at2.await(Received.class, r -> r.link().equals(link), 0, WAIT, "the big one on " + link)
                            .packet()
                            .payload());
        }
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> n1.send(PacketType.MESSAGE, new byte[big.length + 1]));
    }

    private static EndpointConfig withMaxPacket(EndpointConfig c, int max) {
        return new EndpointConfig(
                c.localNode(), c.peerNode(), c.links(), c.timings(), c.keys(), c.incarnation(), max, c.clock());
    }

    @Test
    void aPeerBackFromTheDeadHasItsUnchangedAnnouncementToldAgainAfterItsRevival() throws Exception {
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        HeartbeatEndpoint n1 = open("n1", 31, new RecordingEndpointListener());
        n1.announce("cib=abc".getBytes(StandardCharsets.UTF_8));
        open("n2", 32, at2);
        at2.await(Announced.class, a -> a.state().equals("cib=abc"), 0, WAIT, "the announcement");
        awaitPeer(at2, PeerState.ALIVE, 0, WAIT);
        cut("ring0", true);
        cut("ring1", true);
        awaitPeer(at2, PeerState.DEAD, 0, WAIT);
        int mark = at2.size();
        cut("ring0", false);
        cut("ring1", false);
        Peer back = awaitPeer(at2, PeerState.ALIVE, mark, WAIT);
        Announced again =
                at2.await(Announced.class, a -> a.state().equals("cib=abc"), mark, WAIT, "the same announcement again");
        assertTrue(again.nanos() >= back.nanos(), "told after the revival, not before it");
    }

    @Test
    void announcedStateReachesThePeerOncePerChangeInOrderAndAgainAfterARestart() throws Exception {
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        HeartbeatEndpoint n1 = open("n1", 11, new RecordingEndpointListener());
        n1.announce("dc=n1 epoch=1".getBytes(StandardCharsets.UTF_8));
        open("n2", 22, at2);
        at2.await(Announced.class, a -> a.state().equals("dc=n1 epoch=1"), 0, WAIT, "the first announcement");
        network.dropEvery("ring0", 2); // heartbeats of one state arrive on two links, some lost
        network.towardsN2("ring1").hold(); // and ring1's come late: after the change, released at once
        Thread.sleep(5 * TIMINGS.keepalive().toMillis());
        n1.announce("dc=n1 epoch=2".getBytes(StandardCharsets.UTF_8));
        at2.await(Announced.class, a -> a.state().equals("dc=n1 epoch=2"), 0, WAIT, "the change");
        assertTrue(network.towardsN2("ring1").release() > 0);
        Thread.sleep(5 * TIMINGS.keepalive().toMillis());
        assertEquals(
                List.of("dc=n1 epoch=1", "dc=n1 epoch=2"),
                announcements(at2),
                "each state once, in order, though every heartbeat carries it and older ones came late");

        n1.close();
        int mark = at2.size();
        HeartbeatEndpoint reborn =
                HeartbeatEndpoint.open(network.config("n1", 12, TIMINGS), new RecordingEndpointListener());
        toClose.add(reborn);
        reborn.announce("dc=n1 epoch=2".getBytes(StandardCharsets.UTF_8));
        network.attach("n1", reborn);
        at2.await(Incarnation.class, i -> i.current() == 12, mark, WAIT, "the new life");
        at2.await(
                Announced.class,
                a -> a.state().equals("dc=n1 epoch=2"),
                mark,
                WAIT,
                "the new life's state, news though equal to the old life's");
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> reborn.announce(new byte[reborn.maxAnnouncementBytes() + 1]));
    }

    private static List<String> announcements(RecordingEndpointListener l) {
        return l.events().stream()
                .filter(e -> e instanceof Announced)
                .map(e -> ((Announced) e).state())
                .toList();
    }

    @Test
    void aPortAlreadyTakenIsRefusedNamingTheLinkAndAddress() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open(StandardProtocolFamily.INET)) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
            EndpointConfig base = network.config("n1", 1, TIMINGS);
            List<LinkConfig> links =
                    List.of(new LinkConfig("ring0", busy, base.links().get(0).peer()));
            EndpointConfig config = new EndpointConfig("n1", "n2", links, TIMINGS, base.keys(), 1, 4096, base.clock());
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> HeartbeatEndpoint.open(config, new RecordingEndpointListener()));
            assertTrue(e.getMessage().contains("link ring0: can not listen on " + busy), e.getMessage());
        }
    }

    @Test
    void anEndpointThatFailsToStartSendsNothingThatCouldUpsetThePeer() throws Exception {
        RecordingEndpointListener at2 = new RecordingEndpointListener();
        open("n2", 22, at2);
        try (DatagramChannel taken = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            taken.bind(new InetSocketAddress("::1", 0));
            EndpointConfig base = network.config("n1", 99, TIMINGS);
            // ring0 binds, ring1's port is taken (another hapcd still running, say)
            List<LinkConfig> links = List.of(
                    base.links().get(0),
                    new LinkConfig(
                            "ring1",
                            (InetSocketAddress) taken.getLocalAddress(),
                            base.links().get(1).peer()));
            EndpointConfig config = new EndpointConfig("n1", "n2", links, TIMINGS, base.keys(), 99, 4096, base.clock());
            org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> HeartbeatEndpoint.open(config, new RecordingEndpointListener()));
        }
        Thread.sleep(3 * TIMINGS.keepalive().toMillis());
        assertEquals(
                List.of(),
                at2.events().stream().filter(e -> !(e instanceof Link)).toList(),
                "n2 heard nothing of the failed start (a LEAVE, a new incarnation would make the running n1 look stale)");
    }

    /** The first datagram n1 sent to n2 that the relay of `link` passed on. */
    private byte[] firstRelayed(String link) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (network.towardsN2(link).passed().isEmpty()) {
            if (System.nanoTime() > deadline) throw new AssertionError("nothing relayed on " + link);
            Thread.sleep(10);
        }
        return network.towardsN2(link).passed().get(0);
    }

    private static void awaitCount(HeartbeatEndpoint e, DropReason reason, long n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (e.drops().get(reason) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " " + reason + " drops: " + e.drops());
            }
            Thread.sleep(10);
        }
        assertEquals(n, e.drops().get(reason), e.drops().toString());
    }
}
