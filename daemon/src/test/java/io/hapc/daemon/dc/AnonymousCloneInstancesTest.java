package io.hapc.daemon.dc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.agents.AgentId;
import io.hapc.agents.fence.FenceResult;
import io.hapc.daemon.messages.DaemonMessage;
import io.hapc.daemon.messages.DaemonMessage.AgentCall;
import io.hapc.engine.Decision;
import io.hapc.engine.PolicyEngine;
import io.hapc.engine.actions.Action;
import io.hapc.engine.cluster.Presence;
import io.hapc.engine.cluster.ResourceTree;
import io.hapc.engine.cluster.ResourceView;
import io.hapc.engine.rules.PolicyRules;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.Role;
import io.hapc.model.cib.Status.OperationRecord;
import io.hapc.model.cib.Status.ResourceHistory;
import io.hapc.model.status.OperationHistory;
import io.hapc.model.xml.CibXmlReader;
import io.hapc.transport.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An anonymous promotable clone through node losses, with nodes that run and record what the DC
 * orders the way a node's resource manager does (one history per lrm_resource id, recurring monitors
 * re-checked) over an agent that keeps its state per host, as an anonymous clone's agent does (its
 * instances on a host are one service). The fault campaign's finding (issue 16): after a node was
 * fenced the engine numbered the instances differently from the names the nodes had recorded them
 * under; the DC named its orders by the new numbers, so a node got a second record of the clone
 * (ORPHANED instances, two on one node) and a stop of one name that left the other "running": the same
 * stop ordered again and again.
 */
