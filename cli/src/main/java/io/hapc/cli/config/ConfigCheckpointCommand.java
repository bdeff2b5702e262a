package io.hapc.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.hapc.admin.CibEdit;
import io.hapc.admin.protocol.AdminReply;
import io.hapc.admin.protocol.AdminRequest;
import io.hapc.admin.protocol.ProtocolJson;
import io.hapc.cli.ExitCodes;
import io.hapc.cli.ExitCodes.CommandFailure;
import io.hapc.cli.OutputOption;
import io.hapc.cli.daemon.DaemonOptions;
import io.hapc.cli.daemon.DaemonReadOptions;
import io.hapc.cli.daemon.EditCommand;
import io.hapc.cli.daemon.Json;
import io.hapc.model.cib.Cib;
import io.hapc.model.cib.CibFormatException;
import io.hapc.model.xml.CibXmlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `hapc config checkpoint [list|view|diff|restore]`, as pcs's: the CIB's history as the node asked
 * keeps it (each configuration version it wrote, numbered; the last 100). Reads for list, view and
 * diff; restore is one edit through the DC (validated whole; the configuration before it stays a
 * checkpoint).
 */
@Command(
        name = "checkpoint",
        mixinStandardHelpOptions = true,
        description =
                "The CIB's history: numbered checkpoints of its configuration, with their dates (the last 100, as the node asked keeps them).",
        subcommands = {
            ConfigCheckpointCommand.ListCmd.class,
            ConfigCheckpointCommand.View.class,
            ConfigCheckpointCommand.Diff.class,
            ConfigCheckpointCommand.Restore.class
        })
public final class ConfigCheckpointCommand implements Callable<Integer> {
    @Mixin
    DaemonReadOptions read;

    @Override
    public Integer call() {
        return list(read.daemon(), read.output(), read.out());
    }

    /** A kept configuration version as the node lists it. */
    record Checkpoint(int number, String date, long adminEpoch, long epoch) {}

    static List<Checkpoint> checkpoints(DaemonOptions daemon) {
        AdminReply r = daemon.call(new AdminRequest.CheckpointList());
        if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
        try {
            List<Checkpoint> out = new ArrayList<>();
            for (JsonNode c : ProtocolJson.mapper().readTree(r.message())) {
                out.add(new Checkpoint(
                        c.path("number").asInt(),
                        c.path("date").asText(),
                        c.path("adminEpoch").asLong(),
                        c.path("epoch").asLong()));
            }
            return out;
        } catch (IOException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE, "hapcd answered an unreadable checkpoint list: " + e.getMessage(), e);
        }
    }

    static int list(DaemonOptions daemon, OutputOption output, PrintWriter out) {
        List<Checkpoint> all = checkpoints(daemon);
        if (output.json()) {
            Json.print(out, all);
            return ExitCodes.OK;
        }
        if (all.isEmpty()) out.println("No checkpoints available");
        for (Checkpoint c : all) {
            out.println("checkpoint " + c.number() + ": date " + c.date() + " (CIB " + c.adminEpoch() + ":" + c.epoch()
                    + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Checkpoint `number`'s XML, as the node keeps it. */
    static String xml(DaemonOptions daemon, int number) {
        AdminReply r = daemon.call(new AdminRequest.CheckpointGet(number));
        if (!r.ok()) throw new CommandFailure(r.exitCode(), r.message());
        return r.cibXml()
                .orElseThrow(() -> new CommandFailure(
                        ExitCodes.SYSTEM_FAILURE, "hapcd answered checkpoint " + number + " without its CIB"));
    }

    static Cib cib(DaemonOptions daemon, String which) {
        if (which.equals("live")) return daemon.fetch().cib();
        int number = number(which);
        try {
            return CibXmlReader.read(xml(daemon, number), "checkpoint " + number);
        } catch (CibFormatException e) {
            throw new CommandFailure(
                    ExitCodes.SYSTEM_FAILURE,
                    "checkpoint " + number + " is not a CIB hapc can read: " + e.getMessage(),
                    e);
        }
    }

    private static int number(String which) {
        try {
            int n = Integer.parseInt(which);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new CommandFailure(
                ExitCodes.INVALID_INPUT,
                "'" + which + "' is not a checkpoint: give its number (see `hapc config " + "checkpoint`) or live");
    }

    private static String label(String which) {
        return which.equals("live") ? "live configuration" : "checkpoint " + which;
    }

    /**
     * The lines only in `a` (prefixed "-") and only in `b` ("+"), in order: a longest common
     * subsequence of lines is what stays (configuration texts are short: quadratic is fine).
     */
    static List<String> diff(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (j == b.size() || (i < a.size() && common[i + 1][j] >= common[i][j + 1])) {
                out.add("-" + a.get(i++));
            } else {
                out.add("+" + b.get(j++));
            }
        }
        return out;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The checkpoints kept, oldest first, with their dates.")
    static final class ListCmd implements Callable<Integer> {
        @Mixin
        DaemonReadOptions read;

        @Override
        public Integer call() {
            return list(read.daemon(), read.output(), read.out());
        }
    }

    @Command(
            name = "view",
            mixinStandardHelpOptions = true,
            description = "Checkpoint N's configuration (as `hapc config` shows the live one).")
    static final class View implements Callable<Integer> {
        @Mixin
        DaemonReadOptions read;

        @Parameters(paramLabel = "N")
        String number;

        @Override
        public Integer call() {
            Cib cib = cib(read.daemon(), Integer.toString(number(number)));
            read.print(() -> ConfigCommand.json(cib), () -> ConfigCommand.text(cib));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "diff",
            mixinStandardHelpOptions = true,
            description =
                    "What differs between checkpoint N and checkpoint M, "
                            + "or the live configuration (live, the default): lines of N's `hapc config` with -, of M's with +.")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonOptions daemon;

        @Parameters(index = "0", paramLabel = "N", description = "A checkpoint's number, or live.")
        String from;

        @Parameters(
                index = "1",
                paramLabel = "M|live",
                arity = "0..1",
                defaultValue = "live",
                description = "Another (default: live).")
        String to;

        @Override
        public Integer call() {
            List<String> a = ConfigCommand.text(cib(daemon, from)).lines().toList();
            List<String> b = ConfigCommand.text(cib(daemon, to)).lines().toList();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Differences between " + label(from) + " (-) and " + label(to) + " (+):");
            List<String> lines = diff(a, b);
            if (lines.isEmpty()) out.println(" (none)");
            lines.forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "restore",
            mixinStandardHelpOptions = true,
            description = "Make checkpoint N's configuration the cluster's, as one "
                    + "CIB replacement through the DC (refused whole if it would not validate; the status stays live; the configuration "
                    + "before it is kept as a checkpoint).")
    static final class Restore implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonOptions daemon;

        @Parameters(paramLabel = "N")
        String number;

        @Override
        public Integer call() {
            int n = number(number);
            return EditCommand.print(
                    spec, daemon.call(new AdminRequest.Edit(new CibEdit.CheckpointRestore(n, xml(daemon, n)))));
        }
    }
}
