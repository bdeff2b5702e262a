package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.cli.it.LocalCluster.JournalLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running cluster, end to end: three real hapcd processes, a real ZooKeeper server, the real
 * Dummy agent and fence_dummy, commands through the real bin/hapc. Every test ends by checking that
 * no resource was ever active on two live nodes at once.
 */
class ClusterIT {
    private static final Duration MOVE = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private LocalCluster cluster;

    @BeforeAll
    static void needsAgents() {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/fence_dummy")), "needs fence-agents");
    }

    @AfterEach
    void noDoubleRuns() throws Exception {
        if (cluster == null) return;
        List<String> v = cluster.violations();
        cluster.close();
        assertEquals(List.of(), v, "a resource was active on two nodes at once");
    }

    private LocalCluster start(long sessionTimeoutMs, String... proxied) throws Exception {
        cluster = new LocalCluster(dir, 3, sessionTimeoutMs, List.of(proxied));
        return cluster;
    }

    private void fencing(LocalCluster c) throws Exception {
        for (String n : c.names()) {
            c.ok("n1", "stonith", "create", "fence-" + n, "fence_dummy", "status_file=" + dir.resolve("power-" + n),
                    "pcmk_host_list=" + n);
        }
    }

    private static String only(List<String> nodes) {
        assertEquals(1, nodes.size(), "expected exactly one node, got " + nodes);
        return nodes.get(0);
    }

