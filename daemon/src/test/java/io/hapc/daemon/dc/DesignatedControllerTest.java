package io.hapc.daemon.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.admin.CibEdit;
import io.hapc.admin.CibEditor;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.daemon.testing.ManualClock;
import io.hapc.engine.GuardedEngine;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.engine.rules.RuleBounds;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibVersion;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.transport.Membership;
import io.hapc.transport.StaleWriteException;
import io.hapc.transport.StoredCib;
import io.hapc.transport.TransportException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DC's decisions, deterministically: a recording context stands at the DC's boundary (messages,
 * timers, the store, the fencer), time is a clock the test moves, and the engine is the real one.
 * The same behaviour on real processes is in the CLI module's end-to-end tests.
 */
class DesignatedControllerTest {
    private static PolicyRules rules;

    @BeforeAll
    static void compileRules() {
        rules = PolicyRules.builtIn();
    }

    private static final String CIB = """
            <cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="5" num_updates="0">
              <configuration>
                <crm_config><cluster_property_set id="opts">
                  <nvpair id="o1" name="stonith-enabled" value="true"/>
                </cluster_property_set></crm_config>
                <nodes>
                  <node id="n1" uname="n1"/><node id="n2" uname="n2"/><node id="n3" uname="n3"/>
                </nodes>
                <resources>
                  <primitive id="fence" class="stonith" type="fence_dummy"/>
                  <primitive id="R" class="ocf" provider="heartbeat" type="Dummy">
                    <operations><op id="R-mon" name="monitor" interval="10s"/></operations>
                  </primitive>
                </resources>
                <constraints/>
              </configuration>
              <status/>
            </cib>
            """;

    /** Everything the DC did, and the futures of fencings the test decides the outcome of. */
    static final class Recorder implements DcContext {
        final ManualClock clock = new ManualClock(Instant.parse("2026-11-26T10:00:00Z"));
        final List<Map.Entry<String, DaemonMessage>> sent = new ArrayList<>();
        final List<Map.Entry<Instant, Runnable>> timers = new ArrayList<>();
        final List<Cib> written = new ArrayList<>();
        final List<CompletableFuture<FenceResult>> fencings = new ArrayList<>();
        final List<String> steppedDown = new ArrayList<>();
        final List<DcEvent> events = new ArrayList<>();
        boolean refuseWrites;
        long revision = 0;
        /** What an accepted admin edit does to the configuration (the admin module's editor is not under test here). */
        java.util.function.UnaryOperator<Cib> editor = c -> {
            throw new UnsupportedOperationException("no edit in this test");
        };

