package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.cli.it.LocalCluster.JournalLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The running cluster, end to end: placement, failures, fencing, a lost DC, a node cut off. */
class ClusterIT extends ThreeNodeClusterTest {
    @Test
    void startupPlacementHonoursColocationAndOrderAsTheAgentsRanThem() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "create", "Database", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok(
                "n2",
                "resource",
                "create",
                "WebIP",
                "ocf:heartbeat:Dummy",
                "op",
                "monitor",
                "interval=5s",
                "--group",
                "WebSite");
        c.ok(
                "n3",
                "resource",
                "create",
                "WebServer",
                "ocf:heartbeat:Dummy",
                "op",
                "monitor",
                "interval=5s",
                "--group",
                "WebSite");
        c.ok("n1", "constraint", "colocation", "add", "WebSite", "with", "Database", "INFINITY");
        c.ok("n1", "constraint", "order", "start", "Database", "then", "start", "WebSite");
        c.await(
                "all three running together",
                MOVE,
                () -> c.runningOn("Database").size() == 1
                        && c.runningOn("Database").equals(c.runningOn("WebIP"))
                        && c.runningOn("WebIP").equals(c.runningOn("WebServer")));
        String node = only(c.runningOn("Database"));
        c.await(
                "the status agrees with the agents",
                MOVE,
                () -> c.where("WebServer").equals(List.of(node)));
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

