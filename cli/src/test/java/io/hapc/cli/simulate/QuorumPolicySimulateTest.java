package io.hapc.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.cli.CliRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `hapc simulate` on a partition without quorum (have-quorum="0"), for each no-quorum-policy: what
 * quorum.drl plans. The partition is node1 and node2: Fencing and A run on node1, B would start,
 * db is promoted on node1 and unpromoted on node2.
 */
class QuorumPolicySimulateTest {
    @TempDir
    Path dir;

    /** The Transition Summary lines, blanks squeezed, of `hapc simulate` on the CIB with this policy. */
    private List<String> plan(String policy, boolean fencing) throws IOException {
        CliRun r = simulate(policy, fencing);
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        String summary = out.substring(out.indexOf("Transition Summary:"), out.indexOf("Revised Cluster Status:"));
        return summary.lines()
                .skip(1)
                .map(l -> l.strip().replaceAll("\\s+", " "))
                .filter(l -> !l.isEmpty())
                .toList();
    }

    private CliRun simulate(String policy, boolean fencing) throws IOException {
        return simulate(policy, fencing, true);
    }

    /** quorumLost: the CIB says the partition lost quorum after having had it (no-quorum-panic="1"). */
    private CliRun simulate(String policy, boolean fencing, boolean quorumLost) throws IOException {
        String cib;
        try (InputStream in = getClass().getResourceAsStream("no-quorum.xml")) {
            cib = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!quorumLost) cib = cib.replace(" no-quorum-panic=\"1\"", "");
        Path file = dir.resolve(policy + "-" + fencing + "-" + quorumLost + ".xml");
        Files.writeString(file, cib.replace("POLICY", policy).replace("FENCING", Boolean.toString(fencing)));
        return CliRun.of("simulate", "--xml-file", file.toString());
    }

    @Test
    void stopStopsEverythingAndStartsNothing() throws IOException {
        assertEquals(
                List.of(
                        "* Stop Fencing ( node1 ) due to no quorum",
                        "* Stop A ( node1 ) due to no quorum",
                        "* Start B ( node2 ) due to no quorum (blocked)",
                        "* Stop db:0 ( Promoted node1 ) due to no quorum",
                        "* Stop db:1 ( Unpromoted node2 ) due to no quorum"),
                plan("stop", true));
    }

    @Test
    void freezeKeepsWhatRunsAndStartsNothingNew() throws IOException {
        assertEquals(List.of("* Start B ( node2 ) due to quorum freeze (blocked)"), plan("freeze", true));
    }

    @Test
    void ignoreKeepsWhatRunsAndStillStarts() throws IOException {
        assertEquals(List.of("* Start B ( node2 )"), plan("ignore", true));
    }

    @Test
    void demoteDemotesThePromotedInstanceAndStopsTheRest() throws IOException {
        assertEquals(
                List.of(
                        "* Stop Fencing ( node1 ) due to no quorum",
                        "* Stop A ( node1 ) due to no quorum",
                        "* Start B ( node2 ) due to no quorum (blocked)",
                        "* Demote db:0 ( Promoted -> Unpromoted node1 )"),
                plan("demote", true));
    }

    @Test
    void suicideFencesEveryNodeOfThePartition() throws IOException {
        List<String> plan = plan("suicide", true);
        assertEquals(
                List.of(
                        "* Fence (reboot) node1 'cluster does not have quorum'",
                        "* Fence (reboot) node2 'cluster does not have quorum'"),
                plan.stream().filter(l -> l.startsWith("* Fence")).toList(),
                plan.toString());
        assertTrue(plan.stream().noneMatch(l -> l.startsWith("* Start")), "nothing starts: " + plan);
        assertEquals(plan("fence", true), plan, "fence is another name for suicide");
    }

    @Test
    void suicideWithoutFencingIsStopWithAWarning() throws IOException {
        assertEquals(plan("stop", false), plan("suicide", false));
        assertTrue(
                simulate("suicide", false).out().contains("Warning: no-quorum-policy=suicide needs fencing"),
                simulate("suicide", false).out());
    }

    @Test
    void suicideDoesNotFenceAPartitionThatNeverHadQuorum() throws IOException {
        // As Pacemaker: without no-quorum-panic the partition never had quorum (a node booted alone) and stops
        // instead of fencing.
        CliRun neverQuorate = simulate("suicide", true, false);
        assertEquals(0, neverQuorate.code(), neverQuorate.err());
        assertFalse(neverQuorate.out().contains("* Fence"), neverQuorate.out());
        assertTrue(
                neverQuorate.out().matches("(?s).*\\* Stop\\s+A\\s+\\(\\s+node1 \\)\\s+due to no quorum.*"),
                neverQuorate.out());
        assertEquals(
                summaryOf(simulate("stop", true, false).out()),
                summaryOf(neverQuorate.out()),
                "never quorate: suicide is stop");
    }

    private static String summaryOf(String out) {
        return out.substring(out.indexOf("Transition Summary:"), out.indexOf("Revised Cluster Status:"));
    }
}