    @Test
    void startupPlacementHonoursColocationAndOrderAsTheAgentsRanThem() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "create", "Database", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n2", "resource", "create", "WebIP", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s", "--group", "WebSite");
        c.ok("n3", "resource", "create", "WebServer", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s", "--group", "WebSite");
        c.ok("n1", "constraint", "colocation", "add", "WebSite", "with", "Database", "INFINITY");
        c.ok("n1", "constraint", "order", "start", "Database", "then", "start", "WebSite");
        c.await("all three running together", MOVE, () -> c.runningOn("Database").size() == 1
                && c.runningOn("Database").equals(c.runningOn("WebIP")) && c.runningOn("WebIP").equals(c.runningOn("WebServer")));
        String node = only(c.runningOn("Database"));
        c.await("the status agrees with the agents", MOVE, () -> c.where("WebServer").equals(List.of(node)));
        // Order, as the agents really ran: the last start of each, on the node where they run now.
        List<JournalLine> j = c.journal();
        long dbEnd = lastStart(j, "Database", node).endMicros();
        JournalLine ip = lastStart(j, "WebIP", node);
        JournalLine web = lastStart(j, "WebServer", node);
        assertTrue(dbEnd <= ip.beginMicros(), "Database must be started before WebIP begins: " + j);
        assertTrue(ip.endMicros() <= web.beginMicros(), "group order: WebIP before WebServer: " + j);
        // status --output json: the contract
        String json = c.ok("n2", "status", "--output", "json");
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertTrue(tree.get("dc").isTextual(), json);
        assertTrue(tree.get("quorate").asBoolean(), json);
        assertEquals(3, tree.get("nodes").size(), json);
        boolean found = false;
        for (var r : tree.get("resources")) {
            if (r.get("id").asText().equals("WebServer")) {
                found = true;
                assertEquals("ocf:heartbeat:Dummy", r.get("agent").asText());
                assertEquals("Started", r.get("role").asText());
                assertEquals(node, r.get("nodes").get(0).asText());
            }
        }
        assertTrue(found, json);
    }

    private static JournalLine lastStart(List<JournalLine> j, String rsc, String node) {
        return j.stream().filter(l -> l.resource().equals(rsc) && l.action().equals("start") && l.node().equals(node))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no start of " + rsc + " on " + node + ": " + j));
    }

    @Test
    void standbyMovesAResourceAndStickinessKeepsItWhereItWent() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "defaults", "update", "resource-stickiness=100");
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        String first = only(c.runningOn("R"));
        c.ok("n1", "node", "standby", first);
        c.await("R moved off " + first, MOVE, () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(first));
        String second = only(c.runningOn("R"));
        c.ok("n1", "node", "unstandby", first);
        c.await(first + " back online and not in standby", MOVE, () -> c.online(first));
        // Give the DC its decision after the unstandby; R must stay where it went.
        c.await("the DC decided after unstandby", MOVE, () -> c.where("R").equals(List.of(second)));
        c.ok("n1", "status");
        assertEquals(List.of(second), c.runningOn("R"), "stickiness keeps R on " + second);
        long startsOnFirstAfter = c.journal().stream().filter(l -> l.resource().equals("R") && l.action().equals("start")).count();
        assertEquals(2, startsOnFirstAfter, "R started twice in all (first placement, the move): " + c.journal());
    }

    @Test
    void killNineOfTheNodeRunningAResourceFencesItThenRestartsTheResourceElsewhere() throws Exception {
        LocalCluster c = start(2000);
        fencing(c);
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        String victim = only(c.runningOn("R"));
        Path power = dir.resolve("power-" + victim);
        c.kill9(victim);
        c.await("R restarted on a survivor", MOVE, () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(victim));
        assertTrue(Files.exists(power), "fence_dummy was run against " + victim + " (its power file exists)");
        // the agent's state file can appear before the start's journal line is written: wait for the line
        c.await("the restart journaled", MOVE, () -> {
            try {
                return c.journal().stream().anyMatch(l -> l.resource().equals("R") && l.action().equals("start") && !l.node().equals(victim));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        long restart = c.journal().stream().filter(l -> l.resource().equals("R") && l.action().equals("start")
                && !l.node().equals(victim)).mapToLong(JournalLine::beginMicros).max().orElseThrow();
        long fenced = Files.getLastModifiedTime(power).toMillis() * 1000;
        assertTrue(fenced <= restart + 1_000_000, "fencing (" + fenced + ") before the restart (" + restart + ")");
    }

    @Test
    void whileFencingFailsTheResourcesOfTheLostNodeStayStoppedUntilAWorkingDeviceFencesIt() throws Exception {
        LocalCluster c = start(2000);
        // n3's only fencing device cannot fence (fence_dummy type=fail)
        c.ok("n1", "stonith", "create", "fence-n3", "fence_dummy", "type=fail", "pcmk_host_list=n3");
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "constraint", "location", "add", "R-on-n3", "R", "n3", "100");
        c.await("R running on n3", MOVE, () -> c.runningOn("R").equals(List.of("n3")));
        c.kill9("n3");
        c.await("the DC tried to fence n3 at least twice", MOVE, () -> c.logCount("fencing n3 failed") >= 2);
        assertEquals(List.of(), c.runningOn("R"), "R must not start anywhere while n3 is not fenced");
        c.ok("n1", "stonith", "delete", "fence-n3");
        c.ok("n1", "stonith", "create", "fence-n3-pdu", "fence_dummy", "status_file=" + dir.resolve("power-n3"),
                "pcmk_host_list=n3");
        c.await("R restarted once n3 is fenced", MOVE, () -> c.runningOn("R").size() == 1);
        assertTrue(Files.exists(dir.resolve("power-n3")), "the working device fenced n3");
    }

    @Test
    void aMonitorFailureRestartsInPlaceThenMovesAfterMigrationThreshold() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=1s", "meta",
                "migration-threshold=2");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        String node = only(c.runningOn("R"));
        Path state = c.node(node).rscTmp().resolve("Dummy-R.state");
        Files.delete(state); // Dummy's monitor now says "not running": a failure
        c.await("R restarted in place", MOVE, () -> Files.exists(state) && c.where("R").equals(List.of(node))
                && starts(c, "R", node) >= 2);
        Files.delete(state);
        c.await("R moved after the second failure", MOVE, () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(node));
        String status = c.ok("n1", "status");
        assertTrue(status.contains("R"), status);
    }

    @Test
    void whenTheFailureTimeoutHasPassedTheResourceGoesBackWhereItPrefersToRun() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=1s", "meta",
                "migration-threshold=1", "failure-timeout=6s");
        c.ok("n1", "constraint", "location", "add", "R-prefers-n2", "R", "n2", "100");
        c.await("R running on n2", MOVE, () -> c.runningOn("R").equals(List.of("n2")));
        Files.delete(c.node("n2").rscTmp().resolve("Dummy-R.state"));
        c.await("R moved away after one failure", MOVE, () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains("n2"));
        // No event happens after this: only the DC's own timer can notice that the failure expired.
        c.await("R back on n2 once the failure expired", MOVE, () -> c.runningOn("R").equals(List.of("n2")));
    }

    @Test
    void anAdminRuleFileIsCheckedByTheDcAndThenDecidesForTheWholeCluster() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "node", "attribute", "n2", "disk=slow");
        c.ok("n1", "resource", "create", "db", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "constraint", "location", "add", "db-prefers-n2", "db", "n2", "100");
        c.await("db running on n2", MOVE, () -> c.runningOn("db").equals(List.of("n2")));
        Path broken = dir.resolve("broken.drl");
        Files.writeString(broken, "package admin\nrule \"oops\"\nwhen\n    $r : NoSuchFact( )\nthen\nend\n");
        LocalCluster.Result refused = c.hapc("n3", "rules", "add", broken.toString());
        assertEquals(3, refused.rc(), refused.out() + refused.err());
        assertTrue(refused.err().matches("(?s).*broken\\.drl:\\d+:\\d+.*"), "file:line:column: " + refused.err());
        assertTrue(c.cib("n1").orElseThrow().ruleFiles().isEmpty(), "the refused file is not stored");
        Path slowDisks = dir.resolve("slow-disks.drl");
        Files.writeString(slowDisks, String.join("\n", "package admin", "import io.hapc.engine.cluster.ResourceView",
                "import io.hapc.engine.cluster.NodeView", "import io.hapc.engine.facts.ScoreContribution",
                "import io.hapc.model.cib.Score", "rule \"admin: keep databases off slow disks\"", "when",
                "    $r : ResourceView( id == \"db\" )", "    $n : NodeView( \"slow\".equals(attributes.get(\"disk\")) )", "then",
                "    insertLogical(new ScoreContribution($r.id(), $n.name(), Score.MINUS_INFINITY,",
                "        \"databases stay off slow disks\", drools.getRule().getName(), null));", "end", ""));
        c.ok("n3", "rules", "add", slowDisks.toString());
        c.await("db moved off the slow disk by the admin's rule", MOVE, () -> c.runningOn("db").size() == 1
                && !c.runningOn("db").contains("n2"));
        assertTrue(c.ok("n1", "rules", "list").contains("slow-disks"), "listed");
    }

    @Test
    void anAdminRuleThatMisbehavesLaterIsSetAsideTheDcStillFencesAndRecoversAndRulesRemoveWorks() throws Exception {
        LocalCluster c = start(2000);
        c.ok("n1", "resource", "defaults", "update", "resource-stickiness=1");
        fencing(c);
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        Path pwn = dir.resolve("pwn.drl");
        Files.writeString(pwn, String.join("\n", "package admin.rules", "import io.hapc.engine.facts.ClusterFact",
                "rule \"admin: pwn\"", "when", "    ClusterFact()", "then", "    Runtime.getRuntime().exec(\"touch " + dir.resolve("pwned") + "\");",
                "end", ""));
        LocalCluster.Result refused = c.hapc("n2", "rules", "add", pwn.toString());
        assertEquals(3, refused.rc(), refused.out() + refused.err());
        assertTrue(refused.err().contains("pwn.drl:7:0: not allowed in admin rules"), refused.err());
        String problem = refused.err().substring(refused.err().indexOf("pwn.drl:")).lines().findFirst().orElseThrow();
        LocalCluster.Result checked = c.hapc("n2", "rules", "check", pwn.toString());
        assertTrue(checked.rc() == 3 && checked.err().contains(problem), "rules check says what add refuses: " + checked.err());

        // Fine when added; from `misbehaves` on, every decision with it would insert facts for ever.
        long misbehaves = java.time.Instant.now().plusSeconds(40).getEpochSecond();
        Path later = dir.resolve("later.drl");
        Files.writeString(later, String.join("\n", "package admin.rules", "import io.hapc.engine.facts.ClusterFact",
                "import io.hapc.engine.facts.ScoreContribution", "import io.hapc.engine.facts.Warning",
                "rule \"admin: note\"", "when", "    ClusterFact()", "then",
                "    insertLogical(new Warning(\"admin rules are on\", drools.getRule().getName()));", "end",
                "rule \"admin: seed\"", "when", "    ClusterFact( now.getEpochSecond() > " + misbehaves + " )", "then",
                "    insert(new ScoreContribution(\"R\", \"n1\", 1, \"seed\", \"admin: forever\", null));", "end",
                "rule \"admin: forever\"", "when", "    ScoreContribution( rule == \"admin: forever\", $v : score )", "then",
                "    insert(new ScoreContribution(\"R\", \"n1\", $v + 1, \"again\", \"admin: forever\", null));", "end", ""));
        c.ok("n2", "rules", "add", later.toString());
        c.await("status shows the admin rules' own warning, from the DC", MOVE,
                () -> status(c, "n3").contains("WARNINGS:\nadmin rules are on\n"));

        while (java.time.Instant.now().getEpochSecond() <= misbehaves + 1) Thread.sleep(200);
        String victim = only(c.runningOn("R"));
        c.kill9(victim);
        String survivor = c.names().stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();
        c.await("R restarted on a survivor", MOVE, () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(victim));
        assertTrue(Files.exists(dir.resolve("power-" + victim)), "the lost node was fenced");
        c.await("status shows that the admin rules are set aside", MOVE, () -> status(c, survivor)
                .contains("admin rule \"admin: forever\" (later.drl) fired more than "));
        String status = status(c, survivor);
        assertTrue(status.contains("hapc rules remove later.drl") && !status.contains("admin rules are on"), status);

        c.ok(survivor, "rules", "remove", "later.drl");
        assertEquals(List.of(), c.cib(survivor).orElseThrow().ruleFiles());
        c.await("the warning is gone with the rule", MOVE, () -> !status(c, survivor).contains("admin rule"));
        assertTrue(Files.notExists(dir.resolve("pwned")), "no rule ran a command");
        assertEquals(1, c.runningOn("R").size());
    }

    private static String status(LocalCluster c, String node) {
        try {
            return c.ok(node, "status");
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static long starts(LocalCluster c, String rsc, String node) {
        try {
            return c.journal().stream().filter(l -> l.resource().equals(rsc) && l.action().equals("start") && l.node().equals(node)).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void whenTheDcIsKilledANewDcTakesOverWithoutRestartingHealthyResources() throws Exception {
        LocalCluster c = start(2000);
        // As pcs sets clusters up: without any stickiness the engine may rebalance healthy resources
        // when a node goes (Pacemaker does the same), which is not what this test is about.
        c.ok("n1", "resource", "defaults", "update", "resource-stickiness=1");
        fencing(c);
        c.ok("n1", "resource", "create", "A", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "resource", "create", "B", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "resource", "create", "C", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("A, B, C running", MOVE, () -> c.runningOn("A").size() == 1 && c.runningOn("B").size() == 1
                && c.runningOn("C").size() == 1);
        String dc = c.dc().orElseThrow();
        List<String> healthy = List.of("A", "B", "C").stream().filter(r -> !c.runningOn(r).contains(dc)).toList();
        long startsBefore = c.journal().stream().filter(l -> l.action().equals("start") && healthy.contains(l.resource())).count();
        c.kill9(dc);
        c.await("a new DC", MOVE, () -> c.dc().filter(d -> !d.equals(dc)).isPresent());
        c.await("everything runs again on the survivors", MOVE, () -> List.of("A", "B", "C").stream()
                .allMatch(r -> c.runningOn(r).size() == 1 && !c.runningOn(r).contains(dc)));
        long startsAfter = c.journal().stream().filter(l -> l.action().equals("start") && healthy.contains(l.resource())).count();
        assertEquals(startsBefore, startsAfter, "resources on healthy nodes were not restarted: " + healthy + "\n" + c.journal()
                + "\n" + c.logs());
        assertNotEquals(dc, c.dc().orElseThrow());
    }

    @Test
    void aNodeThatLosesItsZooKeeperSessionStopsItsResourcesInOrderBeforeOthersStartThem() throws Exception {
        LocalCluster c = start(3000, "n3");
        fencing(c);
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "constraint", "location", "add", "R-on-n3", "R", "n3", "100");
        // A web site that needs its database, all on n3: cut off, n3 must stop the web server, then its
        // address, then the database (the reverse of the order the group and the order constraint give).
        c.ok("n1", "resource", "create", "Database", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "resource", "create", "WebIP", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s", "--group", "WebSite");
        c.ok("n1", "resource", "create", "WebServer", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s", "--group", "WebSite");
        c.ok("n1", "constraint", "colocation", "add", "WebSite", "with", "Database", "INFINITY");
        c.ok("n1", "constraint", "order", "start", "Database", "then", "start", "WebSite");
        c.ok("n1", "constraint", "location", "add", "Database-on-n3", "Database", "n3", "100");
        List<String> all = List.of("R", "Database", "WebIP", "WebServer");
        c.await("everything running on n3", MOVE, () -> all.stream().allMatch(r -> c.runningOn(r).equals(List.of("n3"))));
        c.proxy("n3").cut();
        c.await("n3 stopped everything by itself", MOVE, () -> all.stream()
                .noneMatch(r -> Files.exists(c.node("n3").rscTmp().resolve("Dummy-" + r + ".state"))));
        c.await("everything restarted on n1 or n2", MOVE, () -> all.stream()
                .allMatch(r -> c.runningOn(r).size() == 1 && !c.runningOn(r).contains("n3")));
        List<JournalLine> j = c.journal();
        for (String r : all) {
            long stoppedOnN3 = lastStop(j, r, "n3").endMicros();
            long startedElsewhere = j.stream().filter(l -> l.resource().equals(r) && l.action().equals("start")
                    && !l.node().equals("n3")).mapToLong(JournalLine::beginMicros).max().orElseThrow();
            System.out.printf("ClusterIT: cut-off n3 stopped %s %.0f ms before it started elsewhere%n", r,
                    (startedElsewhere - stoppedOnN3) / 1000.0);
            assertTrue(stoppedOnN3 < startedElsewhere, "n3 stopped " + r + " before it started elsewhere: " + j + "\n"
                    + c.logLines("connection to the cluster", "cut off", "fenc", "left the cluster", "lost"));
        }
        assertTrue(lastStop(j, "WebServer", "n3").endMicros() <= lastStop(j, "WebIP", "n3").beginMicros(),
                "the group stops in reverse: WebServer before WebIP: " + j);
        assertTrue(lastStop(j, "WebIP", "n3").endMicros() <= lastStop(j, "Database", "n3").beginMicros(),
                "the web site stops before the database it needs: " + j);
        c.proxy("n3").heal();
    }

    private static JournalLine lastStop(List<JournalLine> j, String rsc, String node) {
        return j.stream().filter(l -> l.resource().equals(rsc) && l.action().equals("stop") && l.node().equals(node))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no stop of " + rsc + " on " + node + ": " + j));
    }

    /** Runs `hapc ARGS` on `node`; it must succeed within `limit`. */
    private static String okWithin(LocalCluster c, Duration limit, String node, String... args) throws Exception {
        long t0 = System.nanoTime();
        String out = c.ok(node, args);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(limit) < 0, "hapc " + String.join(" ", args) + " answered in " + took.toMillis() + " ms");
        return out;
    }

    @Test
    void deletingARunningFencingDeviceAndARunningResourceStopsThemOnceAnswersAtOnceAndALostNodeIsStillFenced() throws Exception {
        LocalCluster c = start(2000);
        fencing(c);
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R and the device fence-n1 running", MOVE, () -> c.runningOn("R").size() == 1 && c.where("fence-n1").size() == 1);
        String deviceNode = only(c.where("fence-n1"));
        String rNode = only(c.runningOn("R"));
        okWithin(c, Duration.ofSeconds(10), "n2", "stonith", "delete", "fence-n1");
        okWithin(c, Duration.ofSeconds(10), "n3", "resource", "delete", "R");
        c.await("R stopped where it ran", MOVE, () -> c.runningOn("R").isEmpty() && c.where("R").isEmpty());
        c.await("the device stopped where it ran", MOVE, () -> c.where("fence-n1").isEmpty());
        Thread.sleep(3000); // a DC going round in circles would show it by now
        var j = c.journal();
        assertEquals(1, j.stream().filter(l -> l.resource().equals("fence-n1") && l.action().equals("stop")).count(),
                "the device was stopped once, on " + deviceNode + ": " + j);
        assertEquals(1, j.stream().filter(l -> l.resource().equals("R") && l.action().equals("stop") && l.node().equals(rNode)
                && l.rc() == 0).count(), "R was stopped once, cleanly: " + j);
        assertEquals(0, c.logCount("no definition for"), c.logs());
        String status = c.ok("n1", "status");
        assertFalse(status.contains("fence-n1") || status.contains(" R\t") || status.contains("ORPHANED"), status);
        // The DC still decides: a node killed now is fenced by a device that is left.
        String dc = c.dc().orElseThrow();
        String victim = c.names().stream().filter(n -> !n.equals(dc) && !n.equals("n1")).findFirst().orElseThrow();
        c.kill9(victim);
        c.await(victim + " fenced", MOVE, () -> c.logCount("node " + victim + " fenced") >= 1);
        assertTrue(Files.exists(dir.resolve("power-" + victim)), "fence_dummy was run against " + victim);
    }

    @Test
    void aResourceThatCannotStartIsTriedOnceOnEachNodeThenStaysStopped() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        // Dummy cannot create its state file in a directory that does not exist: its start fails (rc 1) everywhere.
        c.ok("n1", "resource", "create", "Broken", "ocf:heartbeat:Dummy", "state=" + dir.resolve("missing/Broken.state"), "op",
                "monitor", "interval=5s");
        c.await("a start of Broken on every node", MOVE, () -> startsOf(c, "Broken").size() == 3);
        Thread.sleep(8000); // a resource that bounces between nodes starts hundreds of times in this while
        List<JournalLine> starts = startsOf(c, "Broken");
        assertEquals(List.of("n1", "n2", "n3"), starts.stream().map(JournalLine::node).sorted().toList(),
                "one start on each node, then never again: " + starts);
        assertTrue(starts.stream().allMatch(l -> l.rc() == 1), starts.toString());
        assertEquals(List.of(), c.where("Broken"));
        String full = c.ok("n1", "status", "--full");
        assertTrue(full.contains("Broken") && full.contains("Stopped"), full);
        assertTrue(full.contains("fail-count=INFINITY"), full);
    }

    private static List<JournalLine> startsOf(LocalCluster c, String rsc) {
        try {
            return c.journal().stream().filter(l -> l.resource().equals(rsc) && l.action().equals("start")).toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    @Test
    void aRefusedEditLeavesTheClusterUntouchedAndAcceptedOnesSurviveARestart() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy");
        var before = c.cib("n1").orElseThrow().version();
        LocalCluster.Result bad = c.hapc("n2", "constraint", "colocation", "add", "R", "with", "Nope", "INFINITY");
        assertEquals(3, bad.rc(), bad.out() + bad.err());
        assertTrue(bad.err().contains("Nope"), bad.err());
        assertEquals(before.epoch(), c.cib("n1").orElseThrow().version().epoch(), "the refused edit changed nothing");
        assertFalse(c.cib("n3").orElseThrow().constraints().stream().anyMatch(x -> x.id().contains("Nope")));
        // What was acknowledged survives a restart of every daemon and the loss of the store's data.
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        c.stopAll();
        assertEquals(List.of(), c.runningOn("R"), "a clean stop of the cluster stops its resources");
        c.restartZooKeeper(true);
        c.startAll();
        assertTrue(c.cib("n2").orElseThrow().resources().stream().anyMatch(r -> r.id().equals("R")), "R is still configured");
        c.await("R running again", MOVE, () -> c.runningOn("R").size() == 1);
    }

    @Test
    void anEditThatWouldMakeTheCibTooLargeIsRefusedThroughANonDcNodeAndChangesNothing() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        String dc = c.dc().orElseThrow();
        String via = c.names().stream().filter(n -> !n.equals(dc)).findFirst().orElseThrow();
        java.util.Random random = new java.util.Random(8);
        LocalCluster.Result refused = null;
        int created = 0;
        // Incompressible parameter values, ~90 KB each once compressed: the configuration passes ZooKeeper's ~1 MiB after about 11.
        for (int i = 1; i <= 20 && refused == null; i++) {
            byte[] noise = new byte[90_000];
            random.nextBytes(noise);
            LocalCluster.Result r = c.hapc(via, "resource", "create", "Big" + i, "ocf:heartbeat:Dummy", "--disabled",
                    "fake=" + java.util.Base64.getEncoder().encodeToString(noise));
            if (r.rc() == 0) {
                created++;
            } else {
                refused = r;
            }
        }
        assertTrue(refused != null, "some edit must be too large");
        assertTrue(created >= 8, "the ones that fit were accepted: " + created);
        assertEquals(3, refused.rc(), refused.out() + refused.err());
        assertTrue(refused.err().contains("over the 1000000 bytes one ZooKeeper znode may hold"), refused.err());
        assertFalse(refused.err().contains("no answer from the DC"), refused.err());
        String tooLarge = "Big" + (created + 1);
        assertEquals(java.util.Optional.of(dc), c.dc(), "the DC did not step down");
        for (String n : c.names()) {
            assertFalse(c.cib(n).orElseThrow().resources().stream().anyMatch(r -> r.id().equals(tooLarge)), "not on " + n);
        }
        // The DC goes on: a later edit is stored, and the refused one does not come back with it.
        c.ok(via, "resource", "delete", "Big1");
        c.ok(via, "property", "set", "after-refusal=yes");
        for (String n : c.names()) {
            c.await("the later edit on " + n, MOVE, () -> c.cib(n).flatMap(x -> x.property("after-refusal")).isPresent());
            var cib = c.cib(n).orElseThrow();
            assertFalse(cib.resources().stream().anyMatch(r -> r.id().equals(tooLarge) || r.id().equals("Big1")), n);
        }
        assertEquals(0, c.logCount("will retry"), "the DC did not retry the refused write");

        // A request too large to even travel to the DC is answered at once by the node it was given to.
        List<String> huge = new java.util.ArrayList<>(List.of("resource", "create", "Huge", "ocf:heartbeat:Dummy", "--disabled"));
        for (int p = 1; p <= 12; p++) {
            byte[] noise = new byte[93_000];
            random.nextBytes(noise);
            huge.add("p" + p + "=" + java.util.Base64.getEncoder().encodeToString(noise));
        }
        long asked = System.nanoTime();
        LocalCluster.Result tooLargeToForward = c.hapc(via, huge.toArray(String[]::new));
        assertEquals(3, tooLargeToForward.rc(), tooLargeToForward.err());
        assertTrue(tooLargeToForward.err().contains("too large to forward to the DC " + dc), tooLargeToForward.err());
        assertTrue(Duration.ofNanos(System.nanoTime() - asked).compareTo(Duration.ofSeconds(30)) < 0, "answered at once");
    }

    @Test
    void simulateLiveAsksWhatIfOfTheRunningCluster() throws Exception {
        LocalCluster c = start(3000);
        fencing(c);
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        String node = only(c.runningOn("R"));
        String out = c.ok("n2", "simulate", "--live", "--node-fail", node);
        assertTrue(out.contains("Fence (reboot) " + node), out);
        assertTrue(out.contains("Move       R"), out);
        assertEquals(List.of(node), c.runningOn("R"), "a what-if changes nothing");
    }
}
