package io.hapc.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's commands run as written: every code block marked `<!-- runnable -->` is run line by
 * line from the repository root, in README's order, each line must exit 0. Lines the reader has
 * to complete (`<pid …>`, `…`) are left out, and so is the build itself (`mvn …`: this test runs
 * after it). HOME and TMPDIR are the test's own, so the sandbox and its files stay inside it.
 */
class ReadmeIT {
    @TempDir
    Path dir;

    private final Path demoState = Path.of("/tmp/hapc-x");
    private boolean demoStateExisted;

    static List<String> runnableLines(List<String> readme) {
        List<String> out = new ArrayList<>();
        boolean marked = false;
        boolean inBlock = false;
        for (String line : readme) {
            if (line.strip().equals("<!-- runnable -->")) {
                marked = true;
                continue;
            }
            if (marked && line.startsWith("    ")) {
                inBlock = true;
                String command = line.strip().replaceFirst("\\s{2,}#.*$", "");
                for (String part : command.split("&&")) {
                    String p = part.strip();
                    if (p.isEmpty() || p.startsWith("mvn ") || p.contains("<") || p.contains("…")) continue;
                    out.add(p);
                }
                continue;
            }
            if (inBlock || (marked && !line.isBlank())) {
                marked = false;
                inBlock = false;
            }
        }
        return out;
    }

    @AfterEach
    void cleanUp() throws Exception {
        run("bin/hapc sandbox stop");
        if (!demoStateExisted) Files.deleteIfExists(demoState);
    }

    private LocalCluster.Result run(String line) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", line).directory(LocalCluster.ROOT.toFile());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("TMPDIR", dir.toString());
        pb.environment().remove("HAPC_SOCKET");
        pb.environment().remove("HAPC_NODE");
        pb.environment().remove("HAPC_SANDBOX_DIR");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), line);
        return new LocalCluster.Result(
                p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void everyRunnableReadmeCommandRunsAsWrittenInAFreshCheckout() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/lib/ocf/resource.d/heartbeat/Dummy")), "needs resource-agents");
        demoStateExisted = Files.exists(demoState);
        List<String> lines = runnableLines(Files.readAllLines(LocalCluster.ROOT.resolve("README.md")));
        assertTrue(lines.contains("bin/hapc sandbox start --nodes 3"), "the main job is among them: " + lines);
        assertTrue(lines.size() >= 12, "README's runnable blocks were found: " + lines);
        for (String line : lines) {
            // a fresh clone has nothing beside it: a path out of the repository would fail there
            assertFalse(line.contains("../"), "README: `" + line + "` reaches outside the repository");
            LocalCluster.Result r = run(line);
            assertEquals(0, r.rc(), "README: `" + line + "` failed:\n" + r.out() + r.err());
            assertFalse(r.out().isBlank() && r.err().isBlank(), "README: `" + line + "` said nothing");
        }
    }

    @Test
    void theMarkedBlocksAreReadAsIntended() {
        List<String> lines = runnableLines(List.of(
                "text",
                "<!-- runnable -->",
                "",
                "    mvn -q package && bin/hapc a  # note",
                "    bin/hapc b",
                "    kill -9 <pid>",
                "",
                "more text",
                "    bin/hapc not-marked"));
        assertEquals(List.of("bin/hapc a", "bin/hapc b"), lines);
    }
}
