package io.hapc.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster commands against a stand-in daemon: what they send, what they print, which exit code they return. */
class DaemonCommandsTest {
    static final Path WEB_CLUSTER =
            Path.of(System.getProperty("hapc.root.dir", "..")).resolve("examples/web-cluster.xml");

    private static Function<AdminRequest, AdminReply> serving(String cibXml) {
        return r -> {
            if (r instanceof AdminRequest.GetCib) return AdminReply.success("").withCib(cibXml, Optional.of("node2"));
            if (r instanceof AdminRequest.GetWarnings) return AdminReply.success("");
            if (r instanceof AdminRequest.DaemonInfo) {
                return new AdminReply(
                        true,
                        0,
                        "",
                        Optional.empty(),
                        Optional.of("node2"),
                        Optional.of("node1"),
                        Optional.of(42L),
                        Optional.of("CONNECTED"));
            }
            if (r instanceof AdminRequest.Edit e
                    && e.edit() instanceof CibEdit.ResourceDelete d
                    && d.id().equals("nope")) {
                return AdminReply.failure(3, "no resource 'nope' in the CIB (resources: VIP)");
            }
            return AdminReply.success("done: " + r.getClass().getSimpleName());
        };
    }

    private static CliRun run(FakeDaemon d, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--socket";
        all[args.length + 1] = d.socket().toString();
        return CliRun.of(all);
    }

