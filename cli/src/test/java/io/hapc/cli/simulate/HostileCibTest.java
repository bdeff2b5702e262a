package io.hapc.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hapc.cli.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, finding 9: `hapc simulate` on hostile XML. ~3,000 levels of nesting gave a
 * StackOverflowError trace and exit 1; 200 MB of small elements took 73 s and 6 GB before exit 3;
 * a long colocation chain overflowed the engine's stack. Now: exit 3 (or a decision) with a clear
 * message, in a JVM of at most 1 GiB.
 */
class HostileCibTest {

    private static final String NODES = "<nodes><node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/></nodes>";
    private static final String ONLINE =
            "<status><node_state id=\"1\" uname=\"n1\" in_ccm=\"true\" crmd=\"online\" join=\"member\" "
                    + "expected=\"member\"/><node_state id=\"2\" uname=\"n2\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"/></status>";
    private static final String OPTIONS =
            "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\" name=\"stonith-enabled\" "
                    + "value=\"false\"/><nvpair id=\"o2\" name=\"no-quorum-policy\" value=\"ignore\"/></cluster_property_set></crm_config>";

    @Test
    void threeThousandLevelsOfNestingAreInvalidInputNotATrace(@TempDir Path dir) throws Exception {
        Path deep = dir.resolve("deep.xml");
        Files.writeString(
                deep, "<cib>\n<configuration>" + "<x>".repeat(3000) + "</x>".repeat(3000) + "</configuration></cib>\n");
        CliRun r = CliRun.of("simulate", "--xml-file", deep.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(
                r.err().contains("line 2")
                        && r.err().contains("elements are nested deeper than 64 levels (column 205)"),
                r.err());
        assertFalse(r.err().contains("StackOverflow") || r.err().contains("\tat "), r.err());
    }

    @Test
    void aDoctypeIsInvalidInput(@TempDir Path dir) throws Exception {
        Path xxe = dir.resolve("xxe.xml");
        Files.writeString(
                xxe,
                "<?xml version=\"1.0\"?>\n<!DOCTYPE cib [<!ENTITY s SYSTEM \"file:///etc/passwd\">]>\n<cib a=\"&s;\"/>\n");
        CliRun r = CliRun.of("simulate", "--xml-file", xxe.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("not allowed in a CIB: a DOCTYPE"), r.err());
        assertFalse(r.err().contains("root:"), r.err());
    }

    /** Deep chains both ways round: dependents placed after primaries used to recurse once per link. */
    @Test
    void aColocationChainOfEightThousandResourcesIsDecided(@TempDir Path dir) throws Exception {
        int n = 8_000;
        StringBuilder b = new StringBuilder("<cib epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\"><configuration>"
                + OPTIONS + NODES + "<resources>");
        for (int i = 0; i < n; i++)
            b.append("<primitive id=\"r").append(i).append("\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>");
        b.append("</resources><constraints>");
        for (int i = 1; i < n; i++) {
            b.append("<rsc_colocation id=\"c")
                    .append(i)
                    .append("\" rsc=\"r")
                    .append(i - 1)
                    .append("\" with-rsc=\"r")
                    .append(i)
                    .append("\" score=\"INFINITY\"/>");
        }
        b.append("</constraints></configuration>").append(ONLINE).append("</cib>");
        Path chain = dir.resolve("chain.xml");
        Files.writeString(chain, b);
        CliRun r = CliRun.of("simulate", "--xml-file", chain.toString(), "--output", "json");
        assertEquals(0, r.code(), r.err().lines().limit(5).toList().toString());
        var placement = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.out())
                .path("placement");
        String first = placement.path("r0").path("node").asText();
        String last = placement.path("r7999").path("node").asText();
        assertTrue(
                first.matches("n\\d") && first.equals(last),
                "the whole chain on one node: r0 on " + first + ", r7999 on " + last);
    }

    /** A child JVM capped at 1 GiB reads 200 MB of small elements from a pipe: refused early, exit 3, no OutOfMemoryError. */
    @Test
    void twoHundredMegabytesOfSmallElementsAreRefusedEarlyWithinOneGibibyte() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(List.of(
                        java,
                        "-Xmx1g",
                        "-XX:+UseSerialGC",
                        "-cp",
                        classpath,
                        "io.hapc.cli.HapcCommand",
                        "simulate",
                        "--xml-file",
                        "/dev/stdin"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long total = 200_000_000L;
        AtomicLong written = new AtomicLong();
        Thread feeder = new Thread(() -> {
            byte[] head = "<cib><configuration><nodes>".getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = "<a/>".repeat(16_384).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = p.getOutputStream()) {
                out.write(head);
                while (written.get() < total) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
                out.write("</nodes></configuration></cib>".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the child stopped reading: what this test expects
            }
        });
        long t0 = System.nanoTime();
        feeder.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "simulate did not finish within 60 s");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        feeder.join(10_000);
        assertEquals(3, p.exitValue(), err);
        assertTrue(err.contains("too large or complex: the document has more than 500000 elements"), err);
        assertFalse(err.contains("OutOfMemoryError"), err);
        assertTrue(written.get() < 10_000_000L, "stopped reading early: " + written.get() + " bytes were taken");
        assertTrue(seconds < 30, "took " + seconds + " s");
    }
}
