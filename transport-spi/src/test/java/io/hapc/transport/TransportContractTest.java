package io.hapc.transport;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.model.cib.CibVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What every {@link ClusterTransport} must do, written once and run per transport by a subclass that
 * says how to make a node of a fresh cluster and how to cut a node off. Each test gets its own
 * cluster: {@link #newTransport} must not see nodes of another test.
 *
 * <p>Tests wait on events with a timeout and never sleep; a timeout is a failure, never retried.
 */
public abstract class TransportContractTest {
    /** A transport for `node` in this test's cluster, not started; asked again for the same name when a node restarts. */
    protected abstract ClusterTransport newTransport(String node) throws Exception;

    /** Cuts `node` off from the rest of the cluster silently, as a network partition does (no errors, no packets). */
    protected abstract void isolate(String node) throws Exception;

    /** Ends what {@link #isolate} did: the node can reach the cluster again. */
    protected abstract void heal(String node) throws Exception;

    /** An upper bound on how long the cluster takes to give up a node cut off, and that node to see LOST. */
    protected abstract Duration failureDetectionTimeout();

    /**
     * The most nodes a cluster of this transport holds: 2 for a two-node transport (heartbeat). Tests then
     * run with as many nodes as they need up to this; where two nodes behave differently by nature (each
     * side of a split keeps quorum, as votequorum's two_node has it), a test says so.
     */
    protected int maxNodes() {
        return Integer.MAX_VALUE;
    }

    /** Called after each test once its nodes are closed: release what the cluster of that test used. */
    protected void afterClusterClosed() throws Exception {}

    /** An upper bound for events that need no failure detection (a join, a clean leave, a write, a message). */
    protected Duration eventTimeout() {
        return Duration.ofSeconds(10);
    }

    /** A started node of the test cluster: its transport and what its listener heard. */
    protected record Node(String name, ClusterTransport transport, RecordingListener events) {}

    private final List<Node> started = new ArrayList<>();
    private final Set<String> isolated = new LinkedHashSet<>();

    protected final Node start(String name) throws Exception {
        ClusterTransport transport = newTransport(name);
        RecordingListener events = new RecordingListener(name);
        Node node = new Node(name, transport, events);
        started.add(node);
        transport.start(events);
        assertEquals(name, transport.localNode());
        return node;
    }

    @AfterEach
    final void closeTheCluster() throws Exception {
        for (String name : isolated) {
            heal(name);
        }
        for (Node node : started) {
            node.transport().close();
        }
        afterClusterClosed();
        assertAll(started.stream().map(node -> (Executable) () -> node.events().assertContractKept()));
    }

    /** Starts the first `wanted` of a, b, c (fewer if the transport holds fewer), in that order. */
    protected final List<Node> startNodes(int wanted) throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (String name : List.of("a", "b", "c").subList(0, Math.min(wanted, Math.min(3, maxNodes()))))
            nodes.add(start(name));
        return nodes;
    }

    private static Set<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private void cutOff(String name) throws Exception {
        isolated.add(name);
        isolate(name);
    }

    private void reconnect(String name) throws Exception {
        isolated.remove(name);
        heal(name);
    }

    // ---------------------------------------------------------------- membership

    @Test
    void membershipHoldsEveryStartedNodeAndItsEpochGrowsOnJoinAndOnLeave() throws Exception {
        Node a = start("a");
        Membership alone = a.events().awaitMembership(m -> m.nodes().equals(Set.of("a")), eventTimeout(), "{a}");

        List<Node> nodes = new ArrayList<>(List.of(a));
        for (String name : List.of("b", "c").subList(0, Math.min(2, maxNodes() - 1))) nodes.add(start(name));
        Set<String> everyone = names(nodes);
        Membership all = awaitMembershipOn(a, everyone);
        assertTrue(all.epoch() > alone.epoch(), "epoch grows on join: " + alone + " then " + all);
        for (Node node : nodes.subList(1, nodes.size())) awaitMembershipOn(node, everyone);
        assertEquals(everyone, a.transport().membership().nodes());

        Node last = nodes.remove(nodes.size() - 1);
        last.transport().close();
        Set<String> rest = names(nodes);
        Membership afterLeave = awaitMembershipOn(a, rest);
        assertTrue(afterLeave.epoch() > all.epoch(), "epoch grows on leave: " + all + " then " + afterLeave);
        for (Node node : nodes.subList(1, nodes.size())) awaitMembershipOn(node, rest);
        assertEquals(afterLeave, a.transport().membership());
    }

    // ---------------------------------------------------------------- DC election

    @Test
    void exactlyOneNodeIsDcAndEveryNodeAgreesOnIt() throws Exception {
        List<Node> nodes = startNodes(3);

        Leadership dc = awaitAgreedDc(nodes);

        assertTrue(names(nodes).contains(dc.dc()), "the DC is a member: " + dc);
        assertEquals(
                List.of(dc.dc()),
                nodes.stream()
                        .filter(n -> n.transport().isLocalDc())
                        .map(Node::name)
                        .toList());
        for (Node node : nodes) {
            assertEquals(Optional.of(dc), node.transport().leadership(), node.name());
        }
    }

    @Test
    void whenTheDcLeavesAnotherNodeBecomesDcWithAHigherEpoch() throws Exception {
        List<Node> nodes = startNodes(3);
        Leadership first = awaitAgreedDc(nodes);

        byName(nodes, first.dc()).transport().close();
        List<Node> rest =
                nodes.stream().filter(n -> !n.name().equals(first.dc())).toList();
        Leadership next = awaitAgreedDc(rest, l -> !l.dc().equals(first.dc()));

        assertTrue(next.epoch() > first.epoch(), "new DC's epoch " + next + " above " + first);
        assertEquals(1, rest.stream().filter(n -> n.transport().isLocalDc()).count());
    }

    @Test
    void aDeposedDcCanNotWriteWithItsOldEpochWhileTheNewDcCan() throws Exception {
        List<Node> nodes = startNodes(3);
        Leadership first = awaitAgreedDc(nodes);
        Node oldDc = byName(nodes, first.dc());
        StoredCib initial = oldDc.transport().writeCib(cibXml("initial"), new CibVersion(0, 1, 0), -1, first.epoch());

        cutOff(oldDc.name());
        // The link is in doubt: the DC stops being DC at once, long before the others replace it.
        oldDc.events().awaitState(ConnectionState.SUSPENDED, failureDetectionTimeout());
        oldDc.events().awaitLeadership(Optional::isEmpty, eventTimeout(), "leadership given up while cut off");
        assertThrows(
                TransportException.class,
                () -> oldDc.transport()
                        .writeCib(cibXml("while cut off"), new CibVersion(0, 2, 0), initial.revision(), first.epoch()));

        List<Node> rest = nodes.stream().filter(n -> n != oldDc).toList();
        Leadership next = awaitAgreedDc(rest, l -> !l.dc().equals(first.dc()), failureDetectionTimeout());
        assertTrue(next.epoch() > first.epoch(), "new DC's epoch " + next + " above " + first);

        reconnect(oldDc.name());
        oldDc.events().awaitState(ConnectionState.RECONNECTED, failureDetectionTimeout());
        oldDc.events().awaitLeadership(Optional.of(next)::equals, eventTimeout(), "the new DC " + next);

        assertThrows(
                StaleWriteException.class,
                () -> oldDc.transport()
                        .writeCib(cibXml("deposed"), new CibVersion(0, 2, 0), initial.revision(), first.epoch()));
        StoredCib written = byName(rest, next.dc())
                .transport()
                .writeCib(cibXml("new DC"), new CibVersion(0, 2, 0), initial.revision(), next.epoch());
        assertEquals(Optional.of(written), byName(rest, next.dc()).transport().readCib());
        assertEquals(next.epoch(), written.dcEpoch());
    }

    // ---------------------------------------------------------------- CIB

    @Test
    void cibWritesAreComparedAndSet() throws Exception {
        List<Node> nodes = List.of(start("a"), start("b"));
        Leadership leadership = awaitAgreedDc(nodes);
        ClusterTransport dc = byName(nodes, leadership.dc()).transport();
        ClusterTransport other = nodes.stream()
                .filter(n -> !n.name().equals(leadership.dc()))
                .findFirst()
                .orElseThrow()
                .transport();
        long epoch = leadership.epoch();
        assertEquals(Optional.empty(), dc.readCib());

        CibVersion v1 = new CibVersion(0, 1, 0);
        StoredCib first = dc.writeCib(cibXml("one"), v1, -1, epoch);
        assertEquals(new StoredCib(cibXml("one"), v1, first.revision(), dc.localNode(), epoch), first);
        assertEquals(Optional.of(first), dc.readCib());

        // Each refused write differs in exactly one thing from the write that succeeds below.
        CibVersion v2 = v1.nextUpdate();
        long revision = first.revision();
        assertStale("a CIB is already stored", () -> dc.writeCib(cibXml("two"), v2, -1, epoch));
        assertStale("wrong expected revision", () -> dc.writeCib(cibXml("two"), v2, revision + 1, epoch));
        assertStale("version equal to the stored one", () -> dc.writeCib(cibXml("two"), v1, revision, epoch));
        assertStale(
                "version older than the stored one",
                () -> dc.writeCib(cibXml("two"), new CibVersion(0, 0, 7), revision, epoch));
        assertStale("an epoch this node does not hold", () -> dc.writeCib(cibXml("two"), v2, revision, epoch + 1));
        assertStale("written by a node that is not DC", () -> other.writeCib(cibXml("two"), v2, revision, epoch));
        assertEquals(Optional.of(first), dc.readCib(), "refused writes left the CIB as it was");

        StoredCib second = dc.writeCib(cibXml("two"), v2, revision, epoch);
        assertTrue(second.revision() > revision, "revision grows: " + revision + " then " + second.revision());
        // admin_epoch decides before epoch: 1.0.0 is newer than 0.1.1
        StoredCib third = dc.writeCib(cibXml("three"), new CibVersion(1, 0, 0), second.revision(), epoch);
        assertEquals(Optional.of(third), dc.readCib());
    }

    @Test
    void cibChangesReachEveryNodeWithTheWrittenXmlAndVersion() throws Exception {
        List<Node> nodes = startNodes(3);
        Leadership leadership = awaitAgreedDc(nodes);
        ClusterTransport dc = byName(nodes, leadership.dc()).transport();

        StoredCib written = dc.writeCib(cibXml("first"), new CibVersion(0, 5, 0), -1, leadership.epoch());
        for (Node node : nodes) {
            StoredCib seen = node.events()
                    .awaitCib(
                            c -> c.revision() >= written.revision(), eventTimeout(), "revision " + written.revision());
            assertEquals(written, seen, node.name());
        }
        StoredCib latest = written;
        for (int update = 1; update <= 3; update++) {
            latest = dc.writeCib(
                    cibXml("update " + update), latest.version().nextUpdate(), latest.revision(), leadership.epoch());
        }
        for (Node node : nodes) {
            long revision = latest.revision();
            assertEquals(
                    latest,
                    node.events().awaitCib(c -> c.revision() >= revision, eventTimeout(), "revision " + revision),
                    node.name());
        }

        Node late;
        if (maxNodes() > nodes.size()) {
            late = start("d");
        } else {
            // No room for a new node: a node that restarts is as late (it must get the CIB it missed, or has).
            Node other = nodes.stream()
                    .filter(n -> !n.name().equals(leadership.dc()))
                    .findFirst()
                    .orElseThrow();
            other.transport().close();
            late = start(other.name());
        }
        assertEquals(latest, late.events().awaitCib(c -> true, eventTimeout(), "the stored CIB at start"));
    }

    // ---------------------------------------------------------------- messages

    @Test
    void messagesReachOnlyTheirAddresseeInSendOrder() throws Exception {
        List<Node> nodes = startNodes(3);
        for (Node node : nodes) awaitMembershipOn(node, names(nodes));
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        Node c = nodes.size() > 2 ? nodes.get(2) : null;

        List<Message> toB = new ArrayList<>();
        List<Message> toC = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Message m = new Message("a", "b", "probe", "b-" + i);
            a.transport().send(m);
            toB.add(m);
            if (i % 3 == 0 && c != null) {
                Message n = new Message("a", "c", "probe", "c-" + i);
                a.transport().send(n);
                toC.add(n);
            }
        }
        Node oddSender = c != null ? c : a;
        Message odd = new Message(
                oddSender.name(),
                "b",
                "note",
                "line one\nline \"two\" {\"json\": [1]} \u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9 <xml/>");
        oddSender.transport().send(odd);
        Message endB = new Message("a", "b", "end", "");
        Message endC = new Message("a", "c", "end", "");
        a.transport().send(endB);
        if (c != null) a.transport().send(endC);

        List<Message> atB = receive(b, toB.size() + 2);
        assertEquals(
                toB,
                atB.stream()
                        .filter(m -> m.from().equals("a") && m.type().equals("probe"))
                        .toList(),
                "a's messages to b, in order");
        assertEquals(
                endB,
                atB.stream()
                        .filter(m -> m.from().equals("a"))
                        .reduce((x, y) -> y)
                        .orElseThrow(),
                "nothing from a after its last");
        assertTrue(atB.contains(odd), oddSender.name() + "'s odd message reached b intact: " + atB);
        if (c != null) assertEquals(Stream.concat(toC.stream(), Stream.of(endC)).toList(), receive(c, toC.size() + 1));
        assertEquals(List.of(), a.events().pendingMessages(), "the sender got none of its own messages");
        assertEquals(List.of(), b.events().pendingMessages());
    }

    /** The DC asks every member, itself included, the same way: a node's messages to itself arrive, in order. */
    @Test
    void aNodeReceivesWhatItSendsToItselfInSendOrder() throws Exception {
        Node a = start("a");
        a.events().awaitMembership(m -> m.contains("a"), eventTimeout(), "a member");
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Message m = new Message("a", "a", "request", "to myself " + i);
            a.transport().send(m);
            sent.add(m);
        }
        assertEquals(sent, receive(a, sent.size()));
    }

    @Test
    void aMessageSentToAnEarlierLifeOfANodeIsNotDeliveredToItsNewLife() throws Exception {
        List<Node> nodes = startNodes(3);
        Node a = nodes.get(0);
        Node b = nodes.get(1);
        Node c = nodes.size() > 2 ? nodes.get(2) : null;
        Set<String> everyone = names(nodes);
        awaitMembershipOn(a, everyone);

        b.transport().close();
        awaitMembershipOn(a, names(nodes.stream().filter(n -> n != b).toList()));
        a.transport().send(new Message("a", "b", "request", "for the old b"));
        if (c != null) {
            // a's messages leave in order: once c has the next one, the one for the old b has left too.
            Message flush = new Message("a", "c", "request", "flush");
            a.transport().send(flush);
            assertEquals(flush, c.events().nextMessage(eventTimeout()));
        }

        Node newB = start("b");
        awaitMembershipOn(a, everyone);
        Message fresh = new Message("a", "b", "request", "for the new b");
        a.transport().send(fresh);
        assertEquals(fresh, newB.events().nextMessage(eventTimeout()));
        assertEquals(List.of(), newB.events().pendingMessages());
    }

    // ---------------------------------------------------------------- connection

    @Test
    void aNodeCutOffIsSuspendedThenLostAndLeavesTheMembershipThenRejoinsAsANewLifeWhenHealed() throws Exception {
        assumeTrue(maxNodes() >= 3, "two nodes split in two halves of one node each: see the two-node test below");
        List<Node> nodes = List.of(start("a"), start("b"), start("c"));
        Leadership dc = awaitAgreedDc(nodes);
        Node cut = nodes.stream()
                .filter(n -> !n.name().equals(dc.dc()))
                .findFirst()
                .orElseThrow();
        List<Node> rest = nodes.stream().filter(n -> n != cut).toList();
        Set<String> restNames = rest.stream().map(Node::name).collect(Collectors.toSet());
        for (Node node : nodes) {
            awaitMembershipOn(node, Set.of("a", "b", "c"));
        }
        cut.events().awaitState(ConnectionState.CONNECTED, eventTimeout());

        cutOff(cut.name());
        cut.events().awaitState(ConnectionState.SUSPENDED, failureDetectionTimeout());
        cut.events().awaitState(ConnectionState.LOST, failureDetectionTimeout());
        Membership without = null;
        for (Node node : rest) {
            without = awaitMembershipOn(node, restNames, failureDetectionTimeout());
        }
        for (Node node : rest) {
            assertEquals(Optional.of(dc), node.transport().leadership(), "the DC was not cut off and stays DC");
        }
        // Sent to the node the cluster gave up: not for the node that comes back.
        Node dcNode = byName(rest, dc.dc());
        Node bystander = rest.stream().filter(n -> n != dcNode).findFirst().orElseThrow();
        dcNode.transport().send(new Message(dc.dc(), cut.name(), "request", "while lost"));
        Message flush = new Message(dc.dc(), bystander.name(), "request", "flush");
        dcNode.transport().send(flush);
        assertEquals(flush, bystander.events().nextMessage(eventTimeout()));

        reconnect(cut.name());
        cut.events().awaitState(ConnectionState.RECONNECTED, failureDetectionTimeout());
        for (Node node : rest) {
            Membership back = awaitMembershipOn(node, Set.of("a", "b", "c"));
            assertTrue(back.epoch() > without.epoch(), "epoch grows on rejoin: " + without + " then " + back);
        }
        awaitMembershipOn(cut, Set.of("a", "b", "c"));
        cut.events().awaitLeadership(Optional.of(dc)::equals, eventTimeout(), "the DC " + dc);
        Message afterRejoin = new Message(dc.dc(), cut.name(), "request", "after rejoin");
        dcNode.transport().send(afterRejoin);
        assertEquals(afterRejoin, cut.events().nextMessage(eventTimeout()));
    }

    /**
     * Two nodes have no third to tell which one is cut off: each side sees its peer late (SUSPENDED, no DC),
     * then dead, and goes on alone with quorum (votequorum's two_node; fencing decides in the daemon). The
     * DC keeps its epoch, the other becomes DC with a higher one. Once healed they join again and agree on
     * the DC with the higher epoch; a message sent while apart is not delivered.
     */
    @Test
    void inATwoNodeClusterEachSideOfASplitGoesOnAloneAndTheyAgreeOnOneDcWhenHealed() throws Exception {
        assumeTrue(maxNodes() == 2, "only a two-node transport keeps quorum on both sides of a split");
        List<Node> nodes = startNodes(2);
        Leadership dc = awaitAgreedDc(nodes);
        Node dcNode = byName(nodes, dc.dc());
        Node cut = nodes.stream().filter(n -> n != dcNode).findFirst().orElseThrow();
        for (Node node : nodes) {
            awaitMembershipOn(node, Set.of("a", "b"));
            node.events().awaitState(ConnectionState.CONNECTED, eventTimeout());
        }

        cutOff(cut.name());
        java.util.Map<String, Membership> apart = new java.util.HashMap<>();
        for (Node node : nodes) {
            node.events().awaitState(ConnectionState.SUSPENDED, failureDetectionTimeout());
            node.events().awaitState(ConnectionState.RECONNECTED, failureDetectionTimeout());
            apart.put(node.name(), awaitMembershipOn(node, Set.of(node.name()), failureDetectionTimeout()));
        }
        assertEquals(Optional.of(dc), dcNode.transport().leadership(), "the DC stays DC with its epoch");
        Leadership other = cut.events()
                .awaitLeadership(
                        l -> l.filter(x -> x.dc().equals(cut.name())).isPresent(),
                        failureDetectionTimeout(),
                        "the cut node as DC alone")
                .orElseThrow();
        assertTrue(other.epoch() > dc.epoch(), "a new DC's epoch " + other + " above " + dc);
        dcNode.transport().send(new Message(dc.dc(), cut.name(), "request", "while apart"));

        reconnect(cut.name());
        for (Node node : nodes) {
            Membership back = awaitMembershipOn(node, Set.of("a", "b"), failureDetectionTimeout());
            assertTrue(
                    back.epoch() > apart.get(node.name()).epoch(), "epoch grows on rejoin: " + apart + " then " + back);
        }
        Leadership agreed = dcNode.events()
                .awaitLeadership(
                        l -> l.filter(x -> x.epoch() >= other.epoch()).isPresent(),
                        failureDetectionTimeout(),
                        "the DC with the higher epoch")
                .orElseThrow();
        assertEquals(other, agreed, "the DC with the higher epoch wins");
        assertEquals(Optional.of(other), cut.transport().leadership(), "and stays DC");
        Message afterRejoin = new Message(dc.dc(), cut.name(), "request", "after rejoin");
        dcNode.transport().send(afterRejoin);
        assertEquals(
                afterRejoin,
                cut.events().nextMessage(eventTimeout()),
                "the message sent while apart was not delivered");
    }

    // ---------------------------------------------------------------- lifecycle

    @Test
    void startIsOnceOnlyCloseIsIdempotentAndSendNeverThrows() throws Exception {
        ClusterTransport unstarted = newTransport("x");
        assertDoesNotThrow(() -> unstarted.send(new Message("x", "a", "probe", "before start")));
        unstarted.close();
        assertThrows(IllegalStateException.class, () -> unstarted.start(new RecordingListener("x")));

        Node a = start("a");
        assertThrows(IllegalStateException.class, () -> a.transport().start(new RecordingListener("a")));
        a.transport().close();
        a.transport().close();
        assertThrows(IllegalStateException.class, () -> a.transport().start(new RecordingListener("a")));
        assertDoesNotThrow(() -> a.transport().send(new Message("a", "b", "probe", "after close")));
    }

    // ---------------------------------------------------------------- helpers

    protected static String cibXml(String marker) {
        return "<cib admin_epoch=\"0\"><configuration><!-- " + marker + " --></configuration><status/></cib>";
    }

    protected static Node byName(List<Node> nodes, String name) {
        return nodes.stream()
                .filter(n -> n.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name));
    }

    protected final Membership awaitMembershipOn(Node node, Set<String> members) {
        return awaitMembershipOn(node, members, eventTimeout());
    }

    protected final Membership awaitMembershipOn(Node node, Set<String> members, Duration timeout) {
        return node.events().awaitMembership(m -> m.nodes().equals(members), timeout, "membership " + members);
    }

    /** Waits until every node reports the same DC; the first node's first DC is the one all must agree on. */
    protected final Leadership awaitAgreedDc(List<Node> nodes) {
        return awaitAgreedDc(nodes, l -> true, eventTimeout());
    }

    protected final Leadership awaitAgreedDc(List<Node> nodes, java.util.function.Predicate<Leadership> wanted) {
        return awaitAgreedDc(nodes, wanted, eventTimeout());
    }

    protected final Leadership awaitAgreedDc(
            List<Node> nodes, java.util.function.Predicate<Leadership> wanted, Duration timeout) {
        Leadership dc = nodes.get(0)
                .events()
                .awaitLeadership(l -> l.filter(wanted).isPresent(), timeout, "a DC")
                .orElseThrow();
        for (Node node : nodes.subList(1, nodes.size())) {
            node.events().awaitLeadership(Optional.of(dc)::equals, timeout, "the DC " + dc);
        }
        return dc;
    }

    private List<Message> receive(Node node, int count) {
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            received.add(node.events().nextMessage(eventTimeout()));
        }
        return received;
    }

    private static void assertStale(String why, Executable write) {
        StaleWriteException refused = assertThrows(StaleWriteException.class, write, why);
        assertNotEquals(null, refused.getMessage(), why);
    }
}
