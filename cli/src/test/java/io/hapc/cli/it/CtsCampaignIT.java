package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A short fault campaign (bench/cts/run, issue 16) with a fixed seed on an isolated three-node
 * ZooKeeper sandbox with real fencing: power losses, killed and frozen daemons, cut links, killed
 * resources, failing monitors, a DC killed in a transition, ZooKeeper restarted, admin changes
 * meanwhile. The campaign's observer (outside hapcd) must count no resource active twice, no fault
 * unrecovered within its bound, no acknowledged change lost. Same seed, same faults; the outcome
 * still depends on timing, which is the point. 30 faults: ~10 s a step on a quiet 2-core machine
 * (272.8 s in all, the sandbox's start included), more under load, well within the 15-minute wait.
 */
class CtsCampaignIT {
    private static final int FAULTS = 30;
    private static final Pattern LAST_LINE =
            Pattern.compile("faults (\\d+), double-active (\\d+), unrecovered (\\d+), lost-config (\\d+)");

    /** Not under /tmp: the sandbox's hosts mount their own /tmp and /var/tmp. */
    private final Path dir = LocalCluster.ROOT.resolve("cli/target/cts-it");

    @AfterEach
    void tearDown() throws Exception {
        // the runner stops its sandbox itself; this is for a runner that was killed
        LocalClusterShell.lines(
                LocalCluster.ROOT.resolve("bin/hapc").toString(), "sandbox", "stop", "--dir", dir.toString());
        Path isolation = dir.resolve("isolation.json");
        if (Files.exists(isolation)) {
            String prefix = new ObjectMapper()
                    .readTree(isolation.toFile())
                    .get("prefix")
                    .asText();
            List<String> left = LocalClusterShell.lines("ip", "netns", "list").stream()
                    .filter(l -> l.startsWith(prefix + "-"))
                    .toList();
            assertTrue(left.isEmpty(), "namespaces left behind: " + left);
        }
    }

    @Test
    void aShortCampaignFindsNoViolation() throws Exception {
        assumeTrue(
                ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "needs root (network namespaces)");
        for (String p :
                List.of("/usr/sbin/nft", "/usr/sbin/ip", "/usr/sbin/tc", "/usr/bin/python3", "/usr/bin/nsenter")) {
            assumeTrue(Files.isExecutable(Path.of(p)), "needs " + p + " (nftables, iproute2, python3, util-linux)");
        }
        Files.createDirectories(dir);
        Path out = dir.resolveSibling("cts-it.log");
        Process p = new ProcessBuilder(
                        LocalCluster.ROOT.resolve("bench/cts/run").toString(),
                        "--faults",
                        Integer.toString(FAULTS),
                        "--seed",
                        "16",
                        "--transport",
                        "zookeeper",
                        "--nodes",
                        "3",
                        // without the promotable clone: its finding is fixed, but it adds ~3.6 s a step (516 s
                        // against 444 s for 20 faults, side by side); the targeted runs cover it
                        // (bench/cts/README.md)
                        "--promotable",
                        "0",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroy(); // SIGTERM: the runner reports and stops its sandbox
            p.waitFor(3, TimeUnit.MINUTES);
        }
        List<String> lines = Files.readAllLines(out);
        // the report's last line (the runner logs its sandbox's stop after it)
        String last = lines.stream()
                .filter(l -> LAST_LINE.matcher(l).matches())
                .reduce((a, b) -> b)
                .orElse("");
        Matcher m = LAST_LINE.matcher(last);
        String report = String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        assertTrue(m.matches(), "the campaign's report ends with its counts: " + report);
        assertEquals(FAULTS, Integer.parseInt(m.group(1)), "faults run:\n" + report);
        assertEquals(0, Integer.parseInt(m.group(2)), "double-active:\n" + report);
        assertEquals(0, Integer.parseInt(m.group(3)), "unrecovered:\n" + report);
        assertEquals(0, Integer.parseInt(m.group(4)), "lost-config:\n" + report);
        assertEquals(0, p.exitValue(), "the runner's exit code:\n" + report);
    }
}