    @Test
    void anEditIsSentAndTheDaemonsMessagePrinted(@TempDir Path dir) throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            CliRun r = run(d, "resource", "disable", "VIP");
            assertEquals(0, r.code(), r.err());
            assertEquals("done: Edit\n", r.out());
            assertEquals(List.of(new AdminRequest.Edit(new CibEdit.ResourceDisable(List.of("VIP")))), d.requests());
        }
    }

    @Test
    void aRefusalGoesToStderrWithTheDaemonsExitCode(@TempDir Path dir) throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            CliRun r = run(d, "resource", "delete", "nope");
            assertEquals(3, r.code());
            assertEquals("", r.out());
            assertEquals("error: no resource 'nope' in the CIB (resources: VIP)\n", r.err());
        }
    }

    @Test
    void standbyWithoutANodeMeansTheDaemonsNode(@TempDir Path dir) throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            assertEquals(0, run(d, "node", "standby").code());
            assertEquals(
                    List.of(
                            new AdminRequest.DaemonInfo(),
                            new AdminRequest.Edit(new CibEdit.NodeStandby(List.of("node1"), false, true))),
                    d.requests());
        }
    }

    @Test
    void readingCommandsAskTheDaemonOfTheRootsOptionsAndPrintTextOrJson(@TempDir Path dir) throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            CliRun text = run(d, "config");
            assertEquals(0, text.code(), text.err());
            assertTrue(text.out().contains("VIP"), text.out());
            CliRun json = run(d, "config", "-o", "json");
            assertEquals(0, json.code(), json.err());
            assertTrue(json.out().startsWith("{") && json.out().contains("\"VIP\""), json.out());
            CliRun acl = run(d, "acl", "config", "--output", "json");
            assertEquals(0, acl.code(), acl.err());
            assertTrue(acl.out().contains("\"enabled\""), acl.out());
            assertEquals(
                    List.of(new AdminRequest.GetCib(), new AdminRequest.GetCib(), new AdminRequest.GetCib()),
                    d.requests(),
                    "each asked the daemon of --socket once");
        }
    }

    @Test
    void daemonOptionsMayComeBeforeTheSubcommand(@TempDir Path dir) throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            CliRun r = CliRun.of(
                    "--socket",
                    d.socket().toString(),
                    "constraint",
                    "order",
                    "start",
                    "Database",
                    "then",
                    "start",
                    "WebSite");
            assertEquals(0, r.code(), r.err());
            assertEquals(
                    List.of(new AdminRequest.Edit(new CibEdit.OrderAdd(
                            Optional.empty(),
                            Optional.of("start"),
                            "Database",
                            Optional.of("start"),
                            "WebSite",
                            Optional.empty(),
                            Optional.empty()))),
                    d.requests());
        }
    }

    @Test
    void fenceSendsAFenceRequest(@TempDir Path dir) throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            assertEquals(0, run(d, "stonith", "fence", "node3").code());
            assertEquals(List.of(new AdminRequest.Fence("node3", "reboot")), d.requests());
        }
    }

    @Test
    void aDaemonThatTookTheRequestAndDiedLeavesItsOutcomeUnknownNotUnreachable(@TempDir Path dir) throws Exception {
        // Found by the fault campaign: the DC stored a change, its host was fenced before it answered, and the CLI
        // said "cannot reach hapcd … is it running?": the admin (and the campaign) took the change as not made.
        Function<AdminRequest, AdminReply> reads = serving(Files.readString(WEB_CLUSTER));
        try (FakeDaemon d = new FakeDaemon(dir, r -> r.isChange() ? null : reads.apply(r))) {
            CliRun change = run(d, "resource", "delete", "VIP");
            assertEquals(5, change.code(), change.err());
            assertTrue(
                    change.err().contains("took the request but closed the connection before it answered"),
                    change.err());
            assertTrue(change.err().contains("the change may or may not have been made; look"), change.err());
            assertFalse(change.err().contains("is it running?"), change.err());
        }
        try (FakeDaemon d = new FakeDaemon(dir, r -> null)) {
            CliRun read = run(d, "status");
            assertEquals(5, read.code(), read.err());
            assertTrue(
                    read.err().contains("closed the connection before it answered")
                            && read.err().contains("; try again, or ask another node"),
                    read.err());
        }
    }

    @Test
    void aDaemonThatIsNotRunningIsASystemFailureNamingTheSocket(@TempDir Path dir) {
        Path socket = dir.resolve("hapcd.sock");
        CliRun r = CliRun.of("status", "--socket", socket.toString());
        assertEquals(5, r.code());
        assertTrue(r.err().startsWith("error: cannot reach hapcd at " + socket + " ("), r.err());
        assertTrue(r.err().contains("is it running? Start it with `hapc cluster start`"), r.err());
    }

    @Test
    void statusShowsTheWarningsTheDcGivesAndRunsNoRules(@TempDir Path dir) throws Exception {
        String cib = Files.readString(WEB_CLUSTER);
        Function<AdminRequest, AdminReply> daemon = r -> r instanceof AdminRequest.GetWarnings
                ? AdminReply.success("node node1 is in standby\nadmin rule \"x\" (x.drl) fired more than 20000 times")
                : serving(cib).apply(r);
        try (FakeDaemon d = new FakeDaemon(dir, daemon)) {
            CliRun status = run(d, "status");
            assertEquals(0, status.code(), status.err());
            assertTrue(
                    status.out()
                            .contains(
                                    "WARNINGS:\nnode node1 is in standby\nadmin rule \"x\" (x.drl) fired more than 20000 times\n"),
                    status.out());
            assertEquals(
                    List.of(new AdminRequest.GetCib(), new AdminRequest.GetWarnings(), new AdminRequest.DaemonInfo()),
                    d.requests());
        }
    }

    @Test
    void statusLoadsNoRuleEngineClasses(@TempDir Path dir) throws Exception {
        // A rule file must never run in the CLI: status gets the DC's warnings and loads no Drools at all.
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-verbose:class",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "io.hapc.cli.HapcCommand",
                            "status",
                            "--socket",
                            d.socket().toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            assertTrue(out.contains("Current DC: node2"), out);
            assertTrue(out.contains("io.hapc.cli.status.StatusCommand"), "class loading is listed");
            assertEquals(
                    List.of(),
                    out.lines()
                            .filter(l -> l.contains("org.drools") || l.contains("org.kie"))
                            .limit(5)
                            .toList());
        }
    }

    @Test
    void listingsFetchTheCibAndFormatItHere(@TempDir Path dir) throws Exception {
        try (FakeDaemon d = new FakeDaemon(dir, serving(Files.readString(WEB_CLUSTER)))) {
            CliRun status = run(d, "status");
            assertEquals(0, status.code(), status.err());
            assertTrue(status.out().contains("  * Current DC: node2 - partition with quorum\n"), status.out());
            assertTrue(
                    status.out()
                            .contains(
                                    "\nDaemon Status:\n  hapcd on node1: running (pid 42), cluster connection CONNECTED"),
                    status.out());

            CliRun json = run(d, "status", "--output", "json");
            assertTrue(json.out().contains("\"dc\" : \"node2\""), json.out());

            CliRun constraints = run(d, "constraint");
            assertTrue(constraints.out().startsWith("""
                    Location Constraints:
                      Resource: VIP
                        Enabled on:
                          Node: node1 (score:50) (id:VIP-prefers-node1)
                      Resource: WebSite
                        Constraint: WebSite-avoids-slow-disks
                          Rule: score=-INFINITY (id:WebSite-avoids-slow-disks-rule)
                            Expression: disk eq slow (id:WebSite-slow-disk)
                    Ordering Constraints:
                      start VIP then start WebSite (kind:Mandatory) (id:VIP-then-WebSite)
                    Colocation Constraints:
                      WebSite with VIP (score:INFINITY) (id:WebSite-with-VIP)
                    """), constraints.out());
            assertEquals(constraints.out(), run(d, "constraint", "list").out());

            CliRun properties = run(d, "property", "show");
            assertEquals("Cluster Properties:\n  fencing-enabled: true\n  no-quorum-policy: stop\n", properties.out());

            CliRun config = run(d, "resource", "show", "VIP");
            assertEquals("""
                    Resource: VIP (class=ocf provider=heartbeat type=IPaddr2)
                      Attributes: ip=198.18.77.100 cidr_netmask=24
                      Operations:
                        monitor interval=30s (VIP-monitor-30s)
                    """, config.out());

            CliRun devices = run(d, "stonith", "show");
            assertEquals("  * fence-all\t(stonith:fence_dummy):\t Started node2\n", devices.out());

            CliRun attrs = run(d, "node", "attribute");
            assertEquals("Node Attributes:\n  node3: disk=slow\n", attrs.out());

            CliRun defaults = run(d, "resource", "defaults");
            assertEquals("Resource Defaults:\n  resource-stickiness: 1\n", defaults.out());
            assertTrue(
                    d.requests().stream()
                            .allMatch(x -> x instanceof AdminRequest.GetCib
                                    || x instanceof AdminRequest.GetWarnings
                                    || x instanceof AdminRequest.DaemonInfo),
                    "listings only read");
        }
    }

    @Test
    void rulesListAndShow(@TempDir Path dir) throws Exception {
        String xml = Files.readString(WEB_CLUSTER)
                .replace(
                        "</configuration>",
                        "<hapc-rules><rule-file name=\"a.drl\"><![CDATA[package a\n// one\n]]></rule-file></hapc-rules></configuration>");
        try (FakeDaemon d = new FakeDaemon(dir, serving(xml))) {
            assertEquals("a.drl (2 lines)\n", run(d, "rules", "list").out());
            assertEquals("package a\n// one\n", run(d, "rules", "show", "a.drl").out());
            CliRun missing = run(d, "rules", "show", "b.drl");
            assertEquals(3, missing.code());
            assertEquals("error: no rule file 'b.drl' in the CIB (rule files: a.drl)\n", missing.err());
        }
    }
}
