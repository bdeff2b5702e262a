package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.cli.it.LocalCluster.JournalLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real hapcd processes on the heartbeat transport (UDP on 127.0.0.1, no ZooKeeper), the real Dummy
 * agent and fence_dummy, commands through the real bin/hapc. Every test ends by checking that no resource
 * was ever active on both nodes at once.
 */
class HeartbeatClusterIT {
    private static final Duration MOVE = Duration.ofSeconds(40);
    /** Heartbeat's defaults but a 1 s deadtime: quick, with room for this loaded machine (5 heartbeats per deadtime). */
    private static final Map<String, String> TIMINGS =
            Map.of("interval", "200ms", "warntime", "600ms", "deadtime", "1s", "initdead", "4s");

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

    private LocalCluster startWithFencing() throws Exception {
        cluster = LocalCluster.heartbeat(dir, TIMINGS);
        for (String n : cluster.names()) {
            cluster.ok(
                    "n1",
                    "stonith",
                    "create",
                    "fence-" + n,
                    "fence_dummy",
                    "status_file=" + dir.resolve("power-" + n),
                    "pcmk_host_list=" + n);
            cluster.ok("n1", "constraint", "location", "fence-" + n, "avoids", n);
        }
        return cluster;
    }

    @Test
    void killNineOfTheNodeRunningAResourceTheSurvivorFencesItAndStartsTheResource() throws Exception {
        LocalCluster c = startWithFencing();
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        String victim = c.runningOn("R").get(0);
        String survivor = victim.equals("n1") ? "n2" : "n1";
        Path power = dir.resolve("power-" + victim);
        long killedAt = System.currentTimeMillis() * 1000;
        c.kill9(victim);

        c.await("R restarted on " + survivor, MOVE, () -> c.runningOn("R").equals(List.of(survivor)));
        assertTrue(Files.exists(power), "fence_dummy was run against " + victim + " (its power file exists)");
        c.await("the restart journaled", MOVE, () -> {
            try {
                return c.journal().stream()
                        .anyMatch(l -> l.resource().equals("R")
                                && l.action().equals("start")
                                && l.node().equals(survivor));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        JournalLine restart = c.journal().stream()
                .filter(l -> l.resource().equals("R")
                        && l.action().equals("start")
                        && l.node().equals(survivor))
                .reduce((a, b) -> b)
                .orElseThrow();
        long fenced = Files.getLastModifiedTime(power).toMillis() * 1000;
        assertTrue(
                fenced <= restart.beginMicros() + 1_000_000,
                "fencing (" + fenced + ") before the restart (" + restart + ")");
        System.out.printf(
                "heartbeat failover: kill -9 of %s -> R started on %s after %d ms (fenced after %d ms)%n",
                victim, survivor, (restart.endMicros() - killedAt) / 1000, (fenced - killedAt) / 1000);

        // The fenced node "reboots" (its /run, HA_RSCTMP, starts empty): it takes the CIB the survivor wrote
        // meanwhile and joins again.
        c.ok(survivor, "resource", "create", "S", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        try (java.util.stream.Stream<Path> files = Files.walk(c.node(victim).rscTmp())) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
        c.start(victim);
        c.await(victim + " online again", MOVE, () -> c.online(victim) && c.online(survivor));
        c.await(
                "S and R each running once",
                MOVE,
                () -> c.runningOn("R").size() == 1 && c.runningOn("S").size() == 1);
        Path copy = dir.resolve(victim).resolve("state").resolve("heartbeat-cib.xml");
        c.await(victim + "'s own copy of the CIB has S", MOVE, () -> {
            try {
                return Files.readString(copy).contains("id=\"S\"");
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    @Test
    void aNodeThatBootsAloneStartsNothingUntilItHasSeenItsPeer() throws Exception {
        LocalCluster c = startWithFencing();
        c.ok("n1", "resource", "create", "R", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.await("R running", MOVE, () -> c.runningOn("R").size() == 1);
        c.stopAll();

        c.start("n1");
        // wait_for_all: n1 never saw n2 in this life. initdead (4 s) passes, n2 is declared dead, and still
        // n1 has no DC and starts nothing: it can not know that n2 does not run R.
        Thread.sleep(Duration.ofSeconds(8).toMillis()); // twice initdead: a negative can only be shown by waiting
        assertEquals(List.of(), c.runningOn("R"), "nothing started by a lone node");
        assertTrue(c.dc().isEmpty(), "no DC without quorum: " + c.dc());

        c.start("n2");
        c.await("a DC once both were seen", MOVE, () -> c.dc().isPresent());
        c.await("R running again", MOVE, () -> c.runningOn("R").size() == 1);
    }

    /**
     * A fence agent in the fence-agents convention whose power switch is a node's hapcd process: off and reboot
     * kill -9 it (and its agents), as a power loss would; each fencing is logged to fenced.log.
     */
    private Path powerSwitchAgent() throws Exception {
        Path agents = dir.resolve("fence-agents");
        Files.createDirectories(agents);
        Path agent = agents.resolve("fence_it_power");
        Files.writeString(
                agent,
                String.join(
                        "\n",
                        "#!/bin/bash",
                        "action=; plug=",
                        "while IFS='=' read -r k v; do case \"$k\" in action) action=$v;; port|plug) plug=$v;; esac; done",
                        "D='" + dir + "'",
                        "case \"$action\" in",
                        "  off|reboot)",
                        "    pid=$(cat \"$D/$plug/hapcd.pid\" 2>/dev/null) || exit 1",
                        "    pkill -9 -P \"$pid\" 2>/dev/null; kill -9 \"$pid\" 2>/dev/null",
                        "    echo \"$action $plug\" >> \"$D/fenced.log\"",
                        "    [ \"$action\" = off ] && touch \"$D/$plug.off\"; exit 0 ;;",
                        "  on) rm -f \"$D/$plug.off\"; exit 0 ;;",
                        "  status|monitor) [ -n \"$plug\" ] && [ -f \"$D/$plug.off\" ] && exit 2; exit 0 ;;",
                        "  list|validate-all) exit 0 ;;",
                        "  metadata) echo '<?xml version=\"1.0\"?><resource-agent name=\"fence_it_power\" shortdesc=\"test power switch\">"
                                + "<parameters><parameter name=\"port\"><content type=\"string\"/></parameter>"
                                + "<parameter name=\"plug\"><content type=\"string\"/></parameter></parameters><actions>"
                                + "<action name=\"on\"/><action name=\"off\"/><action name=\"reboot\"/><action name=\"status\"/>"
                                + "<action name=\"monitor\"/><action name=\"list\"/><action name=\"metadata\"/></actions></resource-agent>'; exit 0 ;;",
                        "  *) exit 1 ;;",
                        "esac",
                        ""));
        Files.setPosixFilePermissions(agent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return agents;
    }

    @Test
    void aSplitEndsWithTheNodeOfTheMoreImportantResourcePoweringTheOtherOffAndNothingStartedTwice() throws Exception {
        Path agents = powerSwitchAgent();
        cluster = LocalCluster.heartbeatRelayed(dir, TIMINGS, Map.of("HAPC_FENCE_AGENT_DIR", agents.toString()));
        LocalCluster c = cluster;
        for (String n : c.names()) {
            c.ok("n1", "stonith", "create", "fence-" + n, "fence_it_power", "pcmk_host_list=" + n);
            c.ok("n1", "constraint", "location", "fence-" + n, "avoids", n);
        }
        // Both nodes stay DC of their own half (two_node) and both try to fence: priority-fencing-delay holds back
        // the fencing of n1, which runs DB (priority 10), so n1 wins the race.
        c.ok("n1", "property", "set", "priority-fencing-delay=5s");
        c.ok(
                "n1",
                "resource",
                "create",
                "DB",
                "ocf:heartbeat:Dummy",
                "meta",
                "priority=10",
                "op",
                "monitor",
                "interval=5s");
        c.ok("n1", "constraint", "location", "add", "DB-on-n1", "DB", "n1", "100");
        c.ok("n1", "resource", "create", "Web", "ocf:heartbeat:Dummy", "op", "monitor", "interval=5s");
        c.ok("n1", "constraint", "location", "add", "Web-on-n2", "Web", "n2", "100");
        c.await(
                "DB on n1 and Web on n2",
                MOVE,
                () -> c.runningOn("DB").equals(List.of("n1"))
                        && c.runningOn("Web").equals(List.of("n2")));

        c.relay("n1").cut();
        c.relay("n2").cut();
        c.await("n2 powered off by n1", MOVE, () -> !c.node("n2").alive());
        c.await("Web recovered on n1", MOVE, () -> c.runningOn("Web").equals(List.of("n1")));
        Thread.sleep(7000); // past n2's priority-fencing-delay (5 s): had n2 lived, it would have fenced n1 by now
        assertTrue(c.node("n1").alive(), "n1, which runs the more important resource, survives the split\n" + c.logs());
        assertEquals(List.of("reboot n2"), Files.readAllLines(dir.resolve("fenced.log")), "n2 alone was fenced");
        assertEquals(List.of("n1"), c.runningOn("DB"), "DB stayed where it ran");
        assertTrue(
                c.journal().stream()
                        .noneMatch(l -> l.resource().equals("DB")
                                && l.action().equals("start")
                                && l.node().equals("n2")),
                "DB never started on the node that lost");
    }
}
