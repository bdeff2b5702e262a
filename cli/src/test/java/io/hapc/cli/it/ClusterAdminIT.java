package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The running cluster, end to end, under administration: rule files, deletions, refused edits, what-ifs. */
class ClusterAdminIT extends ThreeNodeClusterTest {
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
        Files.writeString(
                slowDisks,
                String.join(
                        "\n",
                        "package admin",
                        "import io.hapc.engine.cluster.ResourceView",
                        "import io.hapc.engine.cluster.NodeView",
                        "import io.hapc.engine.facts.ScoreContribution",
                        "import io.hapc.model.cib.Score",
                        "rule \"admin: keep databases off slow disks\"",
                        "when",
                        "    $r : ResourceView( id == \"db\" )",
                        "    $n : NodeView( \"slow\".equals(attributes.get(\"disk\")) )",
                        "then",
                        "    insertLogical(new ScoreContribution($r.id(), $n.name(), Score.MINUS_INFINITY,",
                        "        \"databases stay off slow disks\", drools.getRule().getName(), null));",
                        "end",
                        ""));
        c.ok("n3", "rules", "add", slowDisks.toString());
        c.await(
                "db moved off the slow disk by the admin's rule",
                MOVE,
                () -> c.runningOn("db").size() == 1 && !c.runningOn("db").contains("n2"));
        assertTrue(c.ok("n1", "rules", "list").contains("slow-disks"), "listed");
    }

    @Test
    void aRuleFileThatSwitchesOffABuiltInRuleChangesSimulateAndTheRunningClusterUntilItIsRemoved() throws Exception {
        LocalCluster c = start(3000);
        c.ok("n1", "property", "set", "stonith-enabled=false");
        c.ok("n1", "resource", "create", "db", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "constraint", "location", "add", "db-prefers-n2", "db", "n2", "100");
        c.await("db running on n2", MOVE, () -> c.runningOn("db").equals(List.of("n2")));
        String standbyRule = "node: standby node cannot host resources";
        Path rulesDir = Files.createDirectories(dir.resolve("standby-rules"));
        Files.writeString(
                rulesDir.resolve("standby-keeps.drl"),
                "package admin.standby\n// hapc: disables \"" + standbyRule + "\"\n");

        // What-if first: with the built-in rules a standby n2 moves db, with the file it does not.
        String builtIn = c.ok("n1", "simulate", "--live", "--standby", "n2");
        assertTrue(builtIn.contains("Move       db"), builtIn);
        String withFile = c.ok("n1", "simulate", "--live", "--standby", "n2", "--rules-dir", rulesDir.toString());
        assertFalse(withFile.contains("Move       db"), withFile);

        // Live: the same rule switched off in the running cluster.
        c.ok("n3", "rules", "disable", standbyRule);
        assertTrue(
                c.ok("n1", "rules", "list").contains("disables built-in rule \"" + standbyRule + "\""),
                "rules list says what is switched off");
        c.ok("n1", "node", "standby", "n2");
        // A resource that must run on n2 starts there although n2 is in standby: the DC decided without the rule.
        c.ok("n1", "resource", "create", "web", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "constraint", "location", "add", "web-on-n2", "web", "n2", "INFINITY");
        c.await("web started on standby n2", MOVE, () -> c.runningOn("web").equals(List.of("n2")));
        assertEquals(List.of("n2"), c.runningOn("db"), "db stays on standby n2 while the rule is off");

        // Removing the file brings the built-in rule back: n2's standby empties it (web's INFINITY for n2
        // does not outweigh the standby's -INFINITY; other nodes are allowed).
        c.ok("n1", "rules", "remove", io.hapc.cli.rules.RulesDisableCommand.fileName(standbyRule));
        c.await(
                "db and web moved off standby n2",
                MOVE,
                () -> List.of("db", "web").stream()
                        .allMatch(r ->
                                c.runningOn(r).size() == 1 && !c.runningOn(r).contains("n2")));
    }

    @Test
    void anAdminRuleThatMisbehavesLaterIsSetAsideTheDcStillFencesAndRecoversAndRulesRemoveWorks() throws Exception {
        LocalCluster c = start(2000);
        c.ok("n1", "resource", "defaults", "update", "resource-stickiness=1");
        fencing(c);
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        Path pwn = dir.resolve("pwn.drl");
        Files.writeString(
                pwn,
                String.join(
                        "\n",
                        "package admin.rules",
                        "import io.hapc.engine.facts.ClusterFact",
                        "rule \"admin: pwn\"",
                        "when",
                        "    ClusterFact()",
                        "then",
                        "    Runtime.getRuntime().exec(\"touch " + dir.resolve("pwned") + "\");",
                        "end",
                        ""));
        LocalCluster.Result refused = c.hapc("n2", "rules", "add", pwn.toString());
        assertEquals(3, refused.rc(), refused.out() + refused.err());
        assertTrue(refused.err().contains("pwn.drl:7:0: not allowed in admin rules"), refused.err());
        String problem = refused.err()
                .substring(refused.err().indexOf("pwn.drl:"))
                .lines()
                .findFirst()
                .orElseThrow();
        LocalCluster.Result checked = c.hapc("n2", "rules", "check", pwn.toString());
        assertTrue(
                checked.rc() == 3 && checked.err().contains(problem),
                "rules check says what add refuses: " + checked.err());

        // Fine when added; from `misbehaves` on, every decision with it would insert facts for ever.
        long misbehaves = java.time.Instant.now().plusSeconds(25).getEpochSecond();
        Path later = dir.resolve("later.drl");
        Files.writeString(
                later,
                String.join(
                        "\n",
                        "package admin.rules",
                        "import io.hapc.engine.facts.ClusterFact",
                        "import io.hapc.engine.facts.ScoreContribution",
                        "import io.hapc.engine.facts.Warning",
                        "rule \"admin: note\"",
                        "when",
                        "    ClusterFact()",
                        "then",
                        "    insertLogical(new Warning(\"admin rules are on\", drools.getRule().getName()));",
                        "end",
                        "rule \"admin: seed\"",
                        "when",
                        "    ClusterFact( now.getEpochSecond() > " + misbehaves + " )",
                        "then",
                        "    insert(new ScoreContribution(\"R\", \"n1\", 1, \"seed\", \"admin: forever\", null));",
                        "end",
                        "rule \"admin: forever\"",
                        "when",
                        "    ScoreContribution( rule == \"admin: forever\", $v : score )",
                        "then",
                        "    insert(new ScoreContribution(\"R\", \"n1\", $v + 1, \"again\", \"admin: forever\", null));",
                        "end",
                        ""));
        c.ok("n2", "rules", "add", later.toString());
        c.await(
                "status shows the admin rules' own warning, from the DC",
                MOVE,
                () -> status(c, "n3").contains("WARNINGS:\nadmin rules are on\n"));

        while (java.time.Instant.now().getEpochSecond() <= misbehaves + 1) Thread.sleep(200);
        String victim = only(c.runningOn("R"));
        c.kill9(victim);
        String survivor =
                c.names().stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();
        c.await(
                "R restarted on a survivor",
                MOVE,
                () -> c.runningOn("R").size() == 1 && !c.runningOn("R").contains(victim));
        assertTrue(Files.exists(dir.resolve("power-" + victim)), "the lost node was fenced");
        c.await(
                "status shows that the admin rules are set aside",
                MOVE,
                () -> status(c, survivor).contains("admin rule \"admin: forever\" (later.drl) fired more than "));
        String status = status(c, survivor);
        assertTrue(status.contains("hapc rules remove later.drl") && !status.contains("admin rules are on"), status);

        c.ok(survivor, "rules", "remove", "later.drl");
        assertEquals(List.of(), c.cib(survivor).orElseThrow().ruleFiles());
        c.await(
                "the warning is gone with the rule",
                MOVE,
                () -> !status(c, survivor).contains("admin rule"));
        assertTrue(Files.notExists(dir.resolve("pwned")), "no rule ran a command");
        assertEquals(1, c.runningOn("R").size());
    }

    @Test
    void deletingARunningFencingDeviceAndARunningResourceStopsThemOnceAnswersAtOnceAndALostNodeIsStillFenced()
            throws Exception {
        LocalCluster c = start(2000);
        fencing(c);
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await(
                "R and the device fence-n1 running",
                MOVE,
                () -> c.runningOn("R").size() == 1 && c.where("fence-n1").size() == 1);
        String deviceNode = only(c.where("fence-n1"));
        String rNode = only(c.runningOn("R"));
        okWithin(c, Duration.ofSeconds(10), "n2", "stonith", "delete", "fence-n1");
        okWithin(c, Duration.ofSeconds(10), "n3", "resource", "delete", "R");
        c.await(
                "R stopped where it ran",
                MOVE,
                () -> c.runningOn("R").isEmpty() && c.where("R").isEmpty());
        c.await(
                "the device stopped where it ran",
                MOVE,
                () -> c.where("fence-n1").isEmpty());
        Thread.sleep(3000); // a DC going round in circles would show it by now
        var j = c.journal();
        assertEquals(
                1,
                j.stream()
                        .filter(l ->
                                l.resource().equals("fence-n1") && l.action().equals("stop"))
                        .count(),
                "the device was stopped once, on " + deviceNode + ": " + j);
        assertEquals(
                1,
                j.stream()
                        .filter(l -> l.resource().equals("R")
                                && l.action().equals("stop")
                                && l.node().equals(rNode)
                                && l.rc() == 0)
                        .count(),
                "R was stopped once, cleanly: " + j);
        assertEquals(0, c.logCount("no definition for"), c.logs());
        String status = c.ok("n1", "status");
        assertFalse(status.contains("fence-n1") || status.contains(" R\t") || status.contains("ORPHANED"), status);
        // The DC still decides: a node killed now is fenced by a device that is left.
        String dc = c.dc().orElseThrow();
        String victim = c.names().stream()
                .filter(n -> !n.equals(dc) && !n.equals("n1"))
                .findFirst()
                .orElseThrow();
        c.kill9(victim);
        c.await(victim + " fenced", MOVE, () -> c.logCount("node " + victim + " fenced") >= 1);
        assertTrue(Files.exists(dir.resolve("power-" + victim)), "fence_dummy was run against " + victim);
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
        assertTrue(
                c.cib("n2").orElseThrow().resources().stream().anyMatch(r -> r.id().equals("R")),
                "R is still configured");
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
        // Incompressible parameter values, ~90 KB each once compressed: the configuration passes ZooKeeper's ~1 MiB
        // after about 11.
        for (int i = 1; i <= 20 && refused == null; i++) {
            byte[] noise = new byte[90_000];
            random.nextBytes(noise);
            LocalCluster.Result r = c.hapc(
                    via,
                    "resource",
                    "create",
                    "Big" + i,
                    "ocf:heartbeat:Dummy",
                    "--disabled",
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
            assertFalse(
                    c.cib(n).orElseThrow().resources().stream().anyMatch(r -> r.id().equals(tooLarge)), "not on " + n);
        }
        // The DC goes on: a later edit is stored, and the refused one does not come back with it.
        c.ok(via, "resource", "delete", "Big1");
        c.ok(via, "property", "set", "after-refusal=yes");
        for (String n : c.names()) {
            c.await(
                    "the later edit on " + n,
                    MOVE,
                    () -> c.cib(n).flatMap(x -> x.property("after-refusal")).isPresent());
            var cib = c.cib(n).orElseThrow();
            assertFalse(cib.resources().stream().anyMatch(r -> r.id().equals(tooLarge) || r.id().equals("Big1")), n);
        }
        assertEquals(0, c.logCount("will retry"), "the DC did not retry the refused write");

        // A request too large to even travel to the DC is answered at once by the node it was given to.
        List<String> huge =
                new java.util.ArrayList<>(List.of("resource", "create", "Huge", "ocf:heartbeat:Dummy", "--disabled"));
        for (int p = 1; p <= 12; p++) {
            byte[] noise = new byte[93_000];
            random.nextBytes(noise);
            huge.add("p" + p + "=" + java.util.Base64.getEncoder().encodeToString(noise));
        }
        long asked = System.nanoTime();
        LocalCluster.Result tooLargeToForward = c.hapc(via, huge.toArray(String[]::new));
        assertEquals(3, tooLargeToForward.rc(), tooLargeToForward.err());
        assertTrue(tooLargeToForward.err().contains("too large to forward to the DC " + dc), tooLargeToForward.err());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - asked).compareTo(Duration.ofSeconds(30)) < 0, "answered at once");
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