    @Test
    void standbyMovesAResourceAndStickinessKeepsItWhereItWent() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "defaults", "update", "resource-stickiness=100");
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        String first = only(c.runningOn("R"));
        c.ok("n1", "node", "standby", first);
        c.await(
                "R moved off " + first,
                MOVE,
                () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(first));
        String second = only(c.runningOn("R"));
        c.ok("n1", "node", "unstandby", first);
        c.await(first + " back online and not in standby", MOVE, () -> c.online(first));
        // Give the DC its decision after the unstandby; R must stay where it went.
        c.await("the DC decided after unstandby", MOVE, () -> c.where("R").equals(List.of(second)));
        c.ok("n1", "status");
        assertEquals(List.of(second), c.runningOn("R"), "stickiness keeps R on " + second);
        long startsOnFirstAfter = c.journal().stream()
                .filter(l -> l.resource().equals("R") && l.action().equals("start"))
                .count();
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
        c.await(
                "R restarted on a survivor",
                MOVE,
                () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(victim));
        assertTrue(Files.exists(power), "fence_dummy was run against " + victim + " (its power file exists)");
        // the agent's state file can appear before the start's journal line is written: wait for the line
        c.await("the restart journaled", MOVE, () -> {
            try {
                return c.journal().stream()
                        .anyMatch(l -> l.resource().equals("R")
                                && l.action().equals("start")
                                && !l.node().equals(victim));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        long restart = c.journal().stream()
                .filter(l -> l.resource().equals("R")
                        && l.action().equals("start")
                        && !l.node().equals(victim))
                .mapToLong(JournalLine::beginMicros)
                .max()
                .orElseThrow();
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
        c.ok(
                "n1",
                "stonith",
                "create",
                "fence-n3-pdu",
                "fence_dummy",
                "status_file=" + dir.resolve("power-n3"),
                "pcmk_host_list=n3");
        c.await("R restarted once n3 is fenced", MOVE, () -> c.runningOn("R").size() == 1);
        assertTrue(Files.exists(dir.resolve("power-n3")), "the working device fenced n3");
    }

    @Test
    void aMonitorFailureRestartsInPlaceThenMovesAfterMigrationThreshold() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok(
                "n1",
                "resource",
                "create",
                "R",
                "ocf:heartbeat:Dummy",
                "op",
                "monitor",
                "interval=1s",
                "meta",
                "migration-threshold=2");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        String node = only(c.runningOn("R"));
        Path state = c.node(node).rscTmp().resolve("Dummy-R.state");
        Files.delete(state); // Dummy's monitor now says "not running": a failure
        c.await(
                "R restarted in place",
                MOVE,
                () -> Files.exists(state) && c.where("R").equals(List.of(node)) && starts(c, "R", node) >= 2);
        Files.delete(state);
        c.await(
                "R moved after the second failure",
                MOVE,
                () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(node));
        String status = c.ok("n1", "status");
        assertTrue(status.contains("R"), status);
    }

    @Test
    void whenTheFailureTimeoutHasPassedTheResourceGoesBackWhereItPrefersToRun() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok(
                "n1",
                "resource",
                "create",
                "R",
                "ocf:heartbeat:Dummy",
                "op",
                "monitor",
                "interval=1s",
                "meta",
                "migration-threshold=1",
                "failure-timeout=6s");
        c.ok("n1", "constraint", "location", "add", "R-prefers-n2", "R", "n2", "100");
        c.await("R running on n2", MOVE, () -> c.runningOn("R").equals(List.of("n2")));
        Files.delete(c.node("n2").rscTmp().resolve("Dummy-R.state"));
        c.await(
                "R moved away after one failure",
                MOVE,
                () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains("n2"));
        // No event happens after this: only the DC's own timer can notice that the failure expired.
        c.await(
                "R back on n2 once the failure expired",
                MOVE,
                () -> c.runningOn("R").equals(List.of("n2")));
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
        c.await(
                "A, B, C running",
                MOVE,
                () -> c.runningOn("A").size() == 1
                        && c.runningOn("B").size() == 1
                        && c.runningOn("C").size() == 1);
        String dc = c.dc().orElseThrow();
        List<String> healthy = List.of("A", "B", "C").stream()
                .filter(r -> !c.runningOn(r).contains(dc))
                .toList();
        long startsBefore = c.journal().stream()
                .filter(l -> l.action().equals("start") && healthy.contains(l.resource()))
                .count();
        c.kill9(dc);
        c.await("a new DC", MOVE, () -> c.dc().filter(d -> !d.equals(dc)).isPresent());
        c.await(
                "everything runs again on the survivors",
                MOVE,
                () -> List.of("A", "B", "C").stream()
                        .allMatch(r ->
                                c.runningOn(r).size() == 1 && !c.runningOn(r).contains(dc)));
        long startsAfter = c.journal().stream()
                .filter(l -> l.action().equals("start") && healthy.contains(l.resource()))
                .count();
        assertEquals(
                startsBefore,
                startsAfter,
                "resources on healthy nodes were not restarted: " + healthy + "\n" + c.journal() + "\n" + c.logs());
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
        c.ok(
                "n1",
                "resource",
                "create",
                "WebIP",
                "ocf:heartbeat:Dummy",
                "op",
                "monitor",
                "interval=5s",
                "--group",
                "WebSite");
        c.ok(
                "n1",
                "resource",
                "create",
                "WebServer",
                "ocf:heartbeat:Dummy",
                "op",
                "monitor",
                "interval=5s",
                "--group",
                "WebSite");
        c.ok("n1", "constraint", "colocation", "add", "WebSite", "with", "Database", "INFINITY");
        c.ok("n1", "constraint", "order", "start", "Database", "then", "start", "WebSite");
        c.ok("n1", "constraint", "location", "add", "Database-on-n3", "Database", "n3", "100");
        List<String> all = List.of("R", "Database", "WebIP", "WebServer");
        c.await(
                "everything running on n3",
                MOVE,
                () -> all.stream().allMatch(r -> c.runningOn(r).equals(List.of("n3"))));
        c.proxy("n3").cut();
        c.await(
                "n3 stopped everything by itself",
                MOVE,
                () -> all.stream()
                        .noneMatch(r -> Files.exists(c.node("n3").rscTmp().resolve("Dummy-" + r + ".state"))));
        c.await(
                "everything restarted on n1 or n2",
                MOVE,
                () -> all.stream()
                        .allMatch(r ->
                                c.runningOn(r).size() == 1 && !c.runningOn(r).contains("n3")));
        List<JournalLine> j = c.journal();
        for (String r : all) {
            long stoppedOnN3 = lastStop(j, r, "n3").endMicros();
            long startedElsewhere = j.stream()
                    .filter(l -> l.resource().equals(r)
                            && l.action().equals("start")
                            && !l.node().equals("n3"))
                    .mapToLong(JournalLine::beginMicros)
                    .max()
                    .orElseThrow();
            System.out.printf(
                    "ClusterIT: cut-off n3 stopped %s %.0f ms before it started elsewhere%n",
                    r, (startedElsewhere - stoppedOnN3) / 1000.0);
            assertTrue(
                    stoppedOnN3 < startedElsewhere,
                    "n3 stopped " + r + " before it started elsewhere: " + j + "\n"
                            + c.logLines("connection to the cluster", "cut off", "fenc", "left the cluster", "lost"));
        }
        assertTrue(
                lastStop(j, "WebServer", "n3").endMicros()
                        <= lastStop(j, "WebIP", "n3").beginMicros(),
                "the group stops in reverse: WebServer before WebIP: " + j);
        assertTrue(
                lastStop(j, "WebIP", "n3").endMicros()
                        <= lastStop(j, "Database", "n3").beginMicros(),
                "the web site stops before the database it needs: " + j);
        c.proxy("n3").heal();
    }

    /** The roles Pacemaker's Stateful agent says it has, node by node (its state file in the node's HA_VARRUN). */
    private static java.util.Map<String, String> statefulRoles(LocalCluster c) {
        java.util.Map<String, String> roles = new java.util.TreeMap<>();
        for (String n : c.names()) {
            if (!c.node(n).alive()) continue;
            try (var files = Files.list(c.node(n).varRun())) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("Stateful-db"))
                        .toList()) {
                    roles.put(n, Files.readString(f).strip());
                }
            } catch (java.io.IOException e) {
                // the agent is writing it: look again next round
            }
        }
        return roles;
    }

    private static long promoted(java.util.Map<String, String> roles) {
        return roles.values().stream().filter("Promoted"::equals).count();
    }

    @Test
    void pacemakersStatefulAgentIsPromotedByTheScoresItSetsWithCrmAttributeAndThePromotedRoleFailsOver()
            throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/pacemaker/Stateful")),
                "needs Pacemaker's Stateful agent (Debian: pacemaker-resource-agents)");
        LocalCluster c = start(3000);
        fencing(c);
        c.ok(
                "n1",
                "resource",
                "create",
                "db",
                "ocf:pacemaker:Stateful",
                "op",
                "monitor",
                "interval=5s",
                "role=Promoted",
                "op",
                "monitor",
                "interval=6s",
                "role=Unpromoted");
        c.ok("n1", "resource", "promotable", "db", "promoted-max=1");
        c.await("one Promoted instance and two Unpromoted, as the agent says", MOVE, () -> {
            var roles = statefulRoles(c);
            return roles.size() == 3 && promoted(roles) == 1;
        });
        String first = statefulRoles(c).entrySet().stream()
                .filter(e -> e.getValue().equals("Promoted"))
                .map(java.util.Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        // The agent's own scores (crm_attribute --promotion: 10 promoted, 5 unpromoted) are in the status.
        String scores = c.ok("n1", "node", "attribute", "--lifetime", "reboot");
        assertTrue(scores.contains(first + ": master-db=10"), scores);
        c.kill9(first);
        c.await("the Promoted role moved to a survivor", MOVE, () -> {
            var roles = statefulRoles(c);
            return promoted(roles) == 1 && !roles.containsKey(first);
        });
    }

    @Test
    void aResourceThatCannotStartIsTriedOnceOnEachNodeThenStaysStopped() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        // Dummy cannot create its state file in a directory that does not exist: its start fails (rc 1) everywhere.
        c.ok(
                "n1",
                "resource",
                "create",
                "Broken",
                "ocf:heartbeat:Dummy",
                "state=" + dir.resolve("missing/Broken.state"),
                "op",
                "monitor",
                "interval=5s");
        c.await(
                "a start of Broken on every node",
                MOVE,
                () -> startsOf(c, "Broken").size() == 3);
        Thread.sleep(8000); // a resource that bounces between nodes starts hundreds of times in this while
        List<JournalLine> starts = startsOf(c, "Broken");
        assertEquals(
                List.of("n1", "n2", "n3"),
                starts.stream().map(JournalLine::node).sorted().toList(),
                "one start on each node, then never again: " + starts);
        assertTrue(starts.stream().allMatch(l -> l.rc() == 1), starts.toString());
        assertEquals(List.of(), c.where("Broken"));
        String full = c.ok("n1", "status", "--full");
        assertTrue(full.contains("Broken") && full.contains("Stopped"), full);
        assertTrue(full.contains("fail-count=INFINITY"), full);
    }
}