        @Override
        public String localNode() {
            return "n1";
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void send(String node, DaemonMessage message) {
            sent.add(Map.entry(node, message));
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            timers.add(Map.entry(clock.instant().plus(delay), task));
        }

        @Override
        public StoredCib writeCib(String xml, Cib cib, long expectedRevision, long dcEpoch) throws TransportException {
            if (refuseWrites) throw new StaleWriteException("epoch " + dcEpoch + " is not the current one");
            written.add(cib);
            return new StoredCib(xml, cib.version(), ++revision, "n1", dcEpoch);
        }

        @Override
        public CompletableFuture<FenceResult> fence(Cib cib, String node, String action) {
            CompletableFuture<FenceResult> f = new CompletableFuture<>();
            fencings.add(f);
            return f;
        }

        @Override
        public CibEditor.EditOutcome applyEdit(Cib current, CibEdit edit) throws EditRefused {
            return new CibEditor.EditOutcome(
                    editor.apply(current).withVersion(current.version().nextEpoch()), "done", List.of(), true);
        }

        @Override
        public void stepDown(String why) {
            steppedDown.add(why);
        }

        @Override
        public void leave() {}

        @Override
        public void publish(DcEvent event) {
            events.add(event);
        }

        /** The published events of type {@code type}, in order. */
        <E extends DcEvent> List<E> events(Class<E> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        /** Runs every timer that is due (and those they schedule at once). */
        void runDue() {
            boolean ran = true;
            while (ran) {
                ran = false;
                for (Map.Entry<Instant, Runnable> t : List.copyOf(timers)) {
                    if (!t.getKey().isAfter(clock.instant())) {
                        timers.remove(t);
                        t.getValue().run();
                        ran = true;
                    }
                }
            }
        }

        void advance(Duration d) {
            clock.advance(d);
            runDue();
        }

        List<DaemonMessage.Execute> executed(String action) {
            return sent.stream()
                    .map(Map.Entry::getValue)
                    .filter(m -> m instanceof DaemonMessage.Execute)
                    .map(m -> (DaemonMessage.Execute) m)
                    .filter(e -> e.call().action().equals(action))
                    .toList();
        }
    }

    private final Recorder ctx = new Recorder();

    private DesignatedController dc(Set<String> members) throws Exception {
        return dc(members, CIB);
    }

    private DesignatedController dc(Set<String> members, String xml) throws Exception {
        Cib cib = CibXmlReader.read(xml, "test");
        DesignatedController dc = new DesignatedController(
                ctx,
                7,
                cib,
                0,
                new Membership(1, members),
                c -> new PolicyEngine(rules, ctx.clock).decide(c),
                Duration.ofSeconds(10));
        dc.start();
        return dc;
    }

    private static ResourceHistory running(String rsc, String node) {
        return new ResourceHistory(
                rsc,
                "ocf",
                Optional.of("heartbeat"),
                "Dummy",
                List.of(new OperationRecord(
                        rsc + "_last_0",
                        "start",
                        0,
                        1,
                        0,
                        0,
                        Optional.of("1:1:0:hapc"),
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.of(node))));
    }

    private final java.util.Set<DaemonMessage.Execute> answered = new java.util.HashSet<>();

    /** Every order not answered yet succeeds, as the nodes would report it (except `except`). */
    private void answerAll(DesignatedController dc, DaemonMessage.Execute except) {
        boolean more = true;
        while (more) {
            more = false;
            for (Map.Entry<String, DaemonMessage> e : List.copyOf(ctx.sent)) {
                if (!(e.getValue() instanceof DaemonMessage.Execute x) || x == except || !answered.add(x)) continue;
                var c = x.call();
                String id = c.action().equals("monitor") && c.intervalMs() > 0
                        ? c.resource() + "_monitor_" + c.intervalMs()
                        : c.resource() + "_last_0";
                // recorded with the agent it ran as, as the node's resource manager records it
                io.hapc.agents.AgentId agent = io.hapc.agents.AgentId.parse(c.agent());
                ResourceHistory h = new ResourceHistory(
                        c.resource(),
                        agent.standard(),
                        agent.provider(),
                        agent.type(),
                        List.of(new OperationRecord(
                                id,
                                c.action(),
                                c.intervalMs(),
                                10 + answered.size(),
                                c.expectedRc(),
                                0,
                                Optional.of(x.actionId() + ":" + x.transitionId() + ":" + c.expectedRc() + ":hapc"),
                                Optional.empty(),
                                0,
                                Optional.empty(),
                                Optional.of(e.getKey()))));
                dc.message(new DaemonMessage.OperationResult(
                        x.transitionId(),
                        x.actionId(),
                        e.getKey(),
                        c.resource(),
                        c.action(),
                        c.intervalMs(),
                        c.expectedRc(),
                        c.expectedRc(),
                        true,
                        "",
                        h));
                more = true;
            }
        }
    }

    /** One order succeeds, as its node would report it. */
    private void answerOne(DesignatedController dc, String node, DaemonMessage.Execute x) {
        var c = x.call();
        String id = c.action().equals("monitor") && c.intervalMs() > 0
                ? c.resource() + "_monitor_" + c.intervalMs()
                : c.resource() + "_last_0";
        io.hapc.agents.AgentId agent = io.hapc.agents.AgentId.parse(c.agent());
        ResourceHistory h = new ResourceHistory(
                c.resource(),
                agent.standard(),
                agent.provider(),
                agent.type(),
                List.of(new OperationRecord(
                        id,
                        c.action(),
                        c.intervalMs(),
                        10 + answered.size(),
                        c.expectedRc(),
                        0,
                        Optional.of(x.actionId() + ":" + x.transitionId() + ":" + c.expectedRc() + ":hapc"),
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.of(node))));
        dc.message(new DaemonMessage.OperationResult(
                x.transitionId(),
                x.actionId(),
                node,
                c.resource(),
                c.action(),
                c.intervalMs(),
                c.expectedRc(),
                c.expectedRc(),
                true,
                "",
                h));
    }

    /** The DC's order to start `rsc`. */
    private DaemonMessage.Execute startOf(String rsc) {
        return ctx.executed("start").stream()
                .filter(e -> e.call().resource().equals(rsc))
                .findFirst()
                .orElseThrow();
    }

    /** The node an order went to. */
    private String nodeOf(DaemonMessage.Execute order) {
        return ctx.sent.stream()
                .filter(e -> e.getValue() == order)
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    private static void allReport(DesignatedController dc, Map<String, List<ResourceHistory>> histories) {
        histories.forEach((n, h) -> dc.message(new DaemonMessage.NodeHistory(n, h)));
    }

    @Test
    void theDcAsksEveryMemberForItsResourcesAndDecidesOnlyWhenAllHaveAnswered() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        long asked = ctx.sent.stream()
                .filter(e -> e.getValue() instanceof DaemonMessage.HistoryRequest)
                .count();
        assertEquals(3, asked, "a history request (with the probes) to every member");
        dc.message(new DaemonMessage.NodeHistory("n1", List.of()));
        dc.message(new DaemonMessage.NodeHistory("n2", List.of()));
        assertEquals(List.of(), ctx.executed("start"), "nothing is placed while n3 has not said what it runs");
        dc.message(new DaemonMessage.NodeHistory("n3", List.of()));
        assertEquals(
                1,
                ctx.executed("start").stream()
                        .filter(e -> e.call().resource().equals("R"))
                        .count(),
                ctx.sent.toString());
        assertTrue(
                ctx.executed("start").stream().allMatch(e -> e.dcEpoch() == 7), "every order carries the DC's epoch");
    }

    @Test
    void aDcWhosePartitionLosesQuorumActsAsTheQuorumRulesSay() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(running("R", "n2")), "n3", List.of()));
        answerAll(dc, null);
        assertTrue(dc.currentCib().haveQuorum());
        assertEquals(List.of(), ctx.executed("stop"));
        dc.quorumChanged(false);
        ctx.runDue();
        assertFalse(dc.currentCib().haveQuorum(), "the engine is handed the partition's real quorum");
        assertTrue(
                ctx.executed("stop").stream().anyMatch(e -> e.call().resource().equals("R")),
                "no-quorum-policy=stop (the default): quorum.drl stops what runs: " + ctx.sent);
    }

    @Test
    void aMemberThatDoesNotAnswerIsAskedAgainEachJoinTimeoutAndJoinsWhenItAnswers() throws Exception {
        // Found by the fault campaign: a node whose view of the DC lagged refused the new DC's question (as from a
        // deposed DC) and was never asked again: pending for minutes, its clone instance placed nowhere.
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        dc.message(new DaemonMessage.NodeHistory("n1", List.of()));
        dc.message(new DaemonMessage.NodeHistory("n2", List.of()));
        assertEquals(1, questionsTo("n3"));
        ctx.advance(Duration.ofSeconds(5));
        dc.tick();
        assertEquals(1, questionsTo("n3"), "not before the join timeout");
        ctx.advance(Duration.ofSeconds(6));
        dc.tick();
        assertEquals(2, questionsTo("n3"), "asked again once the join timeout is over");
        assertEquals(1, questionsTo("n1"), "a member that answered is not asked again");
        dc.tick();
        assertEquals(2, questionsTo("n3"), "not at every tick: once a join timeout");
        dc.message(new DaemonMessage.NodeHistory("n3", List.of()));
        ctx.advance(Duration.ofSeconds(11));
        dc.tick();
        assertEquals(2, questionsTo("n3"), "a member now: not asked again");
        assertTrue(
                dc.currentCib()
                        .status()
                        .forNode("n3")
                        .orElseThrow()
                        .join()
                        .map("member"::equals)
                        .orElse(false),
                dc.currentCib().status().forNode("n3").toString());
    }

    private long questionsTo(String node) {
        return ctx.sent.stream()
                .filter(e -> e.getKey().equals(node) && e.getValue() instanceof DaemonMessage.HistoryRequest)
                .count();
    }

    @Test
    void aMemberThatDoesNotAnswerIsWaitedForOnlyUntilTheJoinTimeout() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        dc.message(new DaemonMessage.NodeHistory("n1", List.of()));
        dc.message(new DaemonMessage.NodeHistory("n2", List.of()));
        ctx.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), ctx.executed("start"));
        ctx.advance(Duration.ofSeconds(2));
        dc.tick();
        List<DaemonMessage.Execute> starts = ctx.executed("start");
        assertFalse(starts.isEmpty(), "decided after the join timeout");
        assertTrue(
                starts.stream()
                        .noneMatch(e -> ctx.sent.stream()
                                .anyMatch(s -> s.getValue() == e && s.getKey().equals("n3"))),
                "nothing is started on the node that never answered");
    }

    @Test
    void aMemberThatDoesNotAnswerInTimeStillRunsWhatTheCibLastRecordedThereNothingStartsTwice() throws Exception {
        // Found by the fault campaign (bench/cts, heartbeat, packet loss): a new DC's own node answered 5.6 s late
        // (join
        // timeout 5 s); the DC had forgotten what that node ran and started it on the other node too: two active.
        String xml = CIB.replace("<status/>", """
                <status>
                  <node_state id="n3" uname="n3" in_ccm="true" crmd="online" join="member" expected="member">
                    <lrm id="n3"><lrm_resources>
                      <lrm_resource id="R" class="ocf" provider="heartbeat" type="Dummy">
                        <lrm_rsc_op id="R_last_0" operation="start" call-id="1" rc-code="0" op-status="0" interval="0"
                            transition-key="1:1:0:hapc" on_node="n3"/>
                      </lrm_resource>
                    </lrm_resources></lrm>
                  </node_state>
                </status>""");
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"), xml);
        dc.message(new DaemonMessage.NodeHistory("n1", List.of()));
        dc.message(new DaemonMessage.NodeHistory("n2", List.of()));
        ctx.advance(Duration.ofSeconds(11));
        dc.tick();
        answerAll(dc, null);
        assertEquals(
                List.of(),
                ctx.executed("start").stream()
                        .filter(e -> e.call().resource().equals("R"))
                        .toList(),
                "R is where the CIB last saw it (n3, which has not said otherwise): not started on n1 or n2");
        dc.message(new DaemonMessage.NodeHistory("n3", List.of()));
        answerAll(dc, null);
        assertEquals(
                1,
                ctx.executed("start").stream()
                        .filter(e -> e.call().resource().equals("R"))
                        .count(),
                "once n3 says it runs nothing, R starts once");
    }

    @Test
    void aMembershipWithoutTheDcItselfIsNotActedOnAndFencesNobody() throws Exception {
        // Found by the fault campaign (bench/cts, ZooKeeper killed and restarted): the restarted server expired the old
        // sessions, the DC was handed a view without any node, itself included, and fenced all three.
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(running("R", "n2")), "n3", List.of()));
        answerAll(dc, null);
        dc.membershipChanged(new Membership(2, Set.of("n2")));
        ctx.advance(Duration.ofSeconds(30));
        assertEquals(List.of(), ctx.fencings, "nobody fenced on a view that lacks the DC");
        dc.membershipChanged(new Membership(3, Set.of("n1", "n2")));
        assertEquals(1, ctx.fencings.size(), "the next view with the DC in it is acted on: n3 left");
    }

    @Test
    void aLostMemberIsFencedBeforeItsResourcesStartElsewhereAndAFailedFencingIsRetried() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(running("R", "n2")), "n3", List.of()));
        answerAll(dc, null);
        int startsBefore = (int) ctx.executed("start").stream()
                .filter(e -> e.call().resource().equals("R"))
                .count();
        dc.membershipChanged(new Membership(2, Set.of("n1", "n3")));
        assertEquals(1, ctx.fencings.size(), "n2 left uncleanly: fence it");
        assertEquals(
                startsBefore,
                ctx.executed("start").stream()
                        .filter(e -> e.call().resource().equals("R"))
                        .count(),
                "R does not start elsewhere before n2 is fenced");
        ctx.fencings.get(0).complete(new FenceResult("n2", "reboot", false, "fence", List.of()));
        ctx.runDue();
        assertEquals(
                startsBefore,
                ctx.executed("start").stream()
                        .filter(e -> e.call().resource().equals("R"))
                        .count(),
                "a failed fencing starts nothing");
        ctx.advance(Duration.ofSeconds(2));
        assertEquals(2, ctx.fencings.size(), "fencing is tried again");
        ctx.fencings.get(1).complete(new FenceResult("n2", "reboot", true, "fence", List.of()));
        ctx.runDue();
        List<DaemonMessage.Execute> starts = ctx.executed("start").stream()
                .filter(e -> e.call().resource().equals("R"))
                .toList();
        assertEquals(startsBefore + 1, starts.size(), "R restarted once n2 is fenced");
        Cib last = ctx.written.get(ctx.written.size() - 1);
        var n2 = last.status().nodeStates().stream()
                .filter(s -> s.id().equals("n2"))
                .findFirst()
                .orElseThrow();
        assertEquals(Optional.of("down"), n2.expected(), "a fenced node is cleanly down in the CIB");
        assertEquals(List.of(), n2.resources(), "and runs nothing");
        // what happened, as the DC's typed events tell it (the log and the metrics subscribe to them)
        assertEquals(
                List.of("n1", "n2", "n3"),
                ctx.events(DcEvent.NodeMember.class).stream()
                        .map(DcEvent.NodeMember::node)
                        .sorted()
                        .toList());
        assertEquals(List.of(new DcEvent.NodeLeft("n2", false)), ctx.events(DcEvent.NodeLeft.class));
        assertEquals(
                List.of("n2", "n2"),
                ctx.events(DcEvent.FencingStarted.class).stream()
                        .map(DcEvent.FencingStarted::node)
                        .toList());
        assertEquals(
                List.of(false, true),
                ctx.events(DcEvent.FencingEnded.class).stream()
                        .map(DcEvent.FencingEnded::success)
                        .toList());
        int left = ctx.events.indexOf(new DcEvent.NodeLeft("n2", false));
        int firstFencing =
                ctx.events.indexOf(ctx.events(DcEvent.FencingStarted.class).get(0));
        assertTrue(left < firstFencing, "lost, then fenced: " + ctx.events);
        assertEquals(
                Optional.of("fencing n2 failed"),
                ctx.events(DcEvent.TransitionEnded.class).stream()
                        .filter(DcEvent.TransitionEnded::aborted)
                        .findFirst()
                        .orElseThrow()
                        .abortReason(),
                "the failed fencing ended its transition");
    }

    @Test
    void everyActionsResultAndEveryRoleChangeIsAnEventOfTheDc() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        DaemonMessage.Execute start = startOf("R");
        String node = nodeOf(start);
        assertEquals(List.of(), ctx.events(DcEvent.RoleChanged.class), "a new DC's first decision is its baseline");
        ctx.clock.advance(Duration.ofSeconds(2));
        answerAll(dc, null);
        assertTrue(
                ctx.events(DcEvent.ActionFinished.class)
                        .contains(new DcEvent.ActionFinished(
                                "R", node, "start", 0, 0, true, Optional.of(Duration.ofSeconds(2)))),
                "the start, its rc and how long it took since the DC sent it: " + ctx.events);
        assertTrue(
                ctx.events(DcEvent.ActionFinished.class).stream()
                        .anyMatch(e -> e.resource().equals("R")
                                && e.operation().equals("monitor")
                                && e.intervalMs() == 10_000),
                "the recurring monitor's first result too: " + ctx.events);
        assertEquals(
                List.of(new DcEvent.RoleChanged("R", node, Role.STOPPED, Role.STARTED)),
                ctx.events(DcEvent.RoleChanged.class).stream()
                        .filter(e -> e.resource().equals("R"))
                        .toList(),
                "R started on " + node + " once, seen by the decision after its transition: " + ctx.events);
        DaemonMessage.Execute finished = ctx.executed("start").get(0);
        int before = ctx.events(DcEvent.ActionFinished.class).size();
        dc.message(new DaemonMessage.OperationResult(
                -1, 0, node, "R", "monitor", 10_000, 7, 0, false, "not running", running("R", node)));
        List<DcEvent.ActionFinished> after = ctx.events(DcEvent.ActionFinished.class);
        assertEquals(
                new DcEvent.ActionFinished("R", node, "monitor", 10_000, 7, false, Optional.empty()),
                after.get(before),
                "a recurring monitor's report belongs to no transition: no elapsed time (" + finished + ")");
    }

    @Test
    void aFailedStartIsCountedAndDecidedAgain() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        DaemonMessage.Execute start = startOf("R");
        String node = nodeOf(start);
        answerAll(dc, start);
        ResourceHistory failed = new ResourceHistory(
                "R",
                "ocf",
                Optional.of("heartbeat"),
                "Dummy",
                List.of(new OperationRecord(
                        "R_last_0",
                        "start",
                        0,
                        2,
                        1,
                        4,
                        Optional.of(start.actionId() + ":" + start.transitionId() + ":0:hapc"),
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.of(node))));
        dc.message(new DaemonMessage.OperationResult(
                start.transitionId(), start.actionId(), node, "R", "start", 0, 1, 0, false, "", failed));
        Cib last = ctx.written.get(ctx.written.size() - 1);
        var attrs = last.status().nodeStates().stream()
                .filter(s -> s.id().equals(node))
                .findFirst()
                .orElseThrow()
                .transientAttributes();
        assertEquals("INFINITY", attrs.get("fail-count-R#start_0"), "start-failure-is-fatal (the default): " + attrs);
        assertTrue(
                ctx.executed("stop").stream().anyMatch(e -> e.call().resource().equals("R")),
                "the failed start is cleaned up");
    }

    @Test
    void anAdminRuleThatMisbehavesLaterIsSetAsideAndTheDcStillFencesAndRecovers() throws Exception {
        long later = ctx.clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
        PolicyRules admin = PolicyRules.withAdminSources(Map.of("later.drl", """
                package admin.rules
                import io.hapc.engine.facts.ClusterFact
                import io.hapc.engine.facts.ScoreContribution
                import io.hapc.engine.facts.Warning

                rule "admin: note"
                when
                    ClusterFact()
                then
                    insertLogical(new Warning("admin rules are on", drools.getRule().getName()));
                end

                rule "admin: seed"
                when
                    ClusterFact( now.getEpochSecond() > %d )
                then
                    insert(new ScoreContribution("R", "n1", 1, "seed", "admin: forever", null));
                end

                rule "admin: forever"
                when
                    ScoreContribution( rule == "admin: forever", $v : score )
                then
                    insert(new ScoreContribution("R", "n1", $v + 1, "again", "admin: forever", null));
                end
                """.formatted(later)));
        List<String> heard = new ArrayList<>();
        try (GuardedEngine engine = new GuardedEngine(admin, ctx.clock, RuleBounds.DEFAULT, heard::add)) {
            DesignatedController dc = new DesignatedController(
                    ctx,
                    7,
                    CibXmlReader.read(CIB, "test"),
                    0,
                    new Membership(1, Set.of("n1", "n2", "n3")),
                    engine::decide,
                    Duration.ofSeconds(10));
            dc.start();
            allReport(dc, Map.of("n1", List.of(), "n2", List.of(running("R", "n2")), "n3", List.of()));
            answerAll(dc, null);
            assertEquals(
                    "admin rules are on",
                    dc.admin(new AdminRequest.GetWarnings()).get().message());

            ctx.advance(Duration.ofHours(2));
            int startsBefore = (int) ctx.executed("start").stream()
                    .filter(e -> e.call().resource().equals("R"))
                    .count();
            dc.membershipChanged(new Membership(2, Set.of("n1", "n3")));
            assertEquals(1, heard.size(), "the admin rules broke their bound: " + heard);
            assertEquals(1, ctx.fencings.size(), "n2 left uncleanly: fenced all the same");
            ctx.fencings.get(0).complete(new FenceResult("n2", "reboot", true, "fence", List.of()));
            ctx.runDue();
            assertEquals(
                    startsBefore + 1,
                    ctx.executed("start").stream()
                            .filter(e -> e.call().resource().equals("R"))
                            .count(),
                    "R recovered elsewhere");
            AdminReply warnings = dc.admin(new AdminRequest.GetWarnings()).get();
            assertTrue(
                    warnings.ok()
                            && warnings.message()
                                    .startsWith("admin rule \"admin: forever\" (later.drl) fired more than ")
                            && warnings.message().contains("hapc rules remove later.drl"),
                    warnings.message());
            assertFalse(warnings.message().contains("admin rules are on"), "decided by the built-in rules alone");
        }
    }

    @Test
    void aStoredValueWithAControlCharacterIsAWarningOfTheDc() throws Exception {
        // written before values were checked (or by something else): it loads, and status says why R fails
        String xml = CIB.replace(
                "<operations><op id=\"R-mon\" name=\"monitor\" interval=\"10s\"/></operations>",
                "<instance_attributes id=\"R-p\"><nvpair id=\"R-p-s\" name=\"state\" value=\"/tmp/x&#10;y\"/></instance_attributes>"
                        + "<operations><op id=\"R-mon\" name=\"monitor\" interval=\"10s\"/></operations>");
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"), xml);
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        String warnings = dc.admin(new AdminRequest.GetWarnings()).get().message();
        assertTrue(
                warnings.contains(
                        "stored configuration: resource R: parameter 'state' has the control character U+000A"),
                warnings);
    }

    @Test
    void aDcWhoseWritesTheStoreRefusesStepsDownAndOrdersNothingMore() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        ctx.refuseWrites = true;
        int sentBefore = ctx.sent.size();
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        assertEquals(1, ctx.steppedDown.size(), ctx.steppedDown.toString());
        assertEquals(sentBefore, ctx.sent.size(), "a deposed DC sends no orders");
        assertTrue(ctx.written.stream().allMatch(c -> c.version().compareTo(new CibVersion(0, 5, 0)) > 0));
    }

    // ---- finding 1: the DC's events are a loop; no transition is retried in a tight loop -------------

    private static ResourceHistory fenceDeviceRunning(String rsc, String node) {
        return new ResourceHistory(
                rsc,
                "stonith",
                Optional.empty(),
                "fence_dummy",
                List.of(new OperationRecord(
                        rsc + "_last_0",
                        "start",
                        0,
                        1,
                        0,
                        0,
                        Optional.of("1:1:0:hapc"),
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.of(node))));
    }

    private long sentTo(String node, String rsc, String action) {
        return ctx.sent.stream()
                .filter(e -> e.getKey().equals(node)
                        && e.getValue() instanceof DaemonMessage.Execute x
                        && x.call().resource().equals(rsc)
                        && x.call().action().equals(action))
                .count();
    }

    private DaemonMessage.Execute lastSent(String rsc, String action) {
        return ctx.executed(action).stream()
                .filter(e -> e.call().resource().equals(rsc))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void deletingARunningFencingDeviceAndResourceStopsEachOnceWithTheAgentItRanAsAndAnswersTheEditAtOnce()
            throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        allReport(
                dc,
                Map.of(
                        "n1",
                        List.of(),
                        "n2",
                        List.of(fenceDeviceRunning("fence", "n2")),
                        "n3",
                        List.of(running("R", "n3"))));
        answerAll(dc, null);
        ctx.editor = c -> c.withResources(List.of());
        var reply = dc.admin(new io.hapc.admin.protocol.AdminRequest.Edit(new CibEdit.StonithDelete("fence")));
        assertTrue(reply.isDone(), "the edit is answered as soon as it is stored, before anything it causes has run");
        assertTrue(reply.get().ok(), reply.get().message());
        ctx.runDue();
        assertEquals(1, sentTo("n2", "fence", "stop"), "the orphaned device is stopped once: " + ctx.sent);
        assertEquals(1, sentTo("n3", "R", "stop"), "the orphaned resource is stopped once: " + ctx.sent);
        assertEquals(
                "stonith:fence_dummy",
                lastSent("fence", "stop").call().agent(),
                "stopped with the agent its history records");
        assertEquals("ocf:heartbeat:Dummy", lastSent("R", "stop").call().agent());
        answerAll(dc, null);
        ctx.advance(Duration.ofMinutes(2));
        assertEquals(1, sentTo("n2", "fence", "stop"), "nothing is stopped again once stopped: " + ctx.sent);
        assertEquals(1, sentTo("n3", "R", "stop"));
        // The DC still decides: a node that goes is still fenced.
        dc.membershipChanged(new Membership(2, Set.of("n1", "n2")));
        ctx.runDue();
        assertEquals(1, ctx.fencings.size(), "the lost node n3 is fenced");
    }

    /** The real engine, plus an action the DC can never carry out (its resource is unknown everywhere). */
    private final java.util.concurrent.atomic.AtomicInteger decisions = new java.util.concurrent.atomic.AtomicInteger();

    private volatile boolean impossible = true;

    private DesignatedController dcWithAnImpossibleAction() throws Exception {
        Cib cib = CibXmlReader.read(CIB, "test");
        java.util.function.Function<Cib, io.hapc.engine.Decision> engine = c -> {
            decisions.incrementAndGet();
            io.hapc.engine.Decision d = new PolicyEngine(rules, ctx.clock).decide(c);
            if (!impossible) return d;
            var g = d.transition().graph();
            List<io.hapc.engine.actions.Action> actions = new ArrayList<>(g.actions());
            actions.add(new io.hapc.engine.actions.Action(
                    1000,
                    io.hapc.engine.actions.ActionType.START,
                    Optional.of("ghost"),
                    "n2",
                    0,
                    true,
                    false,
                    Optional.of("test")));
            var t = d.transition();
            return new io.hapc.engine.Decision(
                    d.cluster(),
                    d.derived(),
                    d.placement(),
                    new io.hapc.engine.actions.PlannedTransition(
                            t.plans(),
                            t.summary(),
                            new io.hapc.engine.actions.TransitionGraph(actions, g.edges()),
                            t.fencedNodes()),
                    d.elapsed());
        };
        DesignatedController dc = new DesignatedController(
                ctx, 7, cib, 0, new Membership(1, Set.of("n1", "n2", "n3")), engine, Duration.ofSeconds(10));
        dc.start();
        return dc;
    }

    private Map<String, String> dcAttributes() {
        Cib last = ctx.written.get(ctx.written.size() - 1);
        return last.status().nodeStates().stream()
                .filter(s -> s.id().equals("n1"))
                .findFirst()
                .orElseThrow()
                .transientAttributes();
    }

    @Test
    void aTransitionThatMakesNoProgressIsRetriedWithBackOffAndReportedNotInATightLoop() throws Exception {
        DesignatedController dc = dcWithAnImpossibleAction();
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        answerAll(dc, null);
        int atOnce = decisions.get();
        assertTrue(atOnce <= 8, "a few decisions at once, not a tight loop: " + atOnce);
        assertTrue(
                dcAttributes().keySet().stream().anyMatch(k -> k.startsWith(DesignatedController.WARNING_PREFIX)),
                "the DC reports that it makes no progress: " + dcAttributes());
        for (int i = 0; i < 300; i++) {
            dc.tick();
            ctx.advance(Duration.ofSeconds(1));
        }
        int inFiveMinutes = decisions.get() - atOnce;
        assertTrue(
                inFiveMinutes >= 3 && inFiveMinutes <= 15,
                "retried with a back-off doubling to a minute: " + inFiveMinutes);
        impossible = false;
        ctx.advance(Duration.ofMinutes(1));
        dc.recheck();
        ctx.runDue();
        assertTrue(
                dcAttributes().keySet().stream().noneMatch(k -> k.startsWith(DesignatedController.WARNING_PREFIX)),
                "the warning goes once a decision makes progress again: " + dcAttributes());
    }

    // ---- finding 3: start-failure-is-fatal -------------------------------------------------------------

    /** Like answerAll, but every start of `rsc` fails with a generic error (rc 1), as an agent that cannot start would. */
    private void answerAllFailingStartsOf(DesignatedController dc, String rsc) {
        boolean more = true;
        for (int round = 0;
                more && round < 100;
                round++) { // bounded: a DC that retries for ever must fail the test, not hang it
            more = false;
            for (Map.Entry<String, DaemonMessage> e : List.copyOf(ctx.sent)) {
                if (!(e.getValue() instanceof DaemonMessage.Execute x) || !answered.add(x)) continue;
                var c = x.call();
                boolean fail = c.resource().equals(rsc) && c.action().equals("start");
                int rc = fail ? 1 : c.expectedRc();
                String id = c.action().equals("monitor") && c.intervalMs() > 0
                        ? c.resource() + "_monitor_" + c.intervalMs()
                        : c.resource() + "_last_0";
                List<OperationRecord> ops = new ArrayList<>();
                ops.add(new OperationRecord(
                        id,
                        c.action(),
                        c.intervalMs(),
                        10 + answered.size(),
                        rc,
                        fail ? 4 : 0,
                        Optional.of(x.actionId() + ":" + x.transitionId() + ":" + c.expectedRc() + ":hapc"),
                        Optional.empty(),
                        0,
                        Optional.empty(),
                        Optional.of(e.getKey())));
                if (fail) {
                    ops.add(new OperationRecord(
                            c.resource() + "_last_failure_0",
                            c.action(),
                            0,
                            10 + answered.size(),
                            rc,
                            4,
                            Optional.of(x.actionId() + ":" + x.transitionId() + ":0:hapc"),
                            Optional.empty(),
                            0,
                            Optional.empty(),
                            Optional.of(e.getKey())));
                }
                dc.message(new DaemonMessage.OperationResult(
                        x.transitionId(),
                        x.actionId(),
                        e.getKey(),
                        c.resource(),
                        c.action(),
                        c.intervalMs(),
                        rc,
                        c.expectedRc(),
                        !fail,
                        "",
                        new ResourceHistory(
                                c.resource(),
                                io.hapc.agents.AgentId.parse(c.agent()).standard(),
                                io.hapc.agents.AgentId.parse(c.agent()).provider(),
                                io.hapc.agents.AgentId.parse(c.agent()).type(),
                                ops)));
                more = true;
            }
        }
    }

    private Map<String, Long> startsPerNode(String rsc) {
        Map<String, Long> out = new java.util.TreeMap<>();
        ctx.sent.stream()
                .filter(e -> e.getValue() instanceof DaemonMessage.Execute x
                        && x.call().resource().equals(rsc)
                        && x.call().action().equals("start"))
                .forEach(e -> out.merge(e.getKey(), 1L, Long::sum));
        return out;
    }

    /**
     * A promotable clone whose only recurring monitor has no role: the instance promoted in a transition is
     * monitored as promoted (rc 8 expected, as Pacemaker sets the target rc of a promoted instance's monitor), the
     * others as running (0). Expecting 0 of the promoted one failed it at once, then again after each recovery
     * (found by the fault campaign's promotable clone).
     */
    @Test
    void aRoleLessMonitorOfAnInstancePromotedInTheTransitionExpectsPromoted() throws Exception {
        String xml = CIB.replace(
                        "<node id=\"n1\" uname=\"n1\"/>",
                        "<node id=\"n1\" uname=\"n1\"><instance_attributes id=\"n1-a\">"
                                + "<nvpair id=\"n1-m\" name=\"master-S\" value=\"10\"/></instance_attributes></node>")
                .replace("</resources>", """
                        <clone id="S-clone">
                          <meta_attributes id="S-clone-meta"><nvpair id="S-p" name="promotable" value="true"/></meta_attributes>
                          <primitive id="S" class="ocf" provider="pacemaker" type="Stateful">
                            <operations><op id="S-mon" name="monitor" interval="10s"/></operations>
                          </primitive>
                        </clone>
                        </resources>""");
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"), xml);
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        // the first transition's orders only, answered as they come (its monitors follow its starts and promote)
        long first = ctx.executed("start").get(0).transitionId();
        for (int round = 0; round < 10; round++) {
            for (Map.Entry<String, DaemonMessage> e : List.copyOf(ctx.sent)) {
                if (!(e.getValue() instanceof DaemonMessage.Execute x) || x.transitionId() != first) continue;
                if (answered.add(x)) answerOne(dc, e.getKey(), x);
            }
        }
        List<DaemonMessage.Execute> promotes = ctx.executed("promote");
        assertEquals(1, promotes.size(), ctx.sent.toString());
        String promotedOn = ctx.sent.stream()
                .filter(e -> e.getValue() == promotes.get(0))
                .findFirst()
                .orElseThrow()
                .getKey();
        assertEquals("n1", promotedOn, "the only node with a promotion score");
        List<DaemonMessage.Execute> monitors = ctx.executed("monitor").stream()
                .filter(e -> e.transitionId() == first
                        && e.call().intervalMs() == 10_000
                        && AgentCalls.baseId(e.call().resource()).equals("S"))
                .toList();
        assertEquals(3, monitors.size(), ctx.sent.toString());
        for (DaemonMessage.Execute m : monitors) {
            assertEquals(
                    nodeOf(m).equals(promotedOn) ? 8 : 0,
                    m.call().expectedRc(),
                    m.call().resource() + "'s recurring monitor on " + nodeOf(m) + " (promoted on " + promotedOn + ")");
        }
    }

    @Test
    void aResourceThatCannotStartIsTriedOnceOnEachNodeThenStaysStopped() throws Exception {
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"));
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        for (int i = 0; i < 20; i++) {
            answerAllFailingStartsOf(dc, "R");
            ctx.advance(Duration.ofSeconds(5));
            dc.tick();
        }
        assertEquals(Map.of("n1", 1L, "n2", 1L, "n3", 1L), startsPerNode("R"), "once on each node, then never again");
    }

    @Test
    void withoutStartFailureIsFatalEachFailedStartCountsOneAgainstMigrationThreshold() throws Exception {
        String xml = CIB.replace(
                        "<nvpair id=\"o1\" name=\"stonith-enabled\" value=\"true\"/>",
                        "<nvpair id=\"o1\" name=\"stonith-enabled\" value=\"true\"/>"
                                + "<nvpair id=\"o2\" name=\"start-failure-is-fatal\" value=\"false\"/>")
                .replace(
                        "<primitive id=\"R\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">",
                        "<primitive id=\"R\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"><meta_attributes id=\"R-m\">"
                                + "<nvpair id=\"R-mt\" name=\"migration-threshold\" value=\"2\"/></meta_attributes>");
        DesignatedController dc = dc(Set.of("n1", "n2", "n3"), xml);
        allReport(dc, Map.of("n1", List.of(), "n2", List.of(), "n3", List.of()));
        for (int i = 0; i < 30; i++) {
            answerAllFailingStartsOf(dc, "R");
            ctx.advance(Duration.ofSeconds(5));
            dc.tick();
        }
        assertEquals(Map.of("n1", 2L, "n2", 2L, "n3", 2L), startsPerNode("R"), "migration-threshold=2 on each node");
        Cib last = ctx.written.get(ctx.written.size() - 1);
        assertTrue(
                last.status().nodeStates().stream()
                        .allMatch(s -> "2".equals(s.transientAttributes().get("fail-count-R#start_0"))),
                "+1 per failure, not INFINITY: " + last.status());
    }
}
