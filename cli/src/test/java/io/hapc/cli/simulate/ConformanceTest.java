package io.hapc.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hapc.cli.HapcCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Runs `hapc simulate` on every case of Pacemaker's scheduler regression suite in ../shared and
 * compares the Transition Summary with Pacemaker's, as shared/tools/conformance.py does (the set
 * of lines, all whitespace removed). One dynamic test per case; a per-feature table at the end.
 * Cases known not to match are listed with the reason in docs/CONFORMANCE.md.
 */
class ConformanceTest {
    private static final Map<String, int[]> PER_FEATURE = new TreeMap<>();

    static Path sharedDir() {
        String prop = System.getProperty("hapc.shared.dir");
        return Path.of(prop != null ? prop : "../../shared").toAbsolutePath().normalize();
    }

    @TestFactory
    Stream<DynamicTest> everySharedCaseMatchesPacemaker() throws IOException {
        Path cases = sharedDir().resolve("pcmk-scheduler");
        assumeTrue(Files.isRegularFile(cases.resolve("INDEX.tsv")), "shared scheduler cases not found at " + cases);
        List<DynamicTest> tests = new ArrayList<>();
        for (String row : Files.readAllLines(cases.resolve("INDEX.tsv"))) {
            String[] parts = row.split("\t", -1);
            if (parts.length < 2 || parts[0].equals("feature")) continue;
            String feature = parts[0];
            String name = parts[1];
            List<String> extra = parts.length > 2 && !parts[2].isBlank()
                    ? Arrays.asList(parts[2].trim().split("\\s+"))
                    : List.of();
            tests.add(DynamicTest.dynamicTest(feature + "/" + name, () -> {
                Path xml = cases.resolve(feature).resolve(name + ".xml");
                String expected = Files.readString(cases.resolve(feature).resolve(name + ".summary"));
                List<String> args = new ArrayList<>(List.of("simulate", "--xml-file", xml.toString()));
                args.addAll(extra);
                String got = run(args);
                boolean ok = got.contains("Transition Summary:")
                        && section(got, "Transition Summary:").equals(section(expected, "Transition Summary:"));
                int[] tally = PER_FEATURE.computeIfAbsent(feature, k -> new int[2]);
                tally[1]++;
                if (ok) tally[0]++;
                assertEquals(
                        section(expected, "Transition Summary:"),
                        section(got, "Transition Summary:"),
                        "Transition Summary differs from Pacemaker's for " + feature + "/" + name);
            }));
        }
        assertTrue(tests.size() >= 80, "expected the 83 shared cases, found " + tests.size());
        return tests.stream();
    }

    @AfterAll
    static void printTable() {
        int passed = 0;
        int total = 0;
        StringBuilder sb = new StringBuilder("\nConformance with Pacemaker's scheduler cases:\n");
        for (var e : PER_FEATURE.entrySet()) {
            sb.append(String.format("  %-28s %3d/%-3d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
            passed += e.getValue()[0];
            total += e.getValue()[1];
        }
        if (total > 0)
            sb.append(String.format("  conformance %d/%d = %.0f%%%n", passed, total, 100.0 * passed / total));
        System.out.println(sb);
    }

    private static String run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HapcCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args.toArray(String[]::new));
        return rc == 0 ? out.toString() : "exit " + rc + ": " + err;
    }

    /** The lines of a section, each with all whitespace removed, sorted. */
    static List<String> section(String text, String title) {
        List<String> out = new ArrayList<>();
        boolean on = false;
        for (String line : text.split("\n")) {
            if (line.strip().equals(title)) {
                on = true;
                continue;
            }
            if (on && !line.isEmpty() && !line.startsWith(" ")) break;
            if (on && !line.isBlank()) out.add(line.replaceAll("\\s+", ""));
        }
        return out.stream().sorted().collect(Collectors.toList());
    }
}
