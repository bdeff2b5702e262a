package io.hapc.transport.heartbeat.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.model.cib.CibVersion;
import io.hapc.transport.ConnectionState;
import io.hapc.transport.Leadership;
import io.hapc.transport.Membership;
import io.hapc.transport.RecordingListener;
import io.hapc.transport.StoredCib;
import io.hapc.transport.heartbeat.ContractNetwork;
import io.hapc.transport.heartbeat.Incarnations;
import io.hapc.transport.heartbeat.liveness.PeerState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What two nodes do that a store-backed cluster does not: two_node/wait_for_all quorum, and CIB copies meeting again. */
class HeartbeatTransportTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DETECTION =
            HeartbeatTransportContractTest.TIMINGS.deadtime().multipliedBy(3);

    @TempDir
    Path dir;

    private ContractNetwork network;
    private final List<HeartbeatTransport> started = new ArrayList<>();

    private record Node(HeartbeatTransport transport, RecordingListener events) {}

    @BeforeEach
    void network() throws Exception {
        network = new ContractNetwork();
    }

    @AfterEach
    void closeAll() throws Exception {
        network.cut("a", false);
        started.forEach(HeartbeatTransport::close);
        network.close();
    }

    private Node start(String name) throws Exception {
        Path state = dir.resolve(name);
        HeartbeatTransport t = new HeartbeatTransport(HeartbeatTransportConfig.of(
                network.config(
                        name,
                        Incarnations.next(state.resolve("incarnation"), Clock.systemUTC()),
                        HeartbeatTransportContractTest.TIMINGS),
                state));
        RecordingListener events = new RecordingListener(name);
        started.add(t);
        t.start(events);
        return new Node(t, events);
    }

    @Test
    void aLoneNodeThatNeverSawItsPeerHasNoDcEvenOnceThePeerIsDeclaredDead() throws Exception {
        Node a = start("a");
        a.events().awaitState(ConnectionState.CONNECTED, TIMEOUT);
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a")), TIMEOUT, "{a}");
        await(
                () -> a.transport().peerStatus().orElseThrow().peer() == PeerState.DEAD,
                DETECTION,
                "b declared dead after initdead");

        assertEquals(Optional.empty(), a.transport().leadership(), "wait_for_all: no quorum, so no DC");
        assertEquals(List.of(), a.events().pendingStates());
        String lone = a.transport().linkSummary().orElseThrow();
        assertTrue(
                lone.startsWith("heartbeat to b: DEAD, not joined; ring0 DOWN")
                        && lone.endsWith("no quorum until b is seen (wait_for_all)"),
                lone);

        Node b = start("b");
        Leadership dc = a.events()
                .awaitLeadership(Optional::isPresent, TIMEOUT, "a DC once both were seen")
                .orElseThrow();
        assertEquals("a", dc.dc(), "neither ran as DC: the first name takes it");
        b.events().awaitLeadership(Optional.of(dc)::equals, TIMEOUT, "b agrees");
        String joined = a.transport().linkSummary().orElseThrow();
        assertTrue(joined.matches("heartbeat to b: ALIVE, joined; ring0 UP \\(heard \\d+ ms ago\\)"), joined);
    }

    @Test
    void onceBothWereSeenTheSurvivorOfAKilledPeerKeepsQuorumAndBecomesDc() throws Exception {
        Node a = start("a");
        Node b = start("b");
        Leadership dc =
                a.events().awaitLeadership(Optional::isPresent, TIMEOUT, "a DC").orElseThrow();
        b.events().awaitLeadership(Optional.of(dc)::equals, TIMEOUT, "b agrees");

        network.cut("a", true); // as a kill -9 of a, seen from b: silence
        b.events().awaitState(ConnectionState.SUSPENDED, DETECTION);
        b.events().awaitMembership(m -> m.nodes().equals(Set.of("b")), DETECTION, "{b}");
        Leadership survivor = b.events()
                .awaitLeadership(l -> l.filter(x -> x.dc().equals("b")).isPresent(), TIMEOUT, "b as DC")
                .orElseThrow();
        assertTrue(survivor.epoch() > dc.epoch(), survivor + " after " + dc);
        b.events().awaitState(ConnectionState.RECONNECTED, TIMEOUT);
    }

    @Test
    void aRestartedNodeTakesTheNewerCibItsPeerWroteWhileItWasAway() throws Exception {
        Node a = start("a");
        Node b = start("b");
        Leadership dc =
                a.events().awaitLeadership(Optional::isPresent, TIMEOUT, "a DC").orElseThrow();
        b.events().awaitLeadership(Optional.of(dc)::equals, TIMEOUT, "b agrees");
        StoredCib first = a.transport().writeCib(xml("first"), new CibVersion(0, 1, 0), -1, dc.epoch());
        b.events().awaitCib(first::equals, TIMEOUT, "b has the first CIB when the write returns");
        assertEquals(Optional.of(first), b.transport().readCib());

        b.transport().close();
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a")), TIMEOUT, "{a}");
        StoredCib second = a.transport().writeCib(xml("second"), new CibVersion(0, 2, 0), first.revision(), dc.epoch());
        StoredCib third = a.transport().writeCib(xml("third"), new CibVersion(0, 2, 1), second.revision(), dc.epoch());

        Node b2 = start("b");
        b2.events().awaitCib(first::equals, TIMEOUT, "b's own copy at start");
        b2.events().awaitCib(third::equals, TIMEOUT, "a's newer CIB");
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a", "b")), TIMEOUT, "{a, b}");
        assertEquals(Optional.of(third), b2.transport().readCib());
    }

    @Test
    void twoCopiesThatBothChangedWhileApartAreNeverMergedAndTheNodesDoNotJoinUntilOneIsDropped() throws Exception {
        Node a = start("a");
        Node b = start("b");
        Leadership dc =
                a.events().awaitLeadership(Optional::isPresent, TIMEOUT, "a DC").orElseThrow();
        b.events().awaitLeadership(Optional.of(dc)::equals, TIMEOUT, "b agrees");
        StoredCib common = a.transport().writeCib(xml("common"), new CibVersion(0, 1, 0), -1, dc.epoch());

        network.cut("a", true);
        Leadership bAlone = b.events()
                .awaitLeadership(l -> l.filter(x -> x.dc().equals("b")).isPresent(), DETECTION, "b DC alone")
                .orElseThrow();
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a")), DETECTION, "{a}");
        a.events().awaitLeadership(Optional.of(dc)::equals, DETECTION, "a DC alone");
        StoredCib onA =
                a.transport().writeCib(xml("changed on a"), new CibVersion(0, 2, 0), common.revision(), dc.epoch());
        StoredCib onB =
                b.transport().writeCib(xml("changed on b"), new CibVersion(0, 5, 0), common.revision(), bAlone.epoch());

        network.cut("a", false);
        await(() -> a.transport().peerStatus().orElseThrow().peer() == PeerState.ALIVE, DETECTION, "a hears b again");
        await(() -> b.transport().peerStatus().orElseThrow().peer() == PeerState.ALIVE, DETECTION, "b hears a again");
        // Both announce their verdicts every keepalive: give them a good number of rounds to (wrongly) join.
        Thread.sleep(HeartbeatTransportContractTest.TIMINGS
                .keepalive()
                .multipliedBy(10)
                .toMillis());
        assertEquals(Set.of("a"), a.transport().membership().nodes(), "a refuses to join b");
        assertEquals(Set.of("b"), b.transport().membership().nodes(), "b refuses to join a");
        assertEquals(Optional.of(onA), a.transport().readCib(), "a's copy untouched");
        assertEquals(Optional.of(onB), b.transport().readCib(), "b's copy untouched, although its version is higher");

        // The way out: keep a's. b stops, drops its copy, starts again, and takes a's.
        b.transport().close();
        assertTrue(HeartbeatTransport.discardCibCopy(dir.resolve("b")));
        Node b2 = start("b");
        b2.events().awaitCib(onA::equals, TIMEOUT, "a's CIB");
        Membership both = a.events().awaitMembership(m -> m.nodes().equals(Set.of("a", "b")), TIMEOUT, "{a, b}");
        assertTrue(both.epoch() > 0);
    }

    @Test
    void copiesThatDifferInStatusOnlyAreNotAConflictTheNewerOneGoesOverTheOtherAndTheNodesJoin() throws Exception {
        // Found by the fault campaign (bench/cts, two nodes, link cut both ways): each side was DC for a moment and
        // wrote
        // status (a node left) before one fenced the other; the rebooted node's copy then "conflicted" and the two
        // never
        // joined again. Same configuration, so nothing acknowledged is in either copy alone.
        Node a = start("a");
        Node b = start("b");
        Leadership dc =
                a.events().awaitLeadership(Optional::isPresent, TIMEOUT, "a DC").orElseThrow();
        b.events().awaitLeadership(Optional.of(dc)::equals, TIMEOUT, "b agrees");
        String config = "<cib epoch=\"1\"><configuration><!-- same --></configuration>";
        StoredCib common = a.transport().writeCib(config + "<status/></cib>", new CibVersion(0, 1, 0), -1, dc.epoch());

        network.cut("a", true);
        Leadership bAlone = b.events()
                .awaitLeadership(l -> l.filter(x -> x.dc().equals("b")).isPresent(), DETECTION, "b DC alone")
                .orElseThrow();
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a")), DETECTION, "{a}");
        a.events().awaitLeadership(Optional.of(dc)::equals, DETECTION, "a DC alone");
        a.transport()
                .writeCib(
                        config + "<status><!-- b left --></status></cib>",
                        new CibVersion(0, 1, 3),
                        common.revision(),
                        dc.epoch());
        StoredCib onB = b.transport()
                .writeCib(
                        config + "<status><!-- a left --></status></cib>",
                        new CibVersion(0, 1, 5),
                        common.revision(),
                        bAlone.epoch());

        network.cut("a", false);
        a.events().awaitCib(onB::equals, DETECTION.multipliedBy(2), "the newer copy (b's) over a's");
        await(() -> a.transport().membership().nodes().equals(Set.of("a", "b")), DETECTION, "a joins b again");
        await(() -> b.transport().membership().nodes().equals(Set.of("a", "b")), DETECTION, "b joins a again");
        assertEquals(Optional.of(onB), a.transport().readCib());
        assertEquals(Optional.of(onB), b.transport().readCib(), "b's copy untouched");
    }

    @Test
    void aCopyWhoseConfigurationDidNotChangeApartTakesThePeersThatDidAndTheNodesJoin() throws Exception {
        // Found by the fault campaign (bench/cts, two nodes, link cut one way): both sides were DC alone; a wrote
        // status only before b fenced it, b took an admin change (acknowledged). The rebooted a "conflicted" with b
        // and the two never joined again, although b's copy holds every acknowledged change of both sides.
        Node a = start("a");
        Node b = start("b");
        Leadership dc =
                a.events().awaitLeadership(Optional::isPresent, TIMEOUT, "a DC").orElseThrow();
        b.events().awaitLeadership(Optional.of(dc)::equals, TIMEOUT, "b agrees");
        StoredCib common = a.transport()
                .writeCib(
                        "<cib><configuration><!-- one --></configuration><status/></cib>",
                        new CibVersion(0, 1, 0),
                        -1,
                        dc.epoch());
        b.events().awaitCib(common::equals, TIMEOUT, "the common copy on b");

        network.cut("a", true);
        Leadership bAlone = b.events()
                .awaitLeadership(l -> l.filter(x -> x.dc().equals("b")).isPresent(), DETECTION, "b DC alone")
                .orElseThrow();
        a.events().awaitMembership(m -> m.nodes().equals(Set.of("a")), DETECTION, "{a}");
        a.events().awaitLeadership(Optional.of(dc)::equals, DETECTION, "a DC alone");
        StoredCib onA = a.transport()
                .writeCib(
                        "<cib><configuration><!-- one --></configuration><status><!-- b left --></status></cib>",
                        new CibVersion(0, 1, 9),
                        common.revision(),
                        dc.epoch());
        StoredCib onB = b.transport()
                .writeCib(
                        "<cib><configuration><!-- two --></configuration><status><!-- a left --></status></cib>",
                        new CibVersion(0, 2, 1),
                        common.revision(),
                        bAlone.epoch());

        network.cut("a", false);
        a.events().awaitCib(onB::equals, DETECTION.multipliedBy(2), "b's copy (a changed status only) over a's");
        await(() -> a.transport().membership().nodes().equals(Set.of("a", "b")), DETECTION, "a joins b again");
        await(() -> b.transport().membership().nodes().equals(Set.of("a", "b")), DETECTION, "b joins a again");
        assertEquals(Optional.of(onB), b.transport().readCib(), "b's copy untouched");
        assertTrue(!onA.equals(a.transport().readCib().orElseThrow()), "a's status-only copy is gone");
    }

    private static String xml(String marker) {
        return "<cib><configuration><!-- " + marker + " --></configuration><status/></cib>";
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " within " + timeout);
            Thread.sleep(20);
        }
    }
}