class AnonymousCloneInstancesTest {
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
                  <node id="n1" uname="n1"><instance_attributes id="n1-a">
                    <nvpair id="n1-m" name="master-S" value="10"/></instance_attributes></node>
                  <node id="n2" uname="n2"><instance_attributes id="n2-a">
                    <nvpair id="n2-m" name="master-S" value="20"/></instance_attributes></node>
                  <node id="n3" uname="n3"><instance_attributes id="n3-a">
                    <nvpair id="n3-m" name="master-S" value="30"/></instance_attributes></node>
                </nodes>
                <resources>
                  <primitive id="fence" class="stonith" type="fence_dummy"/>
                  <clone id="S-clone">
                    <meta_attributes id="S-clone-meta">
                      <nvpair id="S-p" name="promotable" value="true"/>
                      <nvpair id="S-pm" name="promoted-max" value="1"/>
                    </meta_attributes>
                    <primitive id="S" class="ocf" provider="pacemaker" type="Stateful">
                      <operations>
                        <op id="S-mon" name="monitor" interval="5s"/>
                        <op id="S-mon-p" name="monitor" interval="4s" role="Promoted"/>
                      </operations>
                    </primitive>
                  </clone>
                </resources>
                <rsc_defaults><meta_attributes id="rd"><nvpair id="rd-s" name="resource-stickiness" value="1"/></meta_attributes></rsc_defaults>
                <constraints/>
              </configuration>
              <status/>
            </cib>
            """;

    private final DesignatedControllerTest.Recorder ctx = new DesignatedControllerTest.Recorder();
    private final Set<DaemonMessage.Execute> answered = new HashSet<>();
    /** Each node's lrm: resource id → operation id → record, as LocalResourceManager keeps it. */
    private final Map<String, Map<String, Map<String, OperationRecord>>> lrm = new TreeMap<>();
    /** Each node's recurring monitors: lrm id → interval → the call (re-run by {@link #monitorsTick}). */
    private final Map<String, Map<String, Map<Long, AgentCall>>> monitors = new TreeMap<>();
    /** The agent's state per host and primitive (not per instance name): 0 stopped, 1 started, 2 promoted. */
    private final Map<String, Integer> agent = new HashMap<>();

    private int callId;

    @Test
    void afterFencingTheInstancesKeepOneRecordPerNodeAndTheNextDecisionIsEmpty() throws Exception {
        Set<String> all = Set.of("n1", "n2", "n3");
        DesignatedController dc = new DesignatedController(
                ctx,
                7,
                CibXmlReader.read(CIB, "test"),
                0,
                new Membership(1, all),
                c -> new PolicyEngine(rules, ctx.clock).decide(c),
                Duration.ofSeconds(10));
        dc.start();
        for (String n : all) dc.message(new DaemonMessage.NodeHistory(n, List.of()));
        settle(dc);
        assertStable(dc, all, "n3");

        // n2 loses power: the DC fences it; n1's and n3's instances keep running under the names they were
        // started with, which need not be the numbers the engine now gives them.
        int transitionsBefore = transitions();
        dc.membershipChanged(new Membership(2, Set.of("n1", "n3")));
        powerOff("n2");
        ctx.fencings.get(ctx.fencings.size() - 1).complete(new FenceResult("n2", "reboot", true, "fence", List.of()));
        ctx.runDue();
        settle(dc);
        assertStable(dc, Set.of("n1", "n3"), "n3");

        // n2 is back, with nothing running: the clone starts there once, nothing else moves.
        lrm.put("n2", new TreeMap<>());
        dc.membershipChanged(new Membership(3, all));
        dc.message(new DaemonMessage.NodeHistory("n2", List.of()));
        settle(dc);
        assertStable(dc, all, "n3");

        // n3, the promoted one, loses power: the clone is promoted again exactly once (on n2, the next score).
        dc.membershipChanged(new Membership(4, Set.of("n1", "n2")));
        powerOff("n3");
        ctx.fencings.get(ctx.fencings.size() - 1).complete(new FenceResult("n3", "reboot", true, "fence", List.of()));
        ctx.runDue();
        settle(dc);
        assertStable(dc, Set.of("n1", "n2"), "n2");

        lrm.put("n3", new TreeMap<>());
        dc.membershipChanged(new Membership(5, all));
        dc.message(new DaemonMessage.NodeHistory("n3", List.of()));
        settle(dc);
        assertStable(dc, all, "n3");
        int transitions = transitions() - transitionsBefore;
        assertTrue(transitions <= 16, "no storm of transitions: " + transitions + " for two losses and returns");
    }

    /**
     * The DC's view and the nodes agree and nothing is left to do: one instance per running node, none
     * orphaned, the agent running on exactly those nodes and promoted on {@code promotedOn}, each node with
     * one record of the clone that may be active, and deciding again on the CIB the DC wrote orders nothing.
     */
    private void assertStable(DesignatedController dc, Set<String> running, String promotedOn) throws Exception {
        for (String n : lrm.keySet()) {
            long active = lrm.get(n).entrySet().stream()
                    .filter(e -> e.getKey().equals("S") || e.getKey().startsWith("S:"))
                    .filter(e -> io.hapc.daemon.lrm.LrmHistory.mayBeActive(history(n, e.getKey())))
                    .count();
            assertEquals(running.contains(n) ? 1 : 0, active, n + "'s records of the clone that may be active: " + lrm);
        }
        for (String n : List.of("n1", "n2", "n3")) {
            int expected = !running.contains(n) ? 0 : n.equals(promotedOn) ? 2 : 1;
            assertEquals(expected, agent.getOrDefault(n + "/S", 0), "the agent's state on " + n + ": " + agent);
        }
        Cib last = ctx.written.get(ctx.written.size() - 1);
        Decision d = new PolicyEngine(rules, ctx.clock).decide(last);
        ResourceTree.CloneOf clone =
                (ResourceTree.CloneOf) d.cluster().treesById().get("S-clone");
        Map<String, List<String>> instancesOn = new TreeMap<>();
        for (ResourceTree t : clone.instances()) {
            ResourceView v = ((ResourceTree.Single) t).view();
            assertTrue(!v.orphan() || v.presence().isEmpty(), "no orphaned instance: " + v.id() + " " + v.presence());
            for (Presence p : v.presence())
                if (p.role() != Role.STOPPED)
                    instancesOn
                            .computeIfAbsent(p.node(), k -> new ArrayList<>())
                            .add(v.id());
        }
        assertEquals(running, instancesOn.keySet(), "instances: " + instancesOn);
        instancesOn.forEach((n, ids) -> assertEquals(1, ids.size(), "one instance on " + n + ": " + instancesOn));
        List<String> todo = d.transition().graph().actions().stream()
                .filter(a -> a.runnable() && !a.pseudo())
                .map(Action::key)
                .toList();
        assertEquals(List.of(), todo, "deciding again on the DC's last CIB orders nothing");
        int sent = ctx.sent.size();
        dc.recheck();
        ctx.runDue();
        assertEquals(
                List.of(),
                ctx.sent.subList(sent, ctx.sent.size()).stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .toList(),
                "the DC itself has nothing more to do");
    }

    private int transitions() {
        return ctx.events(DcEvent.TransitionStarted.class).size();
    }

    /** Answers orders and lets the monitors run until the DC sends nothing new. */
    private void settle(DesignatedController dc) {
        for (int round = 0; round < 60; round++) {
            int before = ctx.sent.size();
            for (Map.Entry<String, DaemonMessage> e : List.copyOf(ctx.sent)) {
                if (e.getValue() instanceof DaemonMessage.Execute x && answered.add(x)) run(dc, e.getKey(), x);
            }
            ctx.advance(Duration.ofSeconds(1));
            monitorsTick(dc);
            if (ctx.sent.size() == before && answered.containsAll(executes())) return;
        }
        throw new AssertionError("the DC never settled; last orders: "
                + ctx.sent.subList(Math.max(0, ctx.sent.size() - 12), ctx.sent.size()));
    }

    private List<DaemonMessage.Execute> executes() {
        return ctx.sent.stream()
                .map(Map.Entry::getValue)
                .filter(m -> m instanceof DaemonMessage.Execute)
                .map(m -> (DaemonMessage.Execute) m)
                .toList();
    }

    /** The node runs one order as its resource manager would and reports the result. */
    private void run(DesignatedController dc, String node, DaemonMessage.Execute x) {
        AgentCall c = x.call();
        if (!lrm.containsKey(node)) return; // powered off: it never answers
        String key = node + "/" + AgentCalls.baseId(c.resource());
        int state = agent.getOrDefault(key, 0);
        int rc = switch (c.action()) {
            case "start" -> {
                agent.put(key, Math.max(state, 1));
                yield 0;
            }
            case "stop" -> {
                agent.put(key, 0);
                yield 0;
            }
            case "promote" -> {
                agent.put(key, 2);
                yield state == 0 ? 7 : 0;
            }
            case "demote" -> {
                if (state == 2) agent.put(key, 1);
                yield state == 0 ? 7 : 0;
            }
            default -> monitorRc(state);
        };
        boolean recurring = c.action().equals("monitor") && c.intervalMs() > 0;
        if (Set.of("stop", "demote", "promote").contains(c.action())) {
            Map<String, Map<Long, AgentCall>> running = monitors.get(node);
            if (running != null) running.remove(c.resource());
            lrm.get(node).getOrDefault(c.resource(), new HashMap<>()).keySet().removeIf(k -> k.contains("_monitor_"));
        }
        boolean probe = c.action().equals("monitor") && c.intervalMs() == 0;
        boolean success = rc == c.expectedRc() || probe;
        String opId = recurring
                ? OperationHistory.recurringId(c.resource(), "monitor", c.intervalMs())
                : OperationHistory.lastOperationId(c.resource());
        record(node, c, opId, x.transitionId(), x.actionId(), rc, success);
        if (recurring && success)
            monitors.computeIfAbsent(node, k -> new TreeMap<>())
                    .computeIfAbsent(c.resource(), k -> new TreeMap<>())
                    .put(c.intervalMs(), c);
        dc.message(new DaemonMessage.OperationResult(
                x.transitionId(),
                x.actionId(),
                node,
                c.resource(),
                c.action(),
                c.intervalMs(),
                rc,
                c.expectedRc(),
                success,
                "",
                history(node, c.resource())));
    }

    /** Each running recurring monitor looks at the agent once; a changed answer is reported as the node's would be. */
    private void monitorsTick(DesignatedController dc) {
        for (String node : List.copyOf(monitors.keySet())) {
            for (var byRsc : List.copyOf(monitors.get(node).entrySet())) {
                for (AgentCall c : List.copyOf(byRsc.getValue().values())) {
                    int rc = monitorRc(agent.getOrDefault(node + "/" + AgentCalls.baseId(c.resource()), 0));
                    if (rc == c.expectedRc()) continue;
                    byRsc.getValue().remove(c.intervalMs());
                    record(
                            node,
                            c,
                            OperationHistory.recurringId(c.resource(), "monitor", c.intervalMs()),
                            0,
                            0,
                            rc,
                            false);
                    dc.message(new DaemonMessage.OperationResult(
                            -1,
                            0,
                            node,
                            c.resource(),
                            "monitor",
                            c.intervalMs(),
                            rc,
                            c.expectedRc(),
                            false,
                            "",
                            history(node, c.resource())));
                }
            }
        }
    }

    private static int monitorRc(int state) {
        return state == 0 ? 7 : state == 2 ? 8 : 0;
    }

    private void record(
            String node, AgentCall c, String opId, long transitionId, int actionId, int rc, boolean success) {
        Map<String, OperationRecord> ops = lrm.get(node).computeIfAbsent(c.resource(), k -> new LinkedHashMap<>());
        agentOf.put(c.resource(), c.agent());
        ops.put(opId, operation(node, c, opId, transitionId, actionId, rc, success));
        if (!success) {
            String failId = OperationHistory.lastFailureId(c.resource());
            ops.put(failId, operation(node, c, failId, transitionId, actionId, rc, false));
        }
    }

    private OperationRecord operation(
            String node, AgentCall c, String opId, long transitionId, int actionId, int rc, boolean success) {
        return new OperationRecord(
                opId,
                c.action(),
                c.intervalMs(),
                ++callId,
                rc,
                success ? OperationHistory.DONE : OperationHistory.ERROR,
                java.util.Optional.of(actionId + ":" + transitionId + ":" + c.expectedRc() + ":hapc"),
                java.util.Optional.empty(),
                ctx.clock.instant().getEpochSecond(),
                java.util.Optional.empty(),
                java.util.Optional.of(node));
    }

    private final Map<String, String> agentOf = new HashMap<>();

    private ResourceHistory history(String node, String rsc) {
        AgentId a = AgentId.parse(agentOf.get(rsc));
        return new ResourceHistory(
                rsc,
                a.standard(),
                a.provider(),
                a.type(),
                List.copyOf(lrm.get(node).getOrDefault(rsc, Map.of()).values()));
    }

    /** The host loses power: its agents stop, its lrm forgets; it answers nothing until it boots. */
    private void powerOff(String node) {
        lrm.remove(node);
        monitors.remove(node);
        agent.keySet().removeIf(k -> k.startsWith(node + "/"));
    }

    {
        for (String n : List.of("n1", "n2", "n3")) lrm.put(n, new TreeMap<>());
    }
}
